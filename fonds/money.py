"""Reads of the fund's money for staff: per fund year and wijk what the budget is, what
is committed, paid out, still open, released, asked back and received back, returned by
the bank, contributed by residents and businesses and added by the fund, and what is
still available; per grant its tranches, reclaims, contributions and ledger.

Every figure is added up in the database, grouped (one query per kind of thing, never
one per row); the ledger's kinds count as LedgerEntry.USED and PAID_OUT say, through
selectors.ledger_sums()/ledger_net(), the one place that adds them up. A grant belongs
to the year (and wijk) its money was committed in."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Prefetch, Q, Sum

from .models import (
    Application,
    Donation,
    FundYear,
    LedgerEntry,
    Payout,
    PayoutStatus,
    Reclaim,
    WijkBudget,
)
from .selectors import ZERO, ledger_net, ledger_sums

# The figures of a row, in the order the table, the CSV and the XLSX show them.
FIGURES = (
    "committed",
    "paid_out",
    "open",
    "released",
    "reclaim_asked",
    "reclaimed",
    "returned",
    "cofunded",
    "matched",
)


@dataclass
class MoneyRow:
    """The money of one wijk (or a grant, or the whole year) in one fund year."""

    budget: Decimal | None = None  # None: a wijk without a share of its own
    committed: Decimal = ZERO  # used: committed + matched − released − reclaimed
    paid_out: Decimal = ZERO  # paid − returned − reclaimed
    open: Decimal = ZERO  # committed, not yet paid out
    released: Decimal = ZERO
    reclaim_asked: Decimal = ZERO  # reclaims asked for (not waived)
    reclaimed: Decimal = ZERO  # came back from the applicant (booked)
    returned: Decimal = ZERO  # sent back by the bank
    cofunded: Decimal = ZERO  # paid contributions through the website
    matched: Decimal = ZERO  # added by the fund to those contributions
    available: Decimal | None = None  # what may still be committed (None: not a budget)

    def add(self, other: MoneyRow) -> None:
        for name in FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _from_ledger(row: dict) -> MoneyRow:
    """A MoneyRow from a row of ledger_sums()."""
    used, paid_out = ledger_net(row)
    kind = LedgerEntry.Kind
    return MoneyRow(
        committed=used,
        paid_out=paid_out,
        open=used - paid_out,
        released=row[kind.RELEASED.value],
        reclaimed=row[kind.RECLAIMED.value],
        returned=row[kind.RETURNED.value],
        matched=row[kind.MATCHED.value],
    )


def _grants_of(fund_year: FundYear):
    """The ids of the applications whose money was committed in `fund_year` (a subquery)."""
    return (
        LedgerEntry.objects.filter(fund_year=fund_year, kind=LedgerEntry.Kind.COMMITTED)
        .values("application_id")
        .distinct()
    )


def _asked_back(applications, group_by: str) -> dict:
    """What was asked back (reclaims not waived) of `applications`, per `group_by`."""
    rows = (
        Reclaim.objects.filter(application__in=applications)
        .exclude(status=Reclaim.Status.WAIVED)
        .values(group_by)
        .order_by(group_by)
        .annotate(total=Sum("amount"))
    )
    return {row[group_by]: row["total"] for row in rows}


def _cofunded(applications, group_by: str) -> dict:
    """What residents and businesses paid towards `applications` (paid, not refunded)."""
    rows = (
        Donation.objects.filter(application__in=applications, status=Donation.Status.BETAALD)
        .values(group_by)
        .order_by(group_by)
        .annotate(total=Sum("amount"))
    )
    return {row[group_by]: row["total"] for row in rows}


@dataclass
class WijkLine:
    wijk: object  # a portal.Wijk
    money: MoneyRow
    grants: int = 0  # how many grants were committed in the wijk this year


@dataclass
class YearOverview:
    fund_year: FundYear
    lines: list[WijkLine] = field(default_factory=list)
    total: MoneyRow = field(default_factory=MoneyRow)
    shared_budget: Decimal = ZERO  # the part of the year no wijk's share holds
    shared_available: Decimal = ZERO
    grants: int = 0  # grants committed in the year, in every wijk


def fund_years() -> list[int]:
    """The years that have a budget, newest first (for the year chooser)."""
    return list(FundYear.objects.order_by("-year").values_list("year", flat=True))


def ledger_per_wijk(fund_year: FundYear):
    """Every kind's total and the number of grants per wijk in `fund_year`: one grouped
    query on the ledger's (fund_year, wijk, kind) index."""
    return (
        LedgerEntry.objects.filter(fund_year=fund_year)
        .values("wijk_id")
        .order_by("wijk_id")
        .annotate(**ledger_sums(), grants=Count("application", distinct=True))
    )


