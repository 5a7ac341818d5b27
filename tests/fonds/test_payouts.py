"""Payouts in tranches: the plan at grant, every move of the state machine allowed and
refused per role, four eyes, and the ledger's totals after each kind of event."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fonds import services
from fonds.models import AccountabilityReport, FundSettings, LedgerEntry, Status
from fonds.models.payouts import Payout, PayoutStatus, Reclaim
from fonds.models.reports import ReportStatus
from fonds.selectors import budget_position
from portal.models import Notification
from tests.fonds.payout_helpers import granted, money
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

S = PayoutStatus


@pytest.fixture
def backoffice(db):
    return UserFactory(role="ondersteuner-sociaal-beheer")


@pytest.fixture
def other_backoffice(db):
    return UserFactory(role="ondersteuner-sociaal-beheer")


@pytest.fixture
def grant(fund_year, make_application, coordinator):
    application = granted(make_application, coordinator)
    services.payout_plan_create(application=application, user=coordinator)
    return application


def tranches(application):
    return list(application.payouts.order_by("number"))


def approve_report(application):
    AccountabilityReport.objects.create(
        application=application, status=ReportStatus.GOEDGEKEURD, due_date=timezone.localdate()
    )


def pay(payout, backoffice, coordinator, paid_on=None):
    payout = services.payout_prepare(payout=payout, user=backoffice)
    payout = services.payout_approve(payout=payout, user=coordinator)
    services.payouts_into_batch(payouts=[payout], batch=None, user=backoffice)
    return services.payout_paid(
        payout=payout, paid_on=paid_on or timezone.localdate(), user=backoffice
    )


# --- the plan -------------------------------------------------------------------------


def test_plan_at_grant_is_an_advance_and_the_rest_after_the_report(grant, coordinator):
    advance, rest = tranches(grant)
    assert (advance.kind, advance.amount, advance.after_report) == (
        Payout.Kind.ADVANCE,
        Decimal("700.00"),
        False,
    )
    assert advance.due_date == timezone.localdate()
    assert (rest.kind, rest.amount, rest.after_report) == (
        Payout.Kind.REST,
        Decimal("300.00"),
        True,
    )
    assert rest.due_date == timezone.localdate() + dt.timedelta(weeks=8)
    assert advance.end_to_end_id == f"FW-{grant.reference}-1"
    assert len(rest.end_to_end_id) <= 35
    assert {p.status for p in (advance, rest)} == {S.GEPLAND}
    assert advance.history.first().history_user == coordinator
    # A second call (a double click) makes no second plan.
    again = services.payout_plan_create(application=grant, user=coordinator)
    assert [p.pk for p in again] == [advance.pk, rest.pk]
    assert grant.payouts.count() == 2


def test_a_full_advance_is_one_tranche(fund_year, make_application, coordinator):
    settings = FundSettings.load()
    settings.advance_percentage = 100
    settings.save()
    application = granted(make_application, coordinator, amount=Decimal("333.33"))
    (only,) = services.payout_plan_create(application=application, user=coordinator)
    assert (only.amount, only.after_report) == (Decimal("333.33"), False)


def test_the_rest_is_due_after_the_activity(fund_year, make_application, coordinator):
    day = timezone.localdate() + dt.timedelta(days=30)
    application = granted(make_application, coordinator, activity_date=day)
    rest = services.payout_plan_create(application=application, user=coordinator)[1]
    assert rest.due_date == day + dt.timedelta(weeks=8)


def test_deciding_a_grant_makes_its_plan(fund_year, make_application, reviewer):
    application = make_application(status=Status.IN_BEHANDELING, amount=Decimal("400"))
    services.application_decide(
        application=application, user=reviewer, outcome="toegekend", reason="Goed"
    )
    assert [p.amount for p in tranches(application)] == [Decimal("280.00"), Decimal("120.00")]


def test_a_rejection_has_no_plan(fund_year, make_application, reviewer):
    application = make_application(status=Status.IN_BEHANDELING)
    services.application_decide(
        application=application, user=reviewer, outcome="afgewezen", reason="Past niet"
    )
    assert not application.payouts.exists()


# --- the moves, per role --------------------------------------------------------------


def test_the_whole_way_with_the_ledger(grant, backoffice, coordinator, applicant):
    advance = tranches(grant)[0]
    assert money(grant)["open"] == Decimal("1000.00")
    advance = services.payout_prepare(payout=advance, user=backoffice)
    assert advance.status == S.KLAAR
    assert (advance.iban, advance.prepared_by) == ("NL91ABNA0417164300", backoffice)
    advance = services.payout_approve(payout=advance, user=coordinator)
    assert (advance.status, advance.approved_by) == (S.GOEDGEKEURD, coordinator)
    services.payouts_into_batch(payouts=[advance], batch=None, user=backoffice)
    advance.refresh_from_db()
    assert advance.status == S.IN_BATCH
    assert money(grant)["paid_out"] == 0
    services.payout_paid(payout=advance, paid_on=timezone.localdate(), user=backoffice)
    advance.refresh_from_db()
    assert (advance.status, advance.paid_on) == (S.BETAALD, timezone.localdate())
    totals = money(grant)
    assert (totals["used"], totals["paid_out"], totals["open"]) == (
        Decimal("1000.00"),
        Decimal("700.00"),
        Decimal("300.00"),
    )
    position = budget_position(grant.ledger_entries.first().fund_year)
    assert (position.committed, position.paid) == (Decimal("1000.00"), Decimal("700.00"))
    note = Notification.objects.filter(recipient=applicant, event="fund_payout").get()
    assert "700,00" in note.title and "betaald" in note.title
    # Its history says who did what and why.
    reasons = [h.history_change_reason for h in advance.history.order_by("history_date")]
    assert reasons[-4:] == ["Klaargezet", "Goedgekeurd", "In betaalbestand", "Betaald"]


def test_four_eyes(grant, coordinator, second_coordinator):
    advance = services.payout_prepare(payout=tranches(grant)[0], user=coordinator)
    with pytest.raises(PermissionDenied, match="Vier ogen"):
        services.payout_approve(payout=advance, user=coordinator)
    advance.refresh_from_db()
    assert advance.status == S.KLAAR
    services.payout_approve(payout=advance, user=second_coordinator)


@pytest.mark.parametrize(
    "role", ["huurder", "leefbaarheidsmedewerker", "sociaal-beheerder", "hwz-moderator"]
)
def test_other_roles_prepare_nothing(grant, role):
    with pytest.raises(PermissionDenied):
        services.payout_prepare(payout=tranches(grant)[0], user=UserFactory(role=role))


def test_the_back_office_does_not_approve(grant, backoffice, other_backoffice):
    advance = services.payout_prepare(payout=tranches(grant)[0], user=backoffice)
    with pytest.raises(PermissionDenied):
        services.payout_approve(payout=advance, user=other_backoffice)


def test_the_applicant_staff_member_touches_nothing_of_their_own(
    fund_year, make_application, coordinator, second_coordinator
):
    own = granted(make_application, coordinator, applicant=second_coordinator)
    services.payout_plan_create(application=own, user=coordinator)
    with pytest.raises(PermissionDenied, match="betrokken"):
        services.payout_prepare(payout=tranches(own)[0], user=second_coordinator)


def test_preparing_and_approving_twice_change_nothing(grant, backoffice, coordinator):
    advance = services.payout_prepare(payout=tranches(grant)[0], user=backoffice)
    count = advance.history.count()
    again = services.payout_prepare(payout=advance, user=backoffice)
    assert again.status == S.KLAAR and advance.history.count() == count
    services.payout_approve(payout=advance, user=coordinator)
    services.payout_approve(payout=advance, user=coordinator)
    services.payout_prepare(payout=advance, user=backoffice)  # a late second click
    advance.refresh_from_db()
    assert advance.status == S.GOEDGEKEURD and advance.history.count() == count + 1


def test_the_rest_waits_for_the_approved_report(grant, backoffice):
    rest = tranches(grant)[1]
    with pytest.raises(ValidationError, match="verantwoording"):
        services.payout_prepare(payout=rest, user=backoffice)
    approve_report(grant)
    assert services.payout_prepare(payout=rest, user=backoffice).status == S.KLAAR


def test_an_invalid_iban_is_refused(grant, backoffice):
    type(grant).objects.filter(pk=grant.pk).update(iban="NL00ABNA0000000000")
    with pytest.raises(ValidationError, match="IBAN"):
        services.payout_prepare(payout=tranches(grant)[0], user=backoffice)


def test_approving_before_preparing_is_refused(grant, coordinator):
    with pytest.raises(ValidationError, match="status"):
        services.payout_approve(payout=tranches(grant)[0], user=coordinator)


def test_only_approved_payouts_go_in_a_batch(grant, backoffice, coordinator):
    advance = services.payout_prepare(payout=tranches(grant)[0], user=backoffice)
    with pytest.raises(ValidationError, match="goedgekeurd"):
        services.payouts_into_batch(payouts=[advance], batch=None, user=backoffice)
    services.payout_approve(payout=advance, user=coordinator)
    services.payouts_into_batch(payouts=[advance], batch=None, user=backoffice)
    with pytest.raises(ValidationError, match="In betaalbestand"):
        services.payouts_into_batch(payouts=[advance], batch=None, user=backoffice)


def test_send_back_needs_a_reason_and_starts_again(grant, backoffice, coordinator):
    advance = services.payout_prepare(payout=tranches(grant)[0], user=backoffice)
    with pytest.raises(ValidationError):
        services.payout_send_back(payout=advance, user=coordinator, reason=" ")
    advance = services.payout_send_back(payout=advance, user=coordinator, reason="Ander IBAN")
    assert (advance.status, advance.prepared_by) == (S.GEPLAND, None)


# --- failure, return, reclaim ---------------------------------------------------------


def test_a_returned_payment_is_booked_back_and_can_go_again(
    grant, backoffice, coordinator, applicant
):
    advance = pay(tranches(grant)[0], backoffice, coordinator)
    services.payout_failed(payout=advance, reason="AC04 rekening opgeheven", user=backoffice)
    advance.refresh_from_db()
    assert advance.status == S.MISLUKT
    totals = money(grant)
    assert (totals["paid"], totals["returned"], totals["paid_out"], totals["open"]) == (
        Decimal("700.00"),
        Decimal("700.00"),
        Decimal("0.00"),
        Decimal("1000.00"),
    )
    notice = Notification.objects.filter(recipient=applicant, title__contains="niet aangekomen")
    assert "controleren" in notice.get().body
    # Failing twice books nothing twice.
    services.payout_failed(payout=advance, reason="nog eens", user=backoffice)
    assert money(grant)["returned"] == Decimal("700.00")
    first_reference = advance.end_to_end_id
    advance = services.payout_prepare(payout=advance, user=backoffice)
    assert advance.end_to_end_id == f"{first_reference}.2"
    pay(advance, backoffice, coordinator)
    assert money(grant)["paid_out"] == Decimal("700.00")


def test_a_payment_failed_in_the_batch_books_nothing(grant, backoffice, coordinator):
    advance = services.payout_prepare(payout=tranches(grant)[0], user=backoffice)
    services.payout_approve(payout=advance, user=coordinator)
    services.payouts_into_batch(payouts=[advance], batch=None, user=backoffice)
    services.payout_failed(payout=advance, reason="Geweigerd", user=backoffice)
    assert not grant.ledger_entries.filter(kind=LedgerEntry.Kind.RETURNED).exists()


def test_paid_twice_books_once(grant, backoffice, coordinator):
    advance = pay(tranches(grant)[0], backoffice, coordinator)
    services.payout_paid(payout=advance, paid_on=timezone.localdate(), user=backoffice)
    assert money(grant)["paid"] == Decimal("700.00")


def test_a_future_payment_date_is_refused(grant, backoffice, coordinator):
    advance = services.payout_prepare(payout=tranches(grant)[0], user=backoffice)
    services.payout_approve(payout=advance, user=coordinator)
    services.payouts_into_batch(payouts=[advance], batch=None, user=backoffice)
    with pytest.raises(ValidationError):
        services.payout_paid(
            payout=advance, paid_on=timezone.localdate() + dt.timedelta(days=1), user=backoffice
        )
    assert money(grant)["paid"] == 0


def test_reclaim_and_its_arrival(grant, backoffice, coordinator, applicant, reviewer):
    advance = pay(tranches(grant)[0], backoffice, coordinator)
    with pytest.raises(ValidationError, match="hoogstens"):
        services.reclaim_request(
            application=grant, amount=Decimal("700.01"), reason="Niet besteed", user=reviewer
        )
    reclaim = services.reclaim_request(
        application=grant, amount=Decimal("200.00"), reason="Niet besteed", user=reviewer
    )
    assert reclaim.reference == f"TV-{grant.reference}-1"
    advance.refresh_from_db()
    assert advance.status == S.TERUGGEVORDERD
    assert Notification.objects.filter(recipient=applicant, title__contains="terug").exists()
    with pytest.raises(ValidationError, match="hoogstens"):
        services.reclaim_request(
            application=grant, amount=Decimal("500.01"), reason="Meer", user=reviewer
        )
    with pytest.raises(PermissionDenied):
        services.reclaim_received(reclaim=reclaim, received_on=timezone.localdate(), user=reviewer)
    services.reclaim_received(reclaim=reclaim, received_on=timezone.localdate(), user=backoffice)
    services.reclaim_received(reclaim=reclaim, received_on=timezone.localdate(), user=backoffice)
    reclaim.refresh_from_db()
    assert reclaim.status == Reclaim.Status.RECEIVED
    totals = money(grant)
    assert (totals["used"], totals["paid_out"], totals["open"], totals["reclaimed"]) == (
        Decimal("800.00"),
        Decimal("500.00"),
        Decimal("300.00"),
        Decimal("200.00"),
    )


def test_a_resident_reclaims_nothing(grant, backoffice, coordinator, applicant):
    pay(tranches(grant)[0], backoffice, coordinator)
    with pytest.raises(PermissionDenied):
        services.reclaim_request(application=grant, amount=Decimal("1"), reason="x", user=applicant)


# --- the ledger's own rules -----------------------------------------------------------


def test_ledger_never_pays_more_than_committed(grant, coordinator):
    with pytest.raises(ValidationError, match="niet meer"):
        services.ledger_pay(application=grant, amount=Decimal("1000.01"), user=coordinator)
    services.ledger_pay(application=grant, amount=Decimal("1000.00"), user=coordinator)
    with pytest.raises(ValidationError):
        services.ledger_return(application=grant, amount=Decimal("1000.01"), user=coordinator)
    with pytest.raises(ValidationError):
        services.ledger_reclaim(application=grant, amount=Decimal("1000.01"), user=coordinator)
    with pytest.raises(ValidationError):
        services.ledger_pay(application=grant, amount=Decimal("NaN"), user=coordinator)


# --- cancel and shrink ----------------------------------------------------------------


def test_withdrawal_cancels_the_open_tranches(grant, backoffice, coordinator, applicant):
    advance = pay(tranches(grant)[0], backoffice, coordinator)
    services.application_withdraw(application=grant, user=applicant, reason="Gaat niet door")
    rest = tranches(grant)[1]
    assert rest.status == S.GEANNULEERD
    totals = money(grant)
    assert (totals["used"], totals["paid_out"], totals["open"]) == (
        Decimal("700.00"),
        Decimal("700.00"),
        Decimal("0.00"),
    )
    advance.refresh_from_db()
    assert advance.status == S.BETAALD


def test_a_payout_for_a_withdrawn_grant_is_refused(grant, backoffice, applicant):
    services.application_withdraw(application=grant, user=applicant, reason="Weg")
    advance = tranches(grant)[0]
    assert advance.status == S.GEANNULEERD
    with pytest.raises(ValidationError, match="ingetrokken"):
        services.payout_prepare(payout=advance, user=backoffice)


def test_withdrawal_leaves_money_underway_committed(grant, backoffice, coordinator, applicant):
    advance = services.payout_prepare(payout=tranches(grant)[0], user=backoffice)
    services.payout_approve(payout=advance, user=coordinator)
    services.payouts_into_batch(payouts=[advance], batch=None, user=backoffice)
    services.application_withdraw(application=grant, user=applicant, reason="Weg")
    assert money(grant)["open"] == Decimal("700.00")
    # The bank pays it after all: the ledger can book it.
    services.payout_paid(payout=advance, paid_on=timezone.localdate(), user=backoffice)
    assert money(grant)["open"] == 0


def test_reduction_shrinks_the_last_tranches(grant, backoffice, coordinator, reviewer):
    services.payout_prepare(payout=tranches(grant)[0], user=backoffice)
    services.application_reduce_grant(
        application=grant, user=reviewer, amount=Decimal("600.00"), reason="Minder kosten"
    )
    advance, rest = tranches(grant)
    assert rest.status == S.GEANNULEERD
    # The advance was prepared for 700: it is planned again, for 600.
    assert (advance.amount, advance.status) == (Decimal("600.00"), S.GEPLAND)
    assert money(grant)["open"] == Decimal("600.00")


def test_reduction_below_money_underway_is_refused(grant, backoffice, coordinator, reviewer):
    advance = services.payout_prepare(payout=tranches(grant)[0], user=backoffice)
    services.payout_approve(payout=advance, user=coordinator)
    services.payouts_into_batch(payouts=[advance], batch=None, user=backoffice)
    with pytest.raises(ValidationError):
        services.application_reduce_grant(
            application=grant, user=reviewer, amount=Decimal("600.00"), reason="Minder"
        )


def test_cancel_with_keep(grant, backoffice, coordinator):
    pay(tranches(grant)[0], backoffice, coordinator)
    released = services.payouts_cancel_open(
        application=grant, user=None, reason="Minder besteed", keep=Decimal("100.00")
    )
    assert released == Decimal("200.00")
    assert [p.amount for p in tranches(grant)] == [Decimal("700.00"), Decimal("100.00")]
    assert money(grant)["open"] == Decimal("100.00")


def test_expiry_only_without_any_payment(grant, backoffice, coordinator):
    from fonds.models import Application

    old = timezone.now() - timezone.timedelta(days=800)
    Application.objects.filter(pk=grant.pk).update(decided_at=old)
    advance = services.payout_prepare(payout=tranches(grant)[0], user=backoffice)
    services.payout_approve(payout=advance, user=coordinator)
    services.payouts_into_batch(payouts=[advance], batch=None, user=backoffice)
    # Money underway: the grant does not lapse.
    assert services.application_expire(application=grant) is None
    services.payout_failed(payout=advance, reason="Geweigerd", user=backoffice)
    assert services.application_expire(application=grant) is not None
    assert {p.status for p in tranches(grant)} == {S.GEANNULEERD}
    assert money(grant)["open"] == 0


# --- the coordinator changes the split ------------------------------------------------


def test_plan_change(grant, coordinator, backoffice):
    later = timezone.localdate() + dt.timedelta(days=20)
    with pytest.raises(ValidationError, match="tellen op"):
        services.payout_plan_change(
            application=grant,
            user=coordinator,
            tranches=[(Decimal("500"), later, False)],
            reason="Anders",
        )
    with pytest.raises(PermissionDenied):
        services.payout_plan_change(
            application=grant,
            user=backoffice,
            tranches=[(Decimal("1000"), later, False)],
            reason="Anders",
        )
    plan = services.payout_plan_change(
        application=grant,
        user=coordinator,
        tranches=[
            (Decimal("400"), timezone.localdate(), False),
            (Decimal("400"), later, False),
            (Decimal("200"), later, True),
        ],
        reason="Drie delen",
    )
    assert [(p.number, p.amount) for p in plan] == [
        (1, Decimal("400")),
        (2, Decimal("400")),
        (3, Decimal("200")),
    ]
    assert plan[1].after_report is False
    assert money(grant)["open"] == Decimal("1000.00")
    # Paid tranches stay; the rest must add up to what is left.
    pay(plan[0], backoffice, coordinator)
    plan = services.payout_plan_change(
        application=grant,
        user=coordinator,
        tranches=[(Decimal("600"), later, True)],
        reason="Eén restant",
    )
    statuses = [(p.number, p.status) for p in tranches(grant)]
    assert statuses == [(1, S.BETAALD), (2, S.GEPLAND), (3, S.GEANNULEERD)]
    assert money(grant)["open"] == Decimal("600.00")


def test_plan_change_refuses_bad_input(grant, coordinator):
    today = timezone.localdate()
    for bad in (
        [(Decimal("NaN"), today, False)],
        [(Decimal("-1000"), today, False)],
        [(Decimal("999.999"), today, False)],
        [(Decimal("1000"), today + dt.timedelta(days=5000), False)],
        [(Decimal("1000"), today - dt.timedelta(days=5), False)],
        [],
    ):
        with pytest.raises(ValidationError):
            services.payout_plan_change(
                application=grant, user=coordinator, tranches=bad, reason="x"
            )
