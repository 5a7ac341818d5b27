"""The fund's money: the ledger and the year's and wijken's budgets. Money moves only
through ledger_commit/ledger_release, which lock the year's budget row: two confirmations
at the same moment are serialised and the second sees the first."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.templatetags.portal_tags import euro

from ..models import (
    Application,
    FundYear,
    LedgerEntry,
    WijkBudget,
)
from ..selectors import Scope, budget_position, check_budget_split, ledger_net, ledger_sums

# --- the ledger -----------------------------------------------------------------------


def _locked_year(fund_year_id) -> FundYear:
    return FundYear.objects.select_for_update().get(pk=fund_year_id)


def ledger_commit(*, application: Application, amount: Decimal, user) -> LedgerEntry:
    """Commit `amount` for `application` in the year of today, if the budget allows.

    When the year is split over wijken, a wijk with a share draws only on what is left of
    its share, and a wijk without one only on the part of the year nobody's share holds
    (selectors.budget_position); neither ever on more than is left in the year. Locks the
    year's row and the wijk's share first, so that concurrent commits (and changes of the
    budget) wait for each other and each sees the others' entries."""
    year = timezone.localdate().year
    fund_year = FundYear.objects.select_for_update().filter(year=year).first()
    if fund_year is None:
        raise ValidationError(
            _("Er is nog geen budget voor %(year)s ingevoerd; vraag de coördinator dat te doen.")
            % {"year": year}
        )
    # Locked so that the share cannot be lowered between this check and the booking.
    WijkBudget.objects.select_for_update().filter(
        fund_year=fund_year, wijk_id=application.wijk_id
    ).first()
    year_position = budget_position(fund_year)
    if amount > year_position.available:
        raise ValidationError(
            _(
                "Het budget van %(year)s is niet toereikend: er is nog %(available)s "
                "beschikbaar, dit besluit vraagt %(amount)s."
            )
            % {"year": year, "available": euro(year_position.available), "amount": euro(amount)}
        )
    position = budget_position(fund_year, application.wijk)
    if amount > position.available:
        facts = {
            "wijk": application.wijk.name,
            "year": year,
            "available": euro(position.available),
            "amount": euro(amount),
        }
        if position.scope == Scope.UNALLOCATED:
            raise ValidationError(
                _(
                    "%(wijk)s heeft in %(year)s geen eigen budget en het deel van het jaar "
                    "dat niet over de wijken is verdeeld, is niet toereikend: er is nog "
                    "%(available)s beschikbaar, dit besluit vraagt %(amount)s."
                )
                % facts
            )
        raise ValidationError(
            _(
                "Het budget van %(wijk)s voor %(year)s is niet toereikend: er is nog "
                "%(available)s beschikbaar, dit besluit vraagt %(amount)s."
            )
            % facts
        )
    return LedgerEntry.objects.create(
        fund_year=fund_year,
        wijk_id=application.wijk_id,
        application=application,
        kind=LedgerEntry.Kind.COMMITTED,
        amount=amount,
        created_by=user,
        note=application.reference or "",
    )


def application_money(application: Application) -> dict[str, Decimal]:
    """The application's ledger in one query: every kind's total (committed, released,
    paid, returned, reclaimed, matched), and `used` (counts against the budget), `paid_out`
    (left the account, net) and `open` (committed, not yet paid out)."""
    row = application.ledger_entries.aggregate(**ledger_sums())
    money = {kind.name.lower(): row[kind.value] for kind in LedgerEntry.Kind}
    money["used"], money["paid_out"] = ledger_net(row)
    money["open"] = money["used"] - money["paid_out"]
    return money


def open_commitment(application: Application) -> Decimal:
    """What is committed for `application` and not yet paid out (nor released)."""
    return application_money(application)["open"]


def ledger_release(
    *, application: Application, amount: Decimal, user, note: str = ""
) -> LedgerEntry:
    """Give back (part of) what was committed for `application` and not paid out, to the
    year (and wijk) it was committed in. `user` is None when the fund does it itself."""
    fund_year = _commitment_year(application)  # what is open is read under the lock
    open_amount = open_commitment(application)
    if amount <= 0 or amount > open_amount:
        raise ValidationError(
            _("Er kan hoogstens %(amount)s vrijvallen.") % {"amount": euro(open_amount)}
        )
    return _book(application, fund_year, LedgerEntry.Kind.RELEASED, amount, user, note)


