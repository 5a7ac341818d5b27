"""An initiative's kept public page shows a new application to the fund at once
(portal.page_cache; fonds.signals)."""

import pytest
from django.urls import reverse

from fonds.models import Status
from initiatieven.models import Status as InitiativeStatus
from tests.initiatieven.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_an_application_shows_on_the_kept_initiative_page(
    client, make_application, applicant, wijk, django_assert_num_queries
):
    initiative = InitiativeFactory(
        status=InitiativeStatus.GEPUBLICEERD, initiator=applicant, wijk=wijk
    )
    url = reverse("initiatieven:detail", args=[initiative.pk])
    client.get(url)
    with django_assert_num_queries(0):
        assert "Leefbaarheidsfonds" not in client.get(url).content.decode()
    submitted = make_application(status=Status.IN_BEHANDELING, initiative=initiative)
    assert submitted.reference in client.get(url).content.decode()
