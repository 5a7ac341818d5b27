"""Wijk shares enforced by the ledger, budgets that cannot be set below what is committed,
and money released when a grant is withdrawn, reduced or lapses."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from fonds import services
from fonds.models import Application, FundSettings, LedgerEntry, Status, WijkBudget
from fonds.selectors import Scope, budget_position
from fonds.tasks import grant_expiry
from portal.models import Notification
from tests.portal.factories import WijkFactory

from .conftest import staff_client

pytestmark = pytest.mark.django_db


def share(fund_year, wijk, amount, user=None):
    return services.wijk_budget_save(
        share=WijkBudget(fund_year=fund_year, wijk=wijk, amount=Decimal(amount)), user=user
    )


def granted(make_application, user, amount="500", **kwargs):
    application = make_application(status=Status.IN_BEHANDELING, amount=Decimal(amount), **kwargs)
    services.application_decide(
        application=application, user=user, outcome="toegekend", reason="Goed plan"
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def no_four_eyes(db):
    return FundSettings.objects.create(confirmation_threshold=Decimal("100000"))


# --- shares --------------------------------------------------------------------------


def test_a_wijk_without_a_share_uses_only_the_undivided_part(
    fund_year, make_application, coordinator, wijk, other_wijk
):
    share(fund_year, other_wijk, "6000")
    here = make_application(status=Status.BESLUIT_VOORGESTELD)  # `wijk`: no share
    position = budget_position(fund_year, wijk)
    assert position.scope == Scope.UNALLOCATED
    assert (position.budget, position.available) == (Decimal("4000"), Decimal("4000"))
    with pytest.raises(ValidationError, match="geen eigen budget") as excinfo:
        services.ledger_commit(application=here, amount=Decimal("4000.01"), user=coordinator)
    assert "€\xa04.000,00" in excinfo.value.messages[0]
    services.ledger_commit(application=here, amount=Decimal("4000"), user=coordinator)
    # Another wijk without a share shares that part: nothing left for it either.
    third = make_application(status=Status.BESLUIT_VOORGESTELD, wijk=WijkFactory())
    with pytest.raises(ValidationError, match="niet toereikend"):
        services.ledger_commit(application=third, amount=Decimal("0.01"), user=coordinator)
    assert budget_position(fund_year, third.wijk).available == Decimal("0")
    # The wijk with a share keeps all of it.
    there = make_application(status=Status.BESLUIT_VOORGESTELD, wijk=other_wijk)
    services.ledger_commit(application=there, amount=Decimal("6000"), user=coordinator)
    assert budget_position(fund_year).available == Decimal("0")


def test_available_is_never_more_than_the_year_has_left(
    fund_year, make_application, coordinator, wijk, other_wijk
):
    """Money committed in a wijk before the year was split: the share of another wijk
    shows only what the year still has."""
    here = make_application(status=Status.BESLUIT_VOORGESTELD)
    services.ledger_commit(application=here, amount=Decimal("7000"), user=coordinator)
    WijkBudget.objects.create(fund_year=fund_year, wijk=other_wijk, amount=Decimal("5000"))
    position = budget_position(fund_year, other_wijk)
    assert position.available == Decimal("3000") == budget_position(fund_year).available
    there = make_application(status=Status.BESLUIT_VOORGESTELD, wijk=other_wijk)
    with pytest.raises(ValidationError, match="niet toereikend"):
        services.ledger_commit(application=there, amount=Decimal("3000.01"), user=coordinator)


def test_a_share_cannot_go_below_what_is_committed(fund_year, make_application, coordinator, wijk):
    current = share(fund_year, wijk, "1000")
    application = make_application(status=Status.BESLUIT_VOORGESTELD)
    services.ledger_commit(application=application, amount=Decimal("800"), user=coordinator)
    current.amount = Decimal("799.99")
    with pytest.raises(ValidationError) as excinfo:
        services.wijk_budget_save(share=current, user=coordinator)
    assert "al €\xa0800,00 vastgelegd" in excinfo.value.messages[0]
    assert WijkBudget.objects.get().amount == Decimal("1000")
    current.amount = Decimal("800")
    services.wijk_budget_save(share=current, user=coordinator)
    assert budget_position(fund_year, wijk).available == Decimal("0")
    assert WijkBudget.objects.get().history.latest().history_user == coordinator


def test_shares_and_year_hold_what_is_committed_outside_them(
    fund_year, make_application, coordinator, wijk, other_wijk
):
    application = make_application(status=Status.BESLUIT_VOORGESTELD)  # `wijk`, no share
    services.ledger_commit(application=application, amount=Decimal("3000"), user=coordinator)
    with pytest.raises(ValidationError) as excinfo:
        share(fund_year, other_wijk, "7000.01")
    assert "zonder eigen budget is al €\xa03.000,00" in excinfo.value.messages[0]
    share(fund_year, other_wijk, "7000")
    with pytest.raises(ValidationError, match="groter dan het budget"):
        share(fund_year, WijkFactory(), "3000.01")
    fund_year.budget = Decimal("9999.99")
    with pytest.raises(ValidationError, match="zonder eigen budget"):
        services.fund_year_save(fund_year=fund_year, user=coordinator)
    fund_year.refresh_from_db()
    assert fund_year.budget == Decimal("10000")
    fund_year.budget = Decimal("2999")
    with pytest.raises(ValidationError, match="het budget kan niet lager"):
        services.fund_year_save(fund_year=fund_year, user=coordinator)


def test_the_admin_refuses_a_share_below_what_is_committed(
    client, fund_year, make_application, coordinator, wijk, other_wijk
):
    c = staff_client(client, coordinator)
    response = c.post(
        "/admin/fonds/wijkbudget/new/",
        {"fund_year": fund_year.pk, "wijk": wijk.pk, "amount": "1000"},
    )
    assert response.status_code == 302
    current = WijkBudget.objects.get()
    application = make_application(status=Status.BESLUIT_VOORGESTELD)
    services.ledger_commit(application=application, amount=Decimal("800"), user=coordinator)
    edit = f"/admin/fonds/wijkbudget/edit/{current.pk}/"
    response = c.post(edit, {"fund_year": fund_year.pk, "wijk": wijk.pk, "amount": "500"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "al €\xa0800,00 vastgelegd" in page and 'value="500"' in page
    current.refresh_from_db()
    assert current.amount == Decimal("1000")
    # Taking the share away moves the € 800 to the undivided part, which always has room
    # for it (the share held it); the year then cannot go below the rest.
    share(fund_year, other_wijk, "9000")
    response = c.post(f"/admin/fonds/wijkbudget/delete/{current.pk}/")
    assert response.status_code == 302 and not WijkBudget.objects.filter(pk=current.pk).exists()
    position = budget_position(fund_year, wijk)
    assert position.scope == Scope.UNALLOCATED and position.committed == Decimal("800")
    assert position.available == Decimal("200")
    year_edit = f"/admin/fonds/budget/edit/{fund_year.pk}/"
    response = c.post(year_edit, {"year": fund_year.year, "budget": "9500", "note": ""})
    assert response.status_code == 200 and "zonder eigen budget" in response.content.decode()
    fund_year.refresh_from_db()
    assert fund_year.budget == Decimal("10000")


# --- releases ------------------------------------------------------------------------


def test_withdrawal_after_a_grant_releases_the_money(
    fund_year, make_application, reviewer, applicant, no_four_eyes, client
):
    application = granted(make_application, reviewer)
    assert budget_position(fund_year).available == Decimal("9500")
    client.force_login(applicant)
    page = client.get(reverse("fonds:mine_detail", args=[application.pk])).content.decode()
    assert "Aanvraag intrekken" in page
    client.post(reverse("fonds:withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == Status.INGETROKKEN
    released = LedgerEntry.objects.get(kind=LedgerEntry.Kind.RELEASED)
    assert released.amount == Decimal("500") and released.created_by == applicant
    assert budget_position(fund_year).available == Decimal("10000")
    told = Notification.objects.filter(recipient=applicant, title__contains="ingetrokken").get()
    assert "€\xa0500,00" in told.body
    assert application.history.latest().history_user == applicant


def test_a_reduction_releases_the_difference(
    fund_year, make_application, reviewer, applicant, no_four_eyes
):
    application = granted(make_application, reviewer)
    for amount, reason, message in [
        (Decimal("500"), "x", "lager dan het toegekende"),
        (Decimal("0"), "x", "groter dan 0"),
        (Decimal("NaN"), "x", "nieuwe bedrag"),
        (None, "x", "nieuwe bedrag"),
        (Decimal("300"), " ", "waarom"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.application_reduce_grant(
                application=application, user=reviewer, amount=amount, reason=reason
            )
    with pytest.raises(PermissionDenied):
        services.application_reduce_grant(
            application=application, user=applicant, amount=Decimal("300"), reason="x"
        )
    services.application_reduce_grant(
        application=application, user=reviewer, amount=Decimal("300"), reason="De huur valt af."
    )
    application.refresh_from_db()
    assert application.status == Status.DEELS_TOEGEKEND
    assert application.granted_amount == Decimal("300")
    assert application.history.latest().history_change_reason == "De huur valt af."
    assert budget_position(fund_year).committed == Decimal("300")
    told = Notification.objects.get(recipient=applicant, title__contains="verlaagd")
    assert "€\xa0300,00" in told.title and told.body == "De huur valt af."
    # Withdrawing afterwards releases the rest, not more.
    services.application_withdraw(application=application, user=applicant)
    assert budget_position(fund_year).committed == Decimal("0")


def test_a_reduction_through_the_admin(client, fund_year, make_application, reviewer, no_four_eyes):
    application = granted(make_application, reviewer)
    c = staff_client(client, reviewer)
    url = reverse("fonds_application:action", args=[application.pk, "reduce"])
    response = c.post(url, {"amount": "600", "reason": "x"}, follow=True)
    assert "lager dan het toegekende bedrag" in response.content.decode()
    c.post(url, {"amount": "450,50", "reason": "Minder deelnemers"})
    application.refresh_from_db()
    assert application.granted_amount == Decimal("450.50")


def test_a_grant_not_paid_in_time_lapses_once(
    fund_year, make_application, reviewer, applicant, no_four_eyes
):
    no_four_eyes.grant_expiry_months = 3
    no_four_eyes.save()
    old = granted(make_application, reviewer, title="Oud")
    recent = granted(make_application, reviewer, title="Recent")
    paid = granted(make_application, reviewer, title="Betaald")
    LedgerEntry.objects.create(
        fund_year=fund_year,
        wijk=paid.wijk,
        application=paid,
        kind=LedgerEntry.Kind.PAID,
        amount=Decimal("100"),
        created_by=reviewer,
    )
    now = timezone.now()
    Application.objects.filter(pk__in=[old.pk, paid.pk]).update(
        decided_at=now - dt.timedelta(days=95)
    )
    Application.objects.filter(pk=recent.pk).update(decided_at=now - dt.timedelta(days=80))
    assert grant_expiry() == {"expired": 1}
    assert grant_expiry() == {"expired": 0}  # idempotent
    statuses = dict(Application.objects.values_list("title", "status"))
    assert statuses == {"Oud": "vervallen", "Recent": "toegekend", "Betaald": "toegekend"}
    entry = LedgerEntry.objects.get(kind=LedgerEntry.Kind.RELEASED)
    assert entry.application_id == old.pk and entry.amount == Decimal("500")
    assert entry.created_by is None
    assert budget_position(fund_year).committed == Decimal("1000")
    told = Notification.objects.get(recipient=applicant, title__contains="vervallen")
    assert "3 maanden" in told.body
    old.refresh_from_db()
    assert old.history.latest().history_change_reason.startswith("Vervallen")


def test_months_before_clamps_the_day():
    moment = timezone.make_aware(dt.datetime(2026, 5, 31, 12, 0))
    assert services.months_before(moment, 3).date() == dt.date(2026, 2, 28)
    assert services.months_before(moment, 17).date() == dt.date(2024, 12, 31)


def test_the_expiry_task_is_scheduled():
    from django.conf import settings

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "fonds.grant_expiry" in tasks


def test_expiry_through_time(fund_year, make_application, reviewer, no_four_eyes):
    application = granted(make_application, reviewer)
    decided = application.decided_at
    with time_machine.travel(decided + dt.timedelta(days=300), tick=False):
        assert grant_expiry() == {"expired": 0}
    with time_machine.travel(decided + dt.timedelta(days=367), tick=False):
        assert grant_expiry() == {"expired": 1}


def test_the_coordinator_sets_when_grants_lapse(client, coordinator):
    c = staff_client(client, coordinator)
    url = f"/admin/settings/fonds/fundsettings/{FundSettings.load().pk}/"
    data = {
        "confirmation_threshold": "1000.00",
        "letter_sender": "Fijne Wijk",
        "grant_expiry_months": "0",
        "advice_days": "5",
        "advance_percentage": "70",
        "report_weeks": "8",
        "match_cap": "500.00",
        "report_escalation_days": "10",
    }
    response = c.post(url, data)
    assert response.status_code == 200 and "Kies minstens 1 maand." in response.content.decode()
    response = c.post(url, {**data, "grant_expiry_months": "6"})
    assert response.status_code == 302
    settings = FundSettings.load()
    assert settings.grant_expiry_months == 6
    assert settings.history.latest().history_user == coordinator
