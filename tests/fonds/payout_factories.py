"""Factories for the money after a grant (issue 14): tranches, reclaims, accountability
reports and contributions, and ledger entries as the ledger's services write them. For
tests that read money (the overview, the resident's timeline) without going through
every move that makes it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from fonds.models import (
    AccountabilityReport,
    Donation,
    LedgerEntry,
    Payout,
    PayoutStatus,
    Reclaim,
    ReportStatus,
)


class PayoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payout

    number = factory.Sequence(lambda n: n + 1)
    kind = Payout.Kind.ADVANCE
    amount = Decimal("100.00")
    due_date = factory.LazyFunction(timezone.localdate)
    status = PayoutStatus.GEPLAND
    end_to_end_id = factory.Sequence(lambda n: f"FW-T-{n:08d}")


class ReclaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reclaim

    amount = Decimal("50.00")
    reason = "Minder uitgegeven dan toegekend."
    reference = factory.Sequence(lambda n: f"FW-R-{n:08d}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountabilityReport

    status = ReportStatus.OPEN
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(weeks=8))


class DonationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Donation

    amount = Decimal("25.00")
    name = "Bakkerij De Linde"
    status = Donation.Status.BETAALD
    payment_intent_id = factory.Sequence(lambda n: f"pi_test_{n:08d}")
    paid_at = factory.LazyFunction(timezone.now)


def book(application, kind, amount, *, fund_year, user=None, wijk=None) -> LedgerEntry:
    """A ledger entry for `application` in `fund_year`, as the ledger's functions write it."""
    return LedgerEntry.objects.create(
        fund_year=fund_year,
        wijk=wijk or application.wijk,
        application=application,
        kind=kind,
        amount=Decimal(amount),
        created_by=user,
        note=application.reference or "",
    )