def year_overview(fund_year: FundYear, wijken) -> YearOverview:
    """Per wijk of `wijken` (a queryset: the ones the reader's role reaches) the year's
    money, and the year's totals (of every wijk, also those outside `wijken`, so the
    total always matches the budget). A wijk with a share of the year has that as budget
    and may still use what is left of it (never more than is left in the year); wijken
    without one share the undivided part of the year. Five queries, however many wijken
    and grants."""
    ledger = {row["wijk_id"]: row for row in ledger_per_wijk(fund_year)}
    shares = dict(WijkBudget.objects.filter(fund_year=fund_year).values_list("wijk_id", "amount"))
    grants = _grants_of(fund_year)
    asked = _asked_back(grants, "application__wijk_id")
    cofunded = _cofunded(grants, "application__wijk_id")

    overview = YearOverview(fund_year=fund_year)
    per_wijk: dict[int, MoneyRow] = {}
    grant_counts: dict[int, int] = {}
    for wijk_id in {*ledger, *shares, *asked, *cofunded}:
        row = ledger.get(wijk_id)
        money = _from_ledger(row) if row else MoneyRow()
        money.reclaim_asked = asked.get(wijk_id) or ZERO
        money.cofunded = cofunded.get(wijk_id) or ZERO
        per_wijk[wijk_id] = money
        grant_counts[wijk_id] = row["grants"] if row else 0
        overview.grants += grant_counts[wijk_id]
        overview.total.add(money)

    year_available = fund_year.budget - overview.total.committed
    overview.total.budget = fund_year.budget
    overview.total.available = year_available
    overview.shared_budget = fund_year.budget - sum(shares.values(), ZERO)
    shared_used = sum(
        (money.committed for wijk_id, money in per_wijk.items() if wijk_id not in shares), ZERO
    )
    overview.shared_available = min(overview.shared_budget - shared_used, year_available)

    for wijk in wijken:
        money = per_wijk.get(wijk.pk) or MoneyRow()
        if wijk.pk in shares:
            money.budget = shares[wijk.pk]
            money.available = min(shares[wijk.pk] - money.committed, year_available)
        overview.lines.append(WijkLine(wijk, money, grant_counts.get(wijk.pk, 0)))
    return overview


@dataclass
class GrantLine:
    application: Application
    granted: Decimal
    money: MoneyRow
    tranches_paid: int = 0
    tranches: int = 0
    last_paid_on: object = None


