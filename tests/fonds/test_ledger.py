"""The ledger: what is available is the budget minus what is committed and not released;
payouts come out of commitments, never on top of them."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from fonds import services
from fonds.models import LedgerEntry, Status, WijkBudget
from fonds.selectors import budget_position

pytestmark = pytest.mark.django_db


def test_position_arithmetic(fund_year, make_application, coordinator):
    a = make_application(status=Status.BESLUIT_VOORGESTELD)
    b = make_application(status=Status.BESLUIT_VOORGESTELD)
    services.ledger_commit(application=a, amount=Decimal("2500.00"), user=coordinator)
    services.ledger_commit(application=b, amount=Decimal("1000.50"), user=coordinator)
    services.ledger_release(application=a, amount=Decimal("500.00"), user=coordinator)
    LedgerEntry.objects.create(
        fund_year=fund_year,
        wijk=a.wijk,
        application=a,
        kind=LedgerEntry.Kind.PAID,
        amount=Decimal("1000.00"),
        created_by=coordinator,
    )
    position = budget_position(fund_year)
    assert position.committed == Decimal("3000.50")
    assert position.paid == Decimal("1000.00")
    assert position.available == Decimal("6999.50")


def test_commit_never_exceeds_the_year(fund_year, make_application, coordinator):
    a = make_application(status=Status.BESLUIT_VOORGESTELD)
    services.ledger_commit(application=a, amount=Decimal("9999.99"), user=coordinator)
    with pytest.raises(ValidationError) as excinfo:
        services.ledger_commit(application=a, amount=Decimal("0.02"), user=coordinator)
    assert "€\xa00,01" in excinfo.value.messages[0]
    services.ledger_commit(application=a, amount=Decimal("0.01"), user=coordinator)
    assert budget_position(fund_year).available == Decimal("0.00")


def test_a_wijk_share_limits_that_wijk(fund_year, make_application, coordinator, other_wijk):
    WijkBudget.objects.create(fund_year=fund_year, wijk=other_wijk, amount=Decimal("300"))
    here = make_application(status=Status.BESLUIT_VOORGESTELD)
    there = make_application(status=Status.BESLUIT_VOORGESTELD, wijk=other_wijk)
    services.ledger_commit(application=there, amount=Decimal("300"), user=coordinator)
    with pytest.raises(ValidationError, match="Het budget van"):
        services.ledger_commit(application=there, amount=Decimal("1"), user=coordinator)
    # A wijk without a share draws on the year as a whole.
    services.ledger_commit(application=here, amount=Decimal("9000"), user=coordinator)
    assert budget_position(fund_year).available == Decimal("700.00")
    assert budget_position(fund_year, other_wijk).available == Decimal("0.00")


def test_no_budget_for_the_year_is_a_clear_refusal(db, make_application, coordinator):
    a = make_application(status=Status.BESLUIT_VOORGESTELD)
    with pytest.raises(ValidationError, match="nog geen budget"):
        services.ledger_commit(application=a, amount=Decimal("1"), user=coordinator)


def test_release_cannot_exceed_the_commitment(fund_year, make_application, coordinator):
    a = make_application(status=Status.BESLUIT_VOORGESTELD)
    services.ledger_commit(application=a, amount=Decimal("100"), user=coordinator)
    with pytest.raises(ValidationError, match="hoogstens"):
        services.ledger_release(application=a, amount=Decimal("100.01"), user=coordinator)


def test_amounts_are_positive_in_the_database(fund_year, make_application, coordinator):
    from django.db import IntegrityError, transaction

    a = make_application()
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            fund_year=fund_year,
            wijk=a.wijk,
            application=a,
            kind=LedgerEntry.Kind.COMMITTED,
            amount=Decimal("-5"),
            created_by=coordinator,
        )


def test_budgets_are_checked_when_entered(
    fund_year, make_application, coordinator, wijk, other_wijk
):
    a = make_application(status=Status.BESLUIT_VOORGESTELD)
    services.ledger_commit(application=a, amount=Decimal("4000"), user=coordinator)
    fund_year.budget = Decimal("3999.99")
    with pytest.raises(ValidationError, match="al"):
        services.check_fund_year(fund_year)
    WijkBudget.objects.create(fund_year=fund_year, wijk=wijk, amount=Decimal("6000"))
    share = WijkBudget(fund_year=fund_year, wijk=other_wijk, amount=Decimal("4000.01"))
    with pytest.raises(ValidationError, match="groter dan het budget"):
        services.check_wijk_budget(share)


def test_coordinator_enters_the_budget_in_the_admin(client, db, coordinator):
    from fonds.models import FundYear
    from tests.portal.factories import with_two_factor

    with_two_factor(coordinator)
    client.force_login(coordinator)
    response = client.post("/admin/fonds/budget/new/", {"year": "2031", "budget": "25000.00"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert FundYear.objects.get(year=2031).budget == Decimal("25000.00")
    assert FundYear.objects.get(year=2031).history.latest().history_user == coordinator
