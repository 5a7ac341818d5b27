"""The staff queue (scoped, most urgent first) and the daily term watch."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from fonds.models import Application, Status
from fonds.tasks import term_watch
from portal.models import Notification
from tests.portal.factories import UserFactory

from .conftest import staff_client

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


def test_queue_is_scoped_and_most_urgent_first(client, make_application, other_wijk):
    now = timezone.now()
    later = make_application(status=Status.IN_BEHANDELING, title="Later")
    sooner = make_application(status=Status.INGEDIEND, title="Eerder")
    elsewhere = make_application(status=Status.INGEDIEND, title="Elders", wijk=other_wijk)
    Application.objects.filter(pk=later.pk).update(answer_due=now + dt.timedelta(days=9))
    Application.objects.filter(pk=sooner.pk).update(acknowledge_due=now + dt.timedelta(days=1))
    reviewer = UserFactory(role="wijkbeheerder")
    reviewer.werkgebied.add(later.wijk)
    page = staff_client(client, reviewer).get(reverse("fonds_application:index")).content.decode()
    assert "Eerder" in page and "Later" in page and "Elders" not in page
    assert page.index("Eerder") < page.index("Later")
    url = reverse("fonds_application:inspect", args=[elsewhere.pk])
    assert client.get(url).status_code == 404


def test_residents_do_not_reach_the_queue(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("fonds_application:index")).status_code == 302


def test_term_watch_warns_once_and_escalates(make_application, reviewer, coordinator):
    application = make_application(status=Status.IN_BEHANDELING, reviewer=reviewer)
    # Due at the end of Thursday 7 May 2026.
    due = dt.datetime(2026, 5, 7, 17, 0, tzinfo=AMS)
    Application.objects.filter(pk=application.pk).update(answer_due=due)
    with time_machine.travel(dt.datetime(2026, 5, 5, 7, 0, tzinfo=AMS), tick=False):
        assert term_watch() == {"warned": 0, "escalated": 0, "reminded": 0, "passed": 0}
    with time_machine.travel(dt.datetime(2026, 5, 6, 7, 0, tzinfo=AMS), tick=False):
        assert term_watch() == {"warned": 1, "escalated": 0, "reminded": 0, "passed": 0}
        # once per term
        assert term_watch() == {"warned": 0, "escalated": 0, "reminded": 0, "passed": 0}
    assert Notification.objects.get(event="fund_term_warning").recipient == reviewer
    with time_machine.travel(dt.datetime(2026, 5, 8, 7, 0, tzinfo=AMS), tick=False):
        assert term_watch() == {"warned": 0, "escalated": 1, "reminded": 0, "passed": 0}
        assert term_watch() == {"warned": 0, "escalated": 0, "reminded": 0, "passed": 0}
    assert Notification.objects.get(event="fund_term_escalated").recipient == coordinator


def test_a_paused_application_is_not_warned(make_application, reviewer):
    application = make_application(status=Status.WACHT_OP_AANVRAGER, reviewer=reviewer)
    Application.objects.filter(pk=application.pk).update(
        answer_due=timezone.now() - dt.timedelta(days=3), paused_since=timezone.now()
    )
    assert term_watch() == {"warned": 0, "escalated": 0, "reminded": 0, "passed": 0}


def test_review_and_decide_through_the_admin(
    client, make_application, applicant, fund_year, coordinator, second_coordinator
):
    from decimal import Decimal

    from fonds import services
    from fonds.models import FundSettings

    FundSettings.objects.create(confirmation_threshold=Decimal("100"))
    application = make_application()
    services.application_submit(application=application, user=applicant)
    reviewer = UserFactory(role="wijkbeheerder")
    reviewer.werkgebied.add(application.wijk)
    staff = staff_client(client, reviewer)

    def act(name, **data):
        return staff.post(reverse("fonds_application:action", args=[application.pk, name]), data)

    inspect = reverse("fonds_application:inspect", args=[application.pk])
    assert "Ontvangst bevestigen" in staff.get(inspect).content.decode()
    act("acknowledge")
    act("start_review")
    act("checklist", fits_pillar="ja", benefits_residents="ja", cofinancing_present="nee")
    application.refresh_from_db()
    assert application.reviewer == reviewer and application.fits_pillar is True
    assert application.cofinancing_present is False
    assert application.no_commercial_or_political_aim is None
    # Above the threshold a decision at once is refused with a message; proposing works.
    response = staff.post(
        reverse("fonds_application:action", args=[application.pk, "decide"]),
        {"outcome": "toegekend"},
        follow=True,
    )
    assert "tweede persoon" in response.content.decode()
    act("propose", outcome="deels_toegekend", amount="1.250", reason="Te hoog")
    application.refresh_from_db()
    assert application.status == Status.IN_BEHANDELING  # 1.250 is more than was asked
    act("propose", outcome="deels_toegekend", amount="400,50", reason="Huur valt af")
    application.refresh_from_db()
    assert application.status == Status.BESLUIT_VOORGESTELD
    assert application.proposed_amount == Decimal("400.50")
    page = staff_client(client, coordinator).get(inspect).content.decode()
    assert "Besluit bevestigen" in page and "Huur valt af" in page
    client.post(reverse("fonds_application:action", args=[application.pk, "confirm"]))
    application.refresh_from_db()
    assert application.status == Status.DEELS_TOEGEKEND
    assert application.confirmed_by == coordinator
    assert "Vastgelegd" in client.get(inspect).content.decode()


def test_admin_actions_of_another_wijk_are_404(client, make_application, other_wijk):
    application = make_application(status=Status.INGEDIEND)
    outsider = UserFactory(role="wijkbeheerder")
    outsider.werkgebied.add(other_wijk)
    staff = staff_client(client, outsider)
    url = reverse("fonds_application:action", args=[application.pk, "acknowledge"])
    assert staff.post(url).status_code == 404
    application.refresh_from_db()
    assert application.status == Status.INGEDIEND


def test_queue_search_by_reference_or_title(client, make_application, reviewer):
    one = make_application(status=Status.INGEDIEND, title="Zomerfeest")
    two = make_application(status=Status.INGEDIEND, title="Winterwandeling")
    Application.objects.filter(pk=one.pk).update(reference="LF-2026-00011")
    Application.objects.filter(pk=two.pk).update(reference="LF-2026-00120")
    c = staff_client(client, reviewer)
    index = reverse("fonds_application:index")

    def found(q):
        page = c.get(index, {"q": q}).content.decode()
        return {t for t in ("Zomerfeest", "Winterwandeling") if t in page}

    assert found("lf-2026-00011") == {"Zomerfeest"}
    assert found("LF-2026-001") == {"Winterwandeling"}
    assert found("LF-2026-0") == {"Zomerfeest", "Winterwandeling"}
    assert found("winter") == {"Winterwandeling"}


def test_reviewer_is_chosen_and_can_be_reassigned(client, make_application, reviewer, other_wijk):
    from fonds.models import ConflictOfInterest

    application = make_application(status=Status.ONTVANGEN)
    colleague = UserFactory(role="sociaal-beheerder")
    stepped_aside = UserFactory(role="sociaal-beheerder")
    ConflictOfInterest.objects.create(application=application, user=stepped_aside, reason="Buur")
    outsider = UserFactory(role="wijkbeheerder")
    outsider.werkgebied.add(other_wijk)
    c = staff_client(client, reviewer)
    inspect = reverse("fonds_application:inspect", args=[application.pk])
    page = c.get(inspect).content.decode()

    def offered(person):
        return f'<option value="{person.pk}"' in page

    assert offered(colleague) and offered(reviewer)
    assert not offered(stepped_aside) and not offered(outsider)
    action = reverse("fonds_application:action", args=[application.pk, "start_review"])
    c.post(action, {"reviewer": colleague.pk})
    application.refresh_from_db()
    assert application.status == Status.IN_BEHANDELING and application.reviewer == colleague
    assert Notification.objects.filter(recipient=colleague, event="fund_review_update").exists()

    assign = reverse("fonds_application:action", args=[application.pk, "assign"])
    c.post(assign, {"reviewer": outsider.pk})  # cannot reach the wijk: refused
    application.refresh_from_db()
    assert application.reviewer == colleague
    c.post(assign, {"reviewer": reviewer.pk})
    application.refresh_from_db()
    assert application.reviewer == reviewer
    assert application.history.filter(history_change_reason__startswith="Behandelaar").exists()


def test_queue_search_finds_the_applicant_by_name_or_email(client, make_application, reviewer):
    resident = UserFactory(
        role="huurder", first_name="Fatima", last_name="El Amrani", email="fatima@voorbeeld.nl"
    )
    make_application(status=Status.INGEDIEND, title="Zomerfeest", applicant=resident)
    make_application(
        status=Status.INGEDIEND, title="Winterwandeling", applicant=None, contact_name="J. Janssen"
    )
    make_application(status=Status.INGEDIEND, title="Voorjaarsmarkt")
    c = staff_client(client, reviewer)
    index = reverse("fonds_application:index")

    def found(q):
        page = c.get(index, {"q": q}).content.decode()
        return {t for t in ("Zomerfeest", "Winterwandeling", "Voorjaarsmarkt") if t in page}

    assert found("fatima el amrani") == {"Zomerfeest"}
    assert found("Amrani") == {"Zomerfeest"}
    assert found("fatima@voorbeeld") == {"Zomerfeest"}
    assert found("janssen") == {"Winterwandeling"}  # the tenant of an assisted intake
    assert found("fatima winter") == set()
    assert found("markt") == {"Voorjaarsmarkt"}