def check_fund_year(fund_year: FundYear) -> None:
    """The year's budget holds what is committed and the wijk shares
    (selectors.check_budget_split); a ValidationError names the budget field."""
    if not fund_year.pk or fund_year.budget is None:
        return
    shares = dict(fund_year.wijk_budgets.values_list("wijk_id", "amount"))
    try:
        check_budget_split(fund_year, fund_year.budget, shares)
    except ValidationError as exc:
        raise ValidationError({"budget": exc.messages}) from exc


def check_wijk_budget(share: WijkBudget) -> None:
    """The share holds what is committed in the wijk, the shares fit in the year with
    what is committed outside them; a share moved to another year or wijk leaves its
    old year whole (selectors.check_budget_split)."""
    if share.fund_year_id is None or share.wijk_id is None or share.amount is None:
        return
    before = WijkBudget.objects.filter(pk=share.pk).values_list("fund_year_id", flat=True)
    years = {share.fund_year_id, *before} if share.pk else {share.fund_year_id}
    for year in FundYear.objects.filter(pk__in=years):
        shares = dict(
            WijkBudget.objects.filter(fund_year=year)
            .exclude(pk=share.pk)
            .values_list("wijk_id", "amount")
        )
        if year.pk == share.fund_year_id:
            shares[share.wijk_id] = share.amount
        try:
            check_budget_split(year, year.budget, shares)
        except ValidationError as exc:
            raise ValidationError({"amount": exc.messages}) from exc


@transaction.atomic
def fund_year_save(*, fund_year: FundYear, user) -> FundYear:
    """Enter or change a year's budget: never below what its wijk shares add up to plus
    what is committed outside them (checked again under the year's row lock)."""
    if fund_year.pk:
        _locked_year(fund_year.pk)
    fund_year.full_clean()
    check_fund_year(fund_year)
    fund_year._history_user = user
    fund_year.save()
    return fund_year


@transaction.atomic
def wijk_budget_save(*, share: WijkBudget, user) -> WijkBudget:
    """Set a wijk's share of a year: never below what is committed in that wijk, and the
    shares never more than the year allows (checked under the year's row lock)."""
    if share.fund_year_id:
        _locked_year(share.fund_year_id)
    if share.pk:
        WijkBudget.objects.select_for_update().filter(pk=share.pk).first()
    share.full_clean()
    check_wijk_budget(share)
    share._history_user = user
    share.save()
    return share


@transaction.atomic
def wijk_budget_delete(*, share: WijkBudget, user) -> None:
    """Take a wijk's share away: what is committed there then counts against the part of
    the year that is not divided. That part always has room for it while the rules hold
    (the share held it); checked anyway, under the lock, for data from before them."""
    fund_year = _locked_year(share.fund_year_id)
    shares = dict(
        WijkBudget.objects.filter(fund_year=fund_year)
        .exclude(pk=share.pk)
        .values_list("wijk_id", "amount")
    )
    try:
        check_budget_split(fund_year, fund_year.budget, shares)
    except ValidationError as exc:
        raise ValidationError(
            _("Dit wijkbudget kan niet weg: %(reason)s") % {"reason": " ".join(exc.messages)}
        ) from exc
    share._history_user = user
    share.delete()


# --- bookings on a grant: in the year it was committed in --------------------------------


def _committed_year_id(application: Application) -> int | None:
    """The fund year the grant was first committed in (None before it was)."""
    return (
        application.ledger_entries.filter(kind=LedgerEntry.Kind.COMMITTED)
        .order_by("pk")
        .values_list("fund_year_id", flat=True)
        .first()
    )


def _commitment_year(application: Application) -> FundYear:
    """The year the grant was committed in, its row locked: what the application has is
    read under that lock, so two bookings at the same moment see each other."""
    first = _committed_year_id(application)
    if first is None:
        raise ValidationError(_("Voor deze aanvraag is geen geld vastgelegd."))
    return _locked_year(first)


def _book(application: Application, fund_year: FundYear, kind, amount, user, note) -> LedgerEntry:
    return LedgerEntry.objects.create(
        fund_year=fund_year,
        wijk_id=application.wijk_id,
        application=application,
        kind=kind,
        amount=amount,
        created_by=user,
        note=(note or "")[:255],
    )


def _check_amount(amount) -> None:
    if not isinstance(amount, Decimal) or not amount.is_finite() or amount <= 0:
        raise ValidationError(_("Het bedrag moet groter dan € 0 zijn."))


# --- payouts (w5-pay): money leaving the account, coming back ----------------------------


