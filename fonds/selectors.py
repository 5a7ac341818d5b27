"""Reads of the fund: the budget position (computed in SQL from the ledger)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from .models import FundYear, LedgerEntry, WijkBudget

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class BudgetPosition:
    budget: Decimal
    committed: Decimal  # granted, net of what was released again
    paid: Decimal
    available: Decimal


def _sums(entries) -> dict[str, Decimal]:
    money = DecimalField(max_digits=14, decimal_places=2)
    zero = Value(ZERO, output_field=money)
    return entries.aggregate(
        committed=Coalesce(Sum("amount", filter=Q(kind=LedgerEntry.Kind.COMMITTED)), zero),
        released=Coalesce(Sum("amount", filter=Q(kind=LedgerEntry.Kind.RELEASED)), zero),
        paid=Coalesce(Sum("amount", filter=Q(kind=LedgerEntry.Kind.PAID)), zero),
    )


def budget_position(fund_year: FundYear, wijk=None) -> BudgetPosition:
    """The year's position, or the wijk's when the year is split over wijken.

    Paying out moves money that was committed, so what is used is committed minus
    released; payouts are part of it, never on top of it."""
    entries = LedgerEntry.objects.filter(fund_year=fund_year)
    budget = fund_year.budget
    if wijk is not None:
        allocation = WijkBudget.objects.filter(fund_year=fund_year, wijk=wijk).first()
        if allocation is None:
            return budget_position(fund_year)
        entries = entries.filter(wijk=wijk)
        budget = allocation.amount
    sums = _sums(entries)
    used = sums["committed"] - sums["released"]
    return BudgetPosition(budget=budget, committed=used, paid=sums["paid"], available=budget - used)
