"""Groups and the fund: the fund form's "Voor een bewonersgroep" chooses one of the
resident's own groups (old typed names stay readable), the group's page lists its public
applications and their initiatives, and the moderator's pages show the advice requests."""

from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from fonds.models import Application, Status
from tests.fonds.test_views import _data
from tests.initiatieven.factories import PillarFactory
from tests.participatie.conftest import add_member, make_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def pillar(db):
    return PillarFactory()


def test_fund_form_offers_only_my_active_groups(client, group, make_group, resident, wijk, pillar):
    add_member(group, resident)
    other = make_group(name="Andermans groep")
    client.force_login(resident)
    page = client.get(reverse("fonds:apply")).content.decode()
    assert group.name in page and other.name not in page
    # Another group's id typed into the form: refused, nothing saved.
    response = client.post(
        reverse("fonds:apply"),
        _data(wijk, pillar, applicant_kind="groep", resident_group=other.pk, opslaan="1"),
    )
    assert response.status_code in (200, 400) and not Application.objects.exists()
    response = client.post(
        reverse("fonds:apply"),
        _data(wijk, pillar, applicant_kind="groep", resident_group=group.pk, opslaan="1"),
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.resident_group == group and application.group_name == group.name


def test_submitting_for_a_group_needs_the_group(client, resident, wijk, pillar):
    client.force_login(resident)
    response = client.post(
        reverse("fonds:apply"), _data(wijk, pillar, applicant_kind="groep", indienen="1")
    )
    assert "Kies de bewonersgroep" in response.content.decode()
    assert not Application.objects.filter(status=Status.INGEDIEND).exists()


def test_old_typed_names_are_linked_where_unambiguous(group, resident, wijk, pillar):
    add_member(group, resident)
    application = Application.objects.create(
        applicant=resident,
        title="Tuindag",
        wijk=wijk,
        pillar=pillar,
        applicant_kind="groep",
        group_name=f"  {group.name.upper()} ",
    )
    unknown = Application.objects.create(
        applicant=resident,
        title="Iets anders",
        wijk=wijk,
        pillar=pillar,
        applicant_kind="groep",
        group_name="Een groep die niet bestaat",
    )
    migration = import_module("fonds.migrations.0015_link_group_names")
    migration.link(django_apps, None)
    application.refresh_from_db()
    unknown.refresh_from_db()
    assert application.resident_group == group
    assert unknown.resident_group is None and unknown.group_name == "Een groep die niet bestaat"


def test_group_page_lists_its_public_applications(client, group, resident, wijk, pillar):
    submitted = Application.objects.create(
        applicant=resident,
        title="Tuindag",
        wijk=wijk,
        pillar=pillar,
        applicant_kind="groep",
        resident_group=group,
        status=Status.TOEGEKEND,
        reference="LF-2026-0042",
        granted_amount=Decimal("350.00"),
        submitted_at=timezone.now(),
    )
    Application.objects.create(
        applicant=resident,
        title="Geheim concept",
        wijk=wijk,
        pillar=pillar,
        applicant_kind="groep",
        resident_group=group,
    )
    page = client.get(group.get_absolute_url()).content.decode()
    assert submitted.reference in page and "350,00" in page
    assert "Geheim concept" not in page


def test_moderator_home_links_to_advice_requests(client, group, resident, wijk, pillar):
    moderator = make_moderator(group)
    asked = Application.objects.create(
        applicant=resident,
        title="Speeltoestel",
        wijk=wijk,
        pillar=pillar,
        status=Status.ADVIES_HWZ,
        reference="LF-2026-0043",
        submitted_at=timezone.now(),
        answer_due=timezone.now() + timezone.timedelta(days=10),
    )
    client.force_login(moderator)
    page = client.get(reverse("participatie:moderator")).content.decode()
    assert "Speeltoestel" in page and reverse("fonds:advice", args=[asked.pk]) in page