def year_grants(fund_year: FundYear, wijken, wijk=None) -> list[GrantLine]:
    """The grants committed in `fund_year` in `wijken` (or only `wijk`), each with its
    money of that year: the application with its ledger summed, its tranches counted,
    what was asked back and contributed. Four queries, however many grants."""
    grants = _grants_of(fund_year)
    applications = Application.objects.filter(pk__in=grants, wijk__in=wijken)
    if wijk is not None:
        applications = applications.filter(wijk=wijk)
    rows = list(
        applications.select_related("wijk")
        .only(
            "reference",
            "title",
            "status",
            "granted_amount",
            "contact_name",
            "wijk__name",
        )
        .annotate(
            **ledger_sums("ledger_entries__", Q(ledger_entries__fund_year=fund_year), "m_{kind}")
        )
        .order_by("reference", "pk")
    )
    ids = [application.pk for application in rows]
    tranche_rows = {
        row["application_id"]: row
        for row in Payout.objects.filter(application_id__in=ids)
        .exclude(status=PayoutStatus.GEANNULEERD)
        .values("application_id")
        .order_by("application_id")
        .annotate(
            count=Count("pk"),
            paid=Count("pk", filter=Q(status=PayoutStatus.BETAALD)),
            last=Max("paid_on"),
        )
    }
    asked = _asked_back(ids, "application_id")
    cofunded = _cofunded(ids, "application_id")
    lines = []
    for application in rows:
        row = {kind.value: getattr(application, f"m_{kind.value}") for kind in LedgerEntry.Kind}
        money = _from_ledger(row)
        money.reclaim_asked = asked.get(application.pk) or ZERO
        money.cofunded = cofunded.get(application.pk) or ZERO
        tranches = tranche_rows.get(application.pk, {})
        lines.append(
            GrantLine(
                application=application,
                granted=application.granted_amount or ZERO,
                money=money,
                tranches_paid=tranches.get("paid", 0),
                tranches=tranches.get("count", 0),
                last_paid_on=tranches.get("last"),
            )
        )
    return lines


def grants_total(lines: list[GrantLine]) -> tuple[Decimal, MoneyRow]:
    """The granted amount and the money of `lines`, added up (for the total row)."""
    total = MoneyRow()
    for line in lines:
        total.add(line.money)
    return sum((line.granted for line in lines), ZERO), total


@dataclass
class GrantMoney:
    application: Application
    money: dict  # services.ledger.application_money(): every kind, used, paid_out, open
    tranches: list
    reclaims: list
    donations: list
    ledger: list
    cofunded: Decimal = ZERO
    matched_by_fund: Decimal = ZERO
    asked_back: Decimal = ZERO


def grant_money(application: Application) -> GrantMoney:
    """Everything about one grant's money: its tranches (with who prepared and approved
    them), reclaims, contributions and ledger entries (with who booked them), and its
    ledger summed. Five queries."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        [application],
        Prefetch(
            "payouts",
            queryset=Payout.objects.select_related("prepared_by", "approved_by", "batch")
            .defer("batch__xml")
            .order_by("number"),
        ),
        Prefetch(
            "reclaims",
            queryset=Reclaim.objects.select_related("created_by").order_by("created_at", "pk"),
        ),
        Prefetch("donations", queryset=Donation.objects.order_by("created_at", "pk")),
        Prefetch(
            "ledger_entries",
            queryset=LedgerEntry.objects.select_related("created_by", "fund_year").order_by(
                "created_at", "pk"
            ),
        ),
    )
    ledger = list(application.ledger_entries.all())
    sums = {kind.value: ZERO for kind in LedgerEntry.Kind}
    for entry in ledger:
        sums[entry.kind] += entry.amount
    used, paid_out = ledger_net(sums)
    money = {kind.name.lower(): sums[kind.value] for kind in LedgerEntry.Kind}
    money.update(used=used, paid_out=paid_out, open=used - paid_out)
    donations = list(application.donations.all())
    reclaims = list(application.reclaims.all())
    paid = [d for d in donations if d.status == Donation.Status.BETAALD]
    return GrantMoney(
        application=application,
        money=money,
        tranches=list(application.payouts.all()),
        reclaims=reclaims,
        donations=donations,
        ledger=ledger,
        cofunded=sum((d.amount for d in paid), ZERO),
        matched_by_fund=sum((d.matched_amount for d in paid), ZERO),
        asked_back=sum((r.amount for r in reclaims if r.status != Reclaim.Status.WAIVED), ZERO),
    )
