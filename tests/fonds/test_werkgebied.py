"""For roles that reach every wijk, the werkgebied is "my wijken": the fund queue starts
on it (all wijken one click away), and messages about a wijk go to the people of a role
who have it, to all of the role when no one has."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from fonds import services
from fonds.models import Application, FundSettings, Status
from fonds.tasks import term_watch
from portal.models import Notification
from tests.portal.factories import UserFactory

from .conftest import staff_client

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def two_applications(make_application, other_wijk):
    mine = make_application(status=Status.INGEDIEND, title="Bankje in mijn wijk")
    other = make_application(status=Status.INGEDIEND, title="Speeltuin elders", wijk=other_wijk)
    return mine, other


def test_the_queue_starts_on_my_wijken_and_shows_all_on_request(
    client, two_applications, reviewer, wijk, other_wijk
):
    reviewer.werkgebied.add(wijk)
    staff = staff_client(client, reviewer)
    index = reverse("fonds_application:index")

    page = staff.get(index).content.decode()
    assert "Bankje in mijn wijk" in page and "Speeltuin elders" not in page
    assert "Alle wijken tonen" in page and "alle_wijken=1" in page

    page = staff.get(index + "?alle_wijken=1").content.decode()
    assert "Bankje in mijn wijk" in page and "Speeltuin elders" in page
    assert "Alleen mijn wijken tonen" in page

    # A wijk chosen in the filters wins over the default.
    page = staff.get(index + f"?wijk={other_wijk.pk}").content.decode()
    assert "Speeltuin elders" in page and "Bankje in mijn wijk" not in page


def test_without_a_werkgebied_the_queue_shows_every_wijk(client, two_applications, reviewer):
    page = staff_client(client, reviewer).get(reverse("fonds_application:index")).content
    page = page.decode()
    assert "Bankje in mijn wijk" in page and "Speeltuin elders" in page
    assert "Alle wijken tonen" not in page


def test_a_wijkbeheerder_is_limited_to_the_werkgebied_without_a_choice(
    client, two_applications, wijk
):
    wijkbeheerder = UserFactory(role="wijkbeheerder")
    wijkbeheerder.werkgebied.add(wijk)
    staff = staff_client(client, wijkbeheerder)
    page = staff.get(reverse("fonds_application:index") + "?alle_wijken=1").content.decode()
    assert "Bankje in mijn wijk" in page and "Speeltuin elders" not in page
    assert "Alle wijken tonen" not in page


def _proposed(application, applicant, reviewer, proposer):
    FundSettings.objects.create(confirmation_threshold=Decimal("100"))
    services.application_submit(application=application, user=applicant)
    services.application_acknowledge(application=application, user=reviewer)
    services.application_start_review(application=application, user=reviewer)
    services.application_propose(
        application=application, user=proposer, outcome="toegekend", reason="Goed plan"
    )


def _told(event):
    return set(Notification.objects.filter(event=event).values_list("recipient_id", flat=True))


def test_confirmation_goes_to_coordinators_with_the_wijk_in_their_werkgebied(
    fund_year, make_application, applicant, reviewer, coordinator, second_coordinator, wijk
):
    third = UserFactory(role="coordinator")
    second_coordinator.werkgebied.add(wijk)
    _proposed(make_application(), applicant, reviewer, coordinator)
    assert _told("fund_confirmation") == {second_coordinator.pk}
    assert third.pk not in _told("fund_confirmation")


def test_confirmation_goes_to_all_coordinators_when_no_one_has_the_wijk(
    fund_year, make_application, applicant, reviewer, coordinator, second_coordinator, other_wijk
):
    third = UserFactory(role="coordinator")
    third.werkgebied.add(other_wijk)
    _proposed(make_application(), applicant, reviewer, coordinator)
    # Not the proposer: the second pair of eyes.
    assert _told("fund_confirmation") == {second_coordinator.pk, third.pk}


def test_the_term_watch_escalates_to_the_coordinators_of_the_wijk(
    make_application, reviewer, coordinator, second_coordinator, wijk
):
    second_coordinator.werkgebied.add(wijk)
    application = make_application(status=Status.IN_BEHANDELING, reviewer=reviewer)
    due = dt.datetime(2026, 5, 7, 17, 0, tzinfo=AMS)
    Application.objects.filter(pk=application.pk).update(answer_due=due)
    with time_machine.travel(dt.datetime(2026, 5, 8, 7, 0, tzinfo=AMS), tick=False):
        assert term_watch()["escalated"] == 1
    assert _told("fund_term_escalated") == {second_coordinator.pk}
