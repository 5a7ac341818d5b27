"""What an accountability report does to the money: approval frees the tranche that waited
for it, less spent than granted releases the difference from the open tranches, less
spent than paid reclaims the difference (booked when it comes back), and an activity
that did not happen closes the grant with its open money released and its paid money
reclaimed. The ledger's totals are checked after each."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fonds import services
from fonds.models import Letter, Reclaim, ReportStatus, Status
from fonds.models.payouts import PayoutStatus
from portal.models import Notification
from tests.portal.factories import UserFactory

from .report_helpers import fill, grant

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def backoffice(db):
    return UserFactory(role="ondersteuner-sociaal-beheer")


@pytest.fixture
def granted(fund_year, make_application, applicant, reviewer):
    """A grant of € 1.000 (lines: € 1.000 and € 50, own money € 50) with its plan:
    an advance of 70 % and the rest after the report."""
    return grant(make_application, applicant, reviewer, amount=D("1000.00"))


def _pay(payout, backoffice, coordinator):
    payout = services.payout_prepare(payout=payout, user=backoffice)
    payout = services.payout_approve(payout=payout, user=coordinator)
    services.payouts_into_batch(payouts=[payout], batch=None, user=backoffice)
    return services.payout_paid(payout=payout, paid_on=timezone.localdate(), user=backoffice)


def _tranches(application):
    return {p.kind: p for p in application.payouts.order_by("number")}


def _spend(report, applicant, total: Decimal):
    """Fill the report so that the activity cost `total` (all on the first line)."""
    lines = list(report.application.budget_lines.order_by("pk"))
    spent = {line.description: D("0") for line in lines}
    spent[lines[0].description] = total
    fill(report, applicant, spent=spent)
    services.report_submit(report=report, user=applicant)


def _money(application):
    m = services.application_money(application)
    return {key: m[key] for key in ("used", "paid_out", "open", "released", "reclaimed")}


def test_the_plan_and_the_report_open_at_the_grant(granted):
    application, report = granted
    plan = _tranches(application)
    assert plan["voorschot"].amount == D("700.00") and not plan["voorschot"].after_report
    assert plan["restant"].amount == D("300.00") and plan["restant"].after_report
    assert report.status == ReportStatus.OPEN


def test_approval_frees_the_rest(granted, applicant, reviewer, backoffice, coordinator):
    application, report = granted
    rest = _tranches(application)["restant"]
    with pytest.raises(ValidationError):
        services.payout_prepare(payout=rest, user=backoffice)
    _spend(report, applicant, D("1100.00"))  # spent more than granted: nothing changes
    services.report_approve(report=report, user=reviewer)
    report.refresh_from_db()
    assert report.status == ReportStatus.GOEDGEKEURD and report.reviewed_by == reviewer
    assert services.payout_prepare(payout=rest, user=backoffice).status == PayoutStatus.KLAAR
    assert _money(application)["open"] == D("1000.00")
    assert not Reclaim.objects.exists()
    assert Notification.objects.filter(recipient=applicant, title__contains="goedgekeurd").exists()


def test_less_spent_than_granted_releases_the_difference(
    granted, applicant, reviewer, backoffice, coordinator, fund_year
):
    application, report = granted
    _pay(_tranches(application)["voorschot"], backoffice, coordinator)
    _spend(report, applicant, D("850.00"))
    services.report_approve(report=report, user=reviewer)
    rest = _tranches(application)["restant"]
    assert rest.amount == D("150.00") and rest.status == PayoutStatus.GEPLAND
    assert _money(application) == {
        "used": D("850.00"),
        "paid_out": D("700.00"),
        "open": D("150.00"),
        "released": D("150.00"),
        "reclaimed": D("0.00"),
    }
    assert not Reclaim.objects.exists()
    from fonds.selectors import budget_position

    assert budget_position(fund_year).committed == D("850.00")


def test_less_spent_than_paid_reclaims_the_difference(
    granted, applicant, reviewer, backoffice, coordinator
):
    application, report = granted
    advance = _pay(_tranches(application)["voorschot"], backoffice, coordinator)
    _spend(report, applicant, D("500.00"))
    services.report_approve(report=report, user=reviewer)
    assert _tranches(application)["restant"].status == PayoutStatus.GEANNULEERD
    reclaim = Reclaim.objects.get(application=application)
    assert reclaim.amount == D("200.00") and reclaim.status == Reclaim.Status.OPEN
    advance.refresh_from_db()
    assert advance.status == PayoutStatus.TERUGGEVORDERD
    assert _money(application) == {
        "used": D("700.00"),
        "paid_out": D("700.00"),
        "open": D("0.00"),
        "released": D("300.00"),
        "reclaimed": D("0.00"),
    }
    # The money comes back: booked, and the grant is what was spent.
    services.reclaim_received(reclaim=reclaim, received_on=timezone.localdate(), user=backoffice)
    assert _money(application) == {
        "used": D("500.00"),
        "paid_out": D("500.00"),
        "open": D("0.00"),
        "released": D("300.00"),
        "reclaimed": D("200.00"),
    }
    notice = Notification.objects.filter(recipient=applicant, title__contains="goedgekeurd").get()
    assert "terugbetalen" in notice.body


def test_approving_twice_settles_once(granted, applicant, reviewer, backoffice, coordinator):
    application, report = granted
    _pay(_tranches(application)["voorschot"], backoffice, coordinator)
    _spend(report, applicant, D("500.00"))
    services.report_approve(report=report, user=reviewer)
    with pytest.raises(ValidationError):
        services.report_approve(report=report, user=reviewer)
    assert Reclaim.objects.count() == 1
    assert _money(application)["released"] == D("300.00")


def test_the_applicant_says_it_did_not_happen_after_the_advance(
    granted, applicant, backoffice, coordinator
):
    application, report = granted
    _pay(_tranches(application)["voorschot"], backoffice, coordinator)
    with pytest.raises(ValidationError):
        services.report_not_happened(report=report, user=applicant, reason=" ")
    services.report_not_happened(report=report, user=applicant, reason="Het regende de hele dag.")
    report.refresh_from_db()
    application.refresh_from_db()
    assert report.status == ReportStatus.NIET_DOORGEGAAN
    assert application.status == Status.VERVALLEN
    assert _tranches(application)["restant"].status == PayoutStatus.GEANNULEERD
    reclaim = Reclaim.objects.get(application=application)
    assert reclaim.amount == D("700.00") and reclaim.created_by is None
    assert _money(application) == {
        "used": D("700.00"),
        "paid_out": D("700.00"),
        "open": D("0.00"),
        "released": D("300.00"),
        "reclaimed": D("0.00"),
    }
    reasons = list(application.history.values_list("history_change_reason", flat=True))
    assert any("niet doorgegaan" in (reason or "") for reason in reasons)
    assert Notification.objects.filter(recipient=applicant, title__contains="afgesloten").exists()


def test_not_happened_before_any_payment_releases_everything(granted, applicant):
    application, report = granted
    services.report_not_happened(report=report, user=applicant, reason="Geen vrijwilligers.")
    assert not Reclaim.objects.exists()
    assert _money(application) == {
        "used": D("0.00"),
        "paid_out": D("0.00"),
        "open": D("0.00"),
        "released": D("1000.00"),
        "reclaimed": D("0.00"),
    }
    assert set(application.payouts.values_list("status", flat=True)) == {PayoutStatus.GEANNULEERD}
    # Closed: nothing more can be said or done on the report.
    with pytest.raises(ValidationError):
        services.report_not_happened(report=report, user=applicant, reason="Nog eens.")


def test_post_applicant_closed_by_staff_gets_letters(
    fund_year, make_application, applicant, reviewer, backoffice, coordinator
):
    application, report = grant(
        make_application, applicant, reviewer, amount=D("1000.00"), contact_channel="brief"
    )
    _pay(_tranches(application)["voorschot"], backoffice, coordinator)
    before = Letter.objects.filter(application=application).count()
    # The tenant phoned: staff record it (no final reminder needed for post and phone).
    services.report_not_happened(report=report, user=reviewer, reason="Telefonisch: afgelast.")
    subjects = list(
        Letter.objects.filter(application=application)
        .order_by("pk")
        .values_list("subject", flat=True)[before:]
    )
    assert any("terug" in subject for subject in subjects)  # the reclaim letter
    assert any("afgesloten" in subject for subject in subjects)
    assert Reclaim.objects.get(application=application).created_by == reviewer
