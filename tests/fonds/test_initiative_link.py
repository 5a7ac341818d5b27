"""An initiative's page shows its applications to the fund, and its team a way to apply."""

import pytest
from django.urls import reverse

from fonds.models import Status
from initiatieven.models import Status as InitiativeStatus
from tests.initiatieven.factories import InitiativeFactory
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_initiative_page_links_to_its_applications(client, make_application, applicant, wijk):
    initiative = InitiativeFactory(
        status=InitiativeStatus.GEPUBLICEERD, initiator=applicant, wijk=wijk
    )
    url = reverse("initiatieven:detail", args=[initiative.pk])
    apply_url = reverse("fonds:apply") + f"?initiatief={initiative.pk}"

    assert "Leefbaarheidsfonds" not in client.get(url).content.decode()  # nothing to show
    client.force_login(applicant)
    page = client.get(url).content.decode()
    assert apply_url in page  # the team may apply for it

    concept = make_application(initiative=initiative, title="Nog een concept")
    submitted = make_application(status=Status.IN_BEHANDELING, initiative=initiative)
    page = client.get(url).content.decode()
    assert submitted.reference in page and concept.title not in page
    assert reverse("fonds:mine_detail", args=[submitted.pk]) in page

    client.force_login(UserFactory(role="huurder"))
    page = client.get(url).content.decode()
    assert submitted.reference in page and apply_url not in page
    assert reverse("fonds:mine_detail", args=[submitted.pk]) not in page


def test_apply_for_an_initiative_prefills_it(client, applicant, wijk):
    initiative = InitiativeFactory(
        status=InitiativeStatus.GEPUBLICEERD, initiator=applicant, wijk=wijk
    )
    client.force_login(applicant)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=applicant, email=applicant.email, defaults={"verified": True, "primary": True}
    )
    page = client.get(reverse("fonds:apply") + f"?initiatief={initiative.pk}").content.decode()
    assert f'<option value="{initiative.pk}" selected>' in page