@transaction.atomic
def ledger_pay(*, application: Application, amount: Decimal, user, note: str = "") -> LedgerEntry:
    """Book `amount` as paid to the applicant (the bank confirmed a payout): never more
    than is committed and not yet paid out (checked under the year's row lock)."""
    _check_amount(amount)
    fund_year = _commitment_year(application)
    open_amount = application_money(application)["open"]
    if amount > open_amount:
        raise ValidationError(
            _(
                "Er kan niet meer worden uitbetaald dan is toegekend: er staat nog "
                "%(open)s open, deze betaling is %(amount)s."
            )
            % {"open": euro(open_amount), "amount": euro(amount)}
        )
    return _book(application, fund_year, LedgerEntry.Kind.PAID, amount, user, note)


@transaction.atomic
def ledger_return(
    *, application: Application, amount: Decimal, user, note: str = ""
) -> LedgerEntry:
    """Book `amount` as sent back by the bank (a payout that did not arrive): never more
    than is paid out."""
    _check_amount(amount)
    fund_year = _commitment_year(application)
    paid_out = application_money(application)["paid_out"]
    if amount > paid_out:
        raise ValidationError(
            _("Er kan hoogstens %(amount)s worden teruggeboekt: meer is niet uitbetaald.")
            % {"amount": euro(paid_out)}
        )
    return _book(application, fund_year, LedgerEntry.Kind.RETURNED, amount, user, note)


@transaction.atomic
def ledger_reclaim(
    *, application: Application, amount: Decimal, user, note: str = ""
) -> LedgerEntry:
    """Book `amount` as paid back by the applicant (a reclaim that arrived): only what was
    paid out can come back; it counts against the budget no more."""
    _check_amount(amount)
    fund_year = _commitment_year(application)
    paid_out = application_money(application)["paid_out"]
    if amount > paid_out:
        raise ValidationError(
            _("Er kan hoogstens %(amount)s worden terugontvangen: meer is niet uitbetaald.")
            % {"amount": euro(paid_out)}
        )
    return _book(application, fund_year, LedgerEntry.Kind.RECLAIMED, amount, user, note)


# --- co-funding (issue 14, w5-cofund) -------------------------------------------------


def match_room(application: Application) -> Decimal:
    """What the fund may still add to contributions for `application`'s initiative (the
    cap, FundSettings.match_cap, minus what it matched of contributions not refunded),
    and never more than is available in the year and wijk of the grant. Read it with the
    year's row locked (ledger_match does) when booking on it."""
    from ..models import Donation, FundSettings

    cap = FundSettings.load().match_cap
    if cap <= 0:
        return Decimal("0.00")
    donations = Donation.objects.filter(status=Donation.Status.BETAALD)
    if application.initiative_id:
        donations = donations.filter(application__initiative_id=application.initiative_id)
    else:
        donations = donations.filter(application=application)
    matched = donations.aggregate(total=models.Sum("matched_amount"))["total"] or Decimal(0)
    year_id = _committed_year_id(application)
    if year_id is None:
        return Decimal("0.00")
    available = budget_position(FundYear.objects.get(pk=year_id), application.wijk).available
    return max(Decimal("0.00"), min(cap - matched, available))


def ledger_match(
    *, application: Application, amount: Decimal, user, note: str = "", up_to: bool = False
) -> LedgerEntry | None:
    """The fund adds `amount` to a contribution for `application` (a grant): booked as
    matched money in the year (and wijk) the grant was committed in, with the year's row
    and the wijk's share locked so that two matchings at once never pass the cap
    (FundSettings.match_cap per initiative) nor what is available. More than the room
    raises a ValidationError; with `up_to` the fund adds what fits (None when nothing)."""
    year_id = _committed_year_id(application)
    if year_id is None:
        raise ValidationError(
            _("Voor deze aanvraag is geen geld vastgelegd; het fonds kan niets bijleggen.")
        )
    fund_year = _locked_year(year_id)
    WijkBudget.objects.select_for_update().filter(
        fund_year=fund_year, wijk_id=application.wijk_id
    ).first()
    if amount is None or not amount.is_finite() or amount <= 0:
        raise ValidationError(_("Het fonds kan alleen een bedrag groter dan 0 bijleggen."))
    room = match_room(application)
    if up_to:
        amount = min(amount, room)
        if amount <= 0:
            return None
    elif amount > room:
        raise ValidationError(
            _(
                "Het fonds kan hoogstens %(room)s bijleggen: de verdubbeling is begrensd op "
                "%(cap)s per initiatief en op wat er in het budget beschikbaar is."
            )
            % {"room": euro(room), "cap": euro(_cap())}
        )
    note = note or application.reference or ""
    return _book(application, fund_year, LedgerEntry.Kind.MATCHED, amount, user, note)


def _cap() -> Decimal:
    from ..models import FundSettings

    return FundSettings.load().match_cap
