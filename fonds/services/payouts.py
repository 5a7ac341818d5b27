"""Paying out a grant in tranches (the table in fonds.payout_transitions), and getting
money back that must come back. Each move is one function: a transaction with the
payout's row (and its application's) locked, history with who and why, the ledger entry
it means (services.ledger: ledger_pay, ledger_return, ledger_reclaim, ledger_release),
and a notice to the applicant in their channel and language when money moves.

A second click finds the move made already and changes nothing (no error either). What
the plan still has to pay (its open tranches plus those in a batch) is what the ledger
holds open for the application; payouts_cancel_open keeps the two equal."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.notifications import interpolate
from portal.templatetags.portal_tags import euro

from .. import notifications as events
from .. import permissions as perms
from ..letters import long_day
from ..models import (
    Application,
    FundSettings,
    Status,
)
from ..models.payouts import PAYOUT_OPEN, Payout, PayoutStatus, Reclaim
from ..models.reports import ReportStatus
from ..payout_transitions import PAYOUT_TRANSITIONS
from ..selectors import ZERO
from ..transitions import GRANTED
from .applications import clean_iban
from .ledger import (
    application_money,
    ledger_pay,
    ledger_reclaim,
    ledger_release,
    ledger_return,
)
from .messaging import _inform_applicant

CENT = Decimal("0.01")
MAX_TRANCHES = 12
RECLAIM_DAYS = 30  # the applicant pays money back within this many days

# --- reading --------------------------------------------------------------------------


def end_to_end_id(application: Application, number: int, attempt: int = 1) -> str:
    """The payment's reference for the bank: FW-<reference>-<tranche>, with the attempt
    after a dot when a failed payout goes out again (a new reference for each transfer,
    so a statement never confuses the two). At most 35 characters, unique."""
    base = f"FW-{application.reference or application.pk}-{number}"
    if len(base) > 30:
        base = f"FW-{application.pk}-{number}"
    return base if attempt <= 1 else f"{base}.{attempt}"


def report_due(application: Application) -> dt.date:
    """When the accountability report is due: FundSettings.report_weeks after the
    activity, or after the decision when the activity has no date."""
    if application.activity_date:
        start = application.activity_date
    elif application.decided_at:
        start = timezone.localdate(application.decided_at)
    else:
        start = timezone.localdate()
    return start + dt.timedelta(weeks=FundSettings.load().report_weeks)


def plan_total(application: Application) -> Decimal:
    """What the plan pays in all: what the ledger committed for the grant and did not
    release again, with what the fund added to contributions (money reclaimed was paid
    by the plan, so it still counts here)."""
    money = application_money(application)
    return (money["committed"] + money["matched"] - money["released"]).quantize(CENT)


def fixed_total(application: Application) -> Decimal:
    """What of the plan is past changing: in a batch, paid or reclaimed."""
    return (
        application.payouts.exclude(status__in=[*PAYOUT_OPEN, PayoutStatus.GEANNULEERD]).aggregate(
            s=Sum("amount")
        )["s"]
        or ZERO
    )


def underway_total(application: Application) -> Decimal:
    """What is in a batch at the bank and not yet confirmed."""
    return (
        application.payouts.filter(status=PayoutStatus.IN_BATCH).aggregate(s=Sum("amount"))["s"]
        or ZERO
    )


def _report_approved(application: Application) -> bool:
    from ..models.reports import AccountabilityReport

    return AccountabilityReport.objects.filter(
        application=application, status=ReportStatus.GOEDGEKEURD
    ).exists()


# --- helpers --------------------------------------------------------------------------


def _save(payout: Payout, *, status: str, user, reason: str) -> Payout:
    payout.status = status
    payout._history_user = user
    payout._change_reason = str(reason)[:100]
    # The people and the batch are rows this move has in hand: their foreign keys need
    # no query each to be checked (export and statement import move thousands at once).
    payout.full_clean(
        exclude=["application", "batch", "prepared_by", "approved_by"], validate_unique=False
    )
    payout.save()
    return payout


def _lock_application(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("wijk", "applicant")
        .get(pk=application.pk)
    )


def _lock(payout: Payout) -> Payout:
    """The payout and its application, both rows locked (the application first, the
    order every function here keeps)."""
    application = _lock_application(payout.application)
    locked = Payout.objects.select_for_update().get(pk=payout.pk)
    locked.application = application
    return locked


def _check_payable(application: Application) -> None:
    """Only a grant that stands is paid: refused in words for a withdrawn, expired or
    rejected one."""
    if application.status in GRANTED:
        return
    if application.status == Status.INGETROKKEN:
        raise ValidationError(
            _("De aanvrager heeft deze aanvraag ingetrokken; er wordt niets meer uitbetaald.")
        )
    if application.status == Status.VERVALLEN:
        raise ValidationError(_("Deze toekenning is vervallen; er wordt niets meer uitbetaald."))
    raise ValidationError(
        _("Deze aanvraag is niet toegekend (status “%(status)s”); er wordt niets uitbetaald.")
        % {"status": application.get_status_display()}
    )


# Where a move finds its tranche when it was made already (a second click, a colleague
# first, the same statement line read again): nothing to do, and no error.
_DONE = {
    "prepare": {
        PayoutStatus.KLAAR,
        PayoutStatus.GOEDGEKEURD,
        PayoutStatus.IN_BATCH,
        PayoutStatus.BETAALD,
    },
    "approve": {PayoutStatus.GOEDGEKEURD, PayoutStatus.IN_BATCH, PayoutStatus.BETAALD},
    "send_back": {PayoutStatus.GEPLAND},
    "paid": {PayoutStatus.BETAALD, PayoutStatus.TERUGGEVORDERD},
    "fail": {PayoutStatus.MISLUKT},
}


def _move(payout: Payout, name: str, user) -> tuple[Payout, bool]:
    """Lock `payout` and check `user` may make the move `name`. (payout, False) when the
    move was made already (a second click, or a colleague first): nothing to do."""
    transition = PAYOUT_TRANSITIONS[name]
    payout = _lock(payout)
    if payout.status in _DONE.get(name, ()):
        return payout, False
    if name in ("prepare", "approve"):
        _check_payable(payout.application)  # a withdrawn grant: said in words
    if payout.status not in transition.sources:
        raise ValidationError(
            _("Dit kan niet bij een uitbetaling met de status “%(status)s”.")
            % {"status": payout.get_status_display()}
        )
    refusal = perms.payout_refusal(user, payout, transition)
    if refusal is not None:
        raise PermissionDenied(refusal)
    return payout, True


def _tell(application: Application, title, *, body="", sender=None) -> None:
    """The applicant hears of their money in their channel: Mijn overzicht and e-mail
    with an account, and a letter waiting in the admin when informed by post or phone."""
    _inform_applicant(application, title, body=body, sender=sender, event=events.PAYOUT)


def _clean_amount(value, field: str = "amount") -> Decimal:
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except Exception as exc:  # noqa: BLE001 - any unreadable input is one message
            raise ValidationError({field: _("Vul een bedrag in, bijvoorbeeld 250,00.")}) from exc
    if not value.is_finite() or value <= 0:
        raise ValidationError({field: _("Vul een bedrag groter dan € 0 in.")})
    if value != value.quantize(CENT):
        raise ValidationError(
            {field: _("Een bedrag heeft hoogstens twee cijfers achter de komma.")}
        )
    if value >= Decimal("10000000"):
        raise ValidationError({field: _("Dit bedrag is te groot.")})
    return value


# --- the plan -------------------------------------------------------------------------


def _new_payout(application, *, number, kind, amount, due_date, after_report, user, reason):
    payout = Payout(
        application=application,
        number=number,
        kind=kind,
        amount=amount,
        due_date=due_date,
        after_report=after_report,
        end_to_end_id=end_to_end_id(application, number),
    )
    return _save(payout, status=PayoutStatus.GEPLAND, user=user, reason=reason)


@transaction.atomic
def payout_plan_create(*, application: Application, user) -> list[Payout]:
    """The payout plan of a grant just decided: an advance of FundSettings
    .advance_percentage due at once, and the rest after the approved accountability
    report (one tranche when the advance is 100 %, or 0 %). Called where the grant is
    committed; a second call (a double click, a retry) returns the plan there is."""
    application = _lock_application(application)
    existing = list(application.payouts.order_by("number"))
    if existing:
        return existing
    _check_payable(application)
    total = plan_total(application)
    if total <= 0:
        return []
    percentage = FundSettings.load().advance_percentage
    advance = (total * percentage / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)
    rest = total - advance
    today = timezone.localdate()
    payouts = []
    if advance > 0:
        payouts.append(
            _new_payout(
                application,
                number=1,
                kind=Payout.Kind.ADVANCE,
                amount=advance,
                due_date=today,
                after_report=False,
                user=user,
                reason="Betaalplan bij het besluit",
            )
        )
    if rest > 0:
        payouts.append(
            _new_payout(
                application,
                number=len(payouts) + 1,
                kind=Payout.Kind.REST,
                amount=rest,
                due_date=max(report_due(application), today),
                after_report=True,
                user=user,
                reason="Betaalplan bij het besluit",
            )
        )
    return payouts


def _check_tranches(application, tranches) -> list[tuple[Decimal, dt.date, bool]]:
    cleaned = []
    if not tranches:
        raise ValidationError(_("Het plan heeft minstens één tranche."))
    if len(tranches) > MAX_TRANCHES:
        raise ValidationError(
            _("Een plan heeft hoogstens %(count)d tranches.") % {"count": MAX_TRANCHES}
        )
    earliest = timezone.localdate(application.decided_at) if application.decided_at else None
    latest = timezone.localdate() + dt.timedelta(days=3 * 366)
    for amount, due_date, after_report in tranches:
        amount = _clean_amount(amount)
        if not isinstance(due_date, dt.date):
            raise ValidationError(
                {"due_date": _("Vul de datum in waarop de tranche betaald wordt.")}
            )
        if earliest and due_date < earliest:
            raise ValidationError(
                {
                    "due_date": _("Een tranche kan niet vóór het besluit (%(date)s) vallen.")
                    % {"date": long_day(earliest)}
                }
            )
        if due_date > latest:
            raise ValidationError(
                {"due_date": _("Deze datum ligt meer dan drie jaar vooruit; kies een eerdere.")}
            )
        cleaned.append((amount, due_date, bool(after_report)))
    return cleaned


@transaction.atomic
def payout_plan_change(*, application: Application, user, tranches, reason: str) -> list[Payout]:
    """The coordinator changes the split of a grant: `tranches` is the new list of what
    is still to be paid, each (amount, due date, after the report). What is in a batch,
    paid or reclaimed stays as it is; the new tranches add up to the rest of the plan
    (the grant plus matched money). An open tranche whose amount changes must be prepared
    and approved again."""
    application = _lock_application(application)
    if not perms.can_approve_payout(user, application):
        raise PermissionDenied(_("Alleen de coördinator kan het betaalplan wijzigen."))
    _check_payable(application)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf op waarom het betaalplan verandert.")})
    cleaned = _check_tranches(application, tranches)
    fixed = fixed_total(application)
    wanted = plan_total(application) - fixed
    total = sum((amount for amount, _d, _a in cleaned), ZERO)
    if total != wanted:
        raise ValidationError(
            _(
                "De tranches tellen op tot %(total)s, maar er moet nog %(wanted)s worden "
                "betaald (toegekend %(granted)s, al betaald of onderweg %(fixed)s)."
            )
            % {
                "total": euro(total),
                "wanted": euro(wanted),
                "granted": euro(plan_total(application)),
                "fixed": euro(fixed),
            }
        )
    open_payouts = list(
        Payout.objects.select_for_update()
        .filter(application=application, status__in=PAYOUT_OPEN)
        .order_by("number")
    )
    next_number = (application.payouts.aggregate(m=Max("number"))["m"] or 0) + 1
    result = []
    for index, (amount, due_date, after_report) in enumerate(cleaned):
        if index < len(open_payouts):
            payout = open_payouts[index]
            same = (payout.amount, payout.due_date, payout.after_report) == (
                amount,
                due_date,
                after_report,
            )
            if same:
                result.append(payout)
                continue
            status = payout.status
            if payout.amount != amount or payout.after_report != after_report:
                # What was prepared or approved was another payment: do it again.
                if status in (PayoutStatus.KLAAR, PayoutStatus.GOEDGEKEURD):
                    status = PayoutStatus.GEPLAND
                    payout.prepared_by = payout.prepared_at = None
                    payout.approved_by = payout.approved_at = None
            payout.amount, payout.due_date, payout.after_report = amount, due_date, after_report
            result.append(
                _save(payout, status=status, user=user, reason=f"Plan gewijzigd: {reason}")
            )
        else:
            result.append(
                _new_payout(
                    application,
                    number=next_number,
                    kind=Payout.Kind.REST if after_report else Payout.Kind.OTHER,
                    amount=amount,
                    due_date=due_date,
                    after_report=after_report,
                    user=user,
                    reason=f"Plan gewijzigd: {reason}",
                )
            )
            next_number += 1
    for payout in open_payouts[len(cleaned) :]:
        _save(
            payout,
            status=PayoutStatus.GEANNULEERD,
            user=user,
            reason=f"Plan gewijzigd: {reason}",
        )
    return result


# --- the moves of a tranche -----------------------------------------------------------


@transaction.atomic
def payout_prepare(*, payout: Payout, user) -> Payout:
    """The back office sets a tranche ready for approval, with the account it goes to
    (copied from the application now). Refused for a tranche that waits for the report
    until that is approved, for a grant that no longer stands, and for a missing or
    invalid IBAN or account holder. A failed payout prepared again gets a new reference."""
    payout, todo = _move(payout, "prepare", user)
    if not todo:
        return payout
    application = payout.application
    _check_payable(application)
    if payout.after_report and not _report_approved(application):
        raise ValidationError(
            _("Deze tranche wordt pas betaald als de verantwoording is goedgekeurd.")
        )
    try:
        iban = clean_iban(application.iban)
    except ValidationError as exc:
        raise ValidationError(
            _("Het IBAN van de aanvraag is niet bruikbaar: %(reason)s")
            % {"reason": " ".join(exc.messages)}
        ) from exc
    holder = (application.account_holder or "").strip()
    if not holder:
        raise ValidationError(_("Bij de aanvraag staat niet op wiens naam de rekening staat."))
    if payout.status == PayoutStatus.MISLUKT:
        attempt = 2
        while Payout.objects.filter(
            end_to_end_id=end_to_end_id(application, payout.number, attempt)
        ).exists():
            attempt += 1
        payout.end_to_end_id = end_to_end_id(application, payout.number, attempt)
        payout.batch = None
        payout.paid_on = None
    payout.iban, payout.account_holder = iban, holder[:120]
    payout.prepared_by, payout.prepared_at = user, timezone.now()
    payout.approved_by = payout.approved_at = None
    return _save(payout, status=PayoutStatus.KLAAR, user=user, reason="Klaargezet")


@transaction.atomic
def payout_approve(*, payout: Payout, user) -> Payout:
    """The coordinator approves a prepared tranche: never the one who prepared it."""
    payout, todo = _move(payout, "approve", user)
    if not todo:
        return payout
    _check_payable(payout.application)
    payout.approved_by, payout.approved_at = user, timezone.now()
    return _save(payout, status=PayoutStatus.GOEDGEKEURD, user=user, reason="Goedgekeurd")


@transaction.atomic
def payout_send_back(*, payout: Payout, user, reason: str) -> Payout:
    """A prepared or approved tranche goes back to planned (a wrong account, a question
    first), with the reason; it is prepared and approved again later."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf op waarom de uitbetaling terug gaat.")})
    payout, todo = _move(payout, "send_back", user)
    if not todo:
        return payout
    payout.prepared_by = payout.prepared_at = None
    payout.approved_by = payout.approved_at = None
    return _save(payout, status=PayoutStatus.GEPLAND, user=user, reason=f"Teruggezet: {reason}")


def _refuse(label, payouts_with_reasons):
    lines = [f"{payout.end_to_end_id}: {why}" for payout, why in payouts_with_reasons]
    raise ValidationError(f"{label} {' '.join(lines)}")


@transaction.atomic
def payouts_into_batch(*, payouts, batch, user) -> list[Payout]:
    """Put approved tranches in `batch` (the SEPA file being made): all or none. Their
    rows are locked first, in one order, so that two exports at the same moment never
    take the same tranche: the second finds it in a batch already and is refused."""
    ids = sorted({payout.pk for payout in payouts})
    application_ids = sorted(
        set(Payout.objects.filter(pk__in=ids).values_list("application_id", flat=True))
    )
    applications = {
        a.pk: a
        for a in Application.objects.select_for_update(of=("self",))
        .select_related("wijk")
        .filter(pk__in=application_ids)
        .order_by("pk")
    }
    locked = list(Payout.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(ids):
        raise ValidationError(_("Een van de uitbetalingen bestaat niet meer."))
    transition = PAYOUT_TRANSITIONS["into_batch"]
    wrong = []
    for payout in locked:
        payout.application = applications[payout.application_id]
        if payout.status != PayoutStatus.GOEDGEKEURD or payout.batch_id is not None:
            wrong.append(
                (
                    payout,
                    _("heeft de status “%(status)s”, niet “goedgekeurd”.")
                    % {"status": payout.get_status_display()},
                )
            )
            continue
        refusal = perms.payout_refusal(user, payout, transition)
        if refusal is not None:
            raise PermissionDenied(f"{payout.end_to_end_id}: {refusal}")
        if payout.application.status not in GRANTED:
            wrong.append((payout, _("de toekenning staat niet meer.")))
    if wrong:
        _refuse(_("Deze uitbetalingen kunnen niet in het betaalbestand:"), wrong)
    for payout in locked:
        payout.batch = batch
        _save(
            payout,
            status=PayoutStatus.IN_BATCH,
            user=user,
            reason=f"In betaalbestand {getattr(batch, 'message_id', '')}".strip(),
        )
    return locked


@transaction.atomic
def payout_paid(*, payout: Payout, paid_on: dt.date, user, line=None) -> Payout:
    """The bank's statement shows the tranche arrived: paid on `paid_on`, booked in the
    ledger, and the applicant hears it. A second time changes nothing."""
    payout, todo = _move(payout, "paid", user)
    if not todo:
        return payout
    if not isinstance(paid_on, dt.date) or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("De betaaldatum kan niet in de toekomst liggen.")})
    application = payout.application
    where = f" (afschrift {line.statement})" if line is not None else ""
    ledger_pay(
        application=application,
        amount=payout.amount,
        user=user,
        note=f"Uitbetaling {payout.end_to_end_id}{where}",
    )
    payout.paid_on = paid_on
    payout.failed_reason = ""
    payout = _save(payout, status=PayoutStatus.BETAALD, user=user, reason=f"Betaald{where}")
    _tell(
        application,
        interpolate(
            _("%(amount)s van uw toekenning %(reference)s is betaald"),
            {"amount": euro(payout.amount), "reference": application.reference},
        ),
        body=interpolate(
            _(
                "Wij hebben %(amount)s overgemaakt naar rekening %(iban)s (op naam van "
                "%(holder)s). Het bedrag staat %(date)s op uw rekening. Betalingskenmerk: "
                "%(e2e)s."
            ),
            {
                "amount": euro(payout.amount),
                "iban": payout.iban,
                "holder": payout.account_holder,
                "date": long_day(paid_on),
                "e2e": payout.end_to_end_id,
            },
        ),
    )
    return payout


@transaction.atomic
def payout_failed(*, payout: Payout, reason: str, user, line=None) -> Payout:
    """The payment did not arrive (the bank sent it back, or refused it): the tranche is
    open again to be prepared, a payment already booked is booked back, and the applicant
    is asked to check their account number."""
    reason = (reason or "").strip()[:255] or "Teruggeboekt door de bank"
    payout, todo = _move(payout, "fail", user)
    if not todo:
        return payout
    application = payout.application
    if payout.status == PayoutStatus.BETAALD:
        ledger_return(
            application=application,
            amount=payout.amount,
            user=user,
            note=f"Teruggeboekt {payout.end_to_end_id}: {reason}",
        )
    payout.failed_reason = reason
    payout.paid_on = None
    payout = _save(payout, status=PayoutStatus.MISLUKT, user=user, reason=f"Mislukt: {reason}")
    _tell(
        application,
        interpolate(
            _("De betaling van %(amount)s voor %(reference)s is niet aangekomen"),
            {"amount": euro(payout.amount), "reference": application.reference},
        ),
        body=interpolate(
            _(
                "De bank kon %(amount)s niet overmaken naar rekening %(iban)s (op naam van "
                "%(holder)s). Wilt u controleren of dit rekeningnummer en de naam kloppen? "
                "Klopt er iets niet, neem dan contact met ons op; dan passen wij het aan en "
                "betalen wij opnieuw."
            ),
            {
                "amount": euro(payout.amount),
                "iban": payout.iban or application.iban,
                "holder": payout.account_holder or application.account_holder,
            },
        ),
    )
    return payout


@transaction.atomic
def payouts_cancel_open(
    *, application: Application, user, reason: str, keep: Decimal | None = None
) -> Decimal:
    """Cancel the grant's tranches still to be paid (`keep` None), or shrink them, last
    first, so that at most `keep` is still to be paid; what is in a batch at the bank is
    left alone. The ledger then releases what it held open beyond what the plan still
    pays (with no plan at all: everything open, or all but `keep`). Returns what was
    released. Called by the application's moves (withdrawal, reduction, expiry) and the
    report's review, which checked who may; `user` None is the fund itself."""
    application = _lock_application(application)
    note = str(reason)[:200]
    open_payouts = list(
        Payout.objects.select_for_update()
        .filter(application=application, status__in=PAYOUT_OPEN)
        .order_by("-number")
    )
    has_plan = application.payouts.exists()
    remaining = sum((p.amount for p in open_payouts), ZERO)
    budget = ZERO if keep is None else max(keep, ZERO)
    for payout in open_payouts:
        if remaining <= budget:
            break
        excess = remaining - budget
        if excess >= payout.amount:
            remaining -= payout.amount
            _save(payout, status=PayoutStatus.GEANNULEERD, user=user, reason=f"Geannuleerd: {note}")
        else:
            payout.amount -= excess
            remaining -= excess
            status = payout.status
            if status in (PayoutStatus.KLAAR, PayoutStatus.GOEDGEKEURD):
                status = PayoutStatus.GEPLAND  # approved for another amount: again
                payout.prepared_by = payout.prepared_at = None
                payout.approved_by = payout.approved_at = None
            _save(payout, status=status, user=user, reason=f"Verlaagd: {note}")
    still_owed = remaining + underway_total(application) if has_plan else budget
    open_amount = application_money(application)["open"]
    release = open_amount - still_owed
    if release > 0:
        ledger_release(application=application, amount=release, user=user, note=note)
        return release
    return ZERO


# --- money back -----------------------------------------------------------------------


def _reclaim_reference(application: Application) -> str:
    count = Reclaim.objects.filter(application=application).count() + 1
    reference = f"TV-{application.reference or application.pk}-{count}"
    while Reclaim.objects.filter(reference=reference).exists():
        count += 1
        reference = f"TV-{application.reference or application.pk}-{count}"
    return reference[:35]


@transaction.atomic
def reclaim_request(*, application: Application, amount, reason: str, user) -> Reclaim:
    """Ask money paid out back from the applicant (unspent, or the activity did not
    happen): a Reclaim with a payment reference and a due date, a notice (or letter) in
    their channel, and the paid tranches it covers marked reclaimed, newest first. Never
    more than is paid out and not asked back yet. `user` None is the fund itself; staff
    are reviewers or coordinators of the wijk, not involved in the application."""
    application = _lock_application(application)
    if user is not None and not (
        perms.can_review(user, application) or perms.can_approve_payout(user, application)
    ):
        raise PermissionDenied(_("U mag bij deze aanvraag geen geld terugvragen."))
    amount = _clean_amount(amount)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf op waarom het geld terug moet.")})
    asked = (
        application.reclaims.filter(status=Reclaim.Status.OPEN).aggregate(s=Sum("amount"))["s"]
        or ZERO
    )
    can_ask = application_money(application)["paid_out"] - asked
    if amount > can_ask:
        raise ValidationError(
            {
                "amount": _(
                    "Er kan hoogstens %(amount)s worden teruggevraagd: meer is niet "
                    "uitbetaald (of al teruggevraagd)."
                )
                % {"amount": euro(max(can_ask, ZERO))}
            }
        )
    reclaim = Reclaim(
        application=application,
        amount=amount,
        reason=reason,
        reference=_reclaim_reference(application),
        due_date=timezone.localdate() + dt.timedelta(days=RECLAIM_DAYS),
        created_by=user,
    )
    reclaim._history_user = user
    reclaim._change_reason = "Teruggevraagd"
    reclaim.save()
    left = amount
    paid = Payout.objects.select_for_update().filter(
        application=application, status=PayoutStatus.BETAALD
    )
    for payout in paid.order_by("-number"):
        if left <= 0:
            break
        left -= payout.amount
        _save(
            payout,
            status=PayoutStatus.TERUGGEVORDERD,
            user=user,
            reason=f"Teruggevorderd ({reclaim.reference})",
        )
    _tell(
        application,
        interpolate(
            _("Wij vragen %(amount)s terug van uw toekenning %(reference)s"),
            {"amount": euro(amount), "reference": application.reference},
        ),
        body=interpolate(
            _(
                "%(reason)s\n\nWilt u %(amount)s uiterlijk %(date)s overmaken naar de "
                "rekening van het fonds, met het betalingskenmerk %(ref)s? Dan weten wij "
                "waar de betaling bij hoort. Lukt dat niet, neem dan contact met ons op."
            ),
            {
                "reason": reason,
                "amount": euro(amount),
                "date": long_day(reclaim.due_date),
                "ref": reclaim.reference,
            },
        ),
        sender=user,
    )
    return reclaim


@transaction.atomic
def reclaim_received(*, reclaim: Reclaim, received_on: dt.date, user, line=None) -> Reclaim:
    """The money asked back arrived (found in a statement, or recorded by hand): booked
    in the ledger as reclaimed. A second time changes nothing."""
    application = _lock_application(reclaim.application)
    reclaim = Reclaim.objects.select_for_update().get(pk=reclaim.pk)
    if reclaim.status == Reclaim.Status.RECEIVED:
        return reclaim
    if reclaim.status != Reclaim.Status.OPEN:
        raise ValidationError(
            _("Deze terugvordering heeft de status “%(status)s”.")
            % {"status": reclaim.get_status_display()}
        )
    if not (
        perms.can_prepare_payout(user, application) or perms.can_approve_payout(user, application)
    ):
        raise PermissionDenied(_("U mag bij deze aanvraag geen terugbetaling boeken."))
    if not isinstance(received_on, dt.date) or received_on > timezone.localdate():
        raise ValidationError(
            {"received_on": _("De datum van ontvangst kan niet in de toekomst liggen.")}
        )
    where = f" (afschrift {line.statement})" if line is not None else ""
    ledger_reclaim(
        application=application,
        amount=reclaim.amount,
        user=user,
        note=f"Terugbetaling {reclaim.reference}{where}",
    )
    reclaim.status = Reclaim.Status.RECEIVED
    reclaim.received_on = received_on
    reclaim._history_user = user
    reclaim._change_reason = f"Ontvangen{where}"
    reclaim.save()
    return reclaim


# --- many at once (the admin's bulk actions) -------------------------------------------


def _each(payouts, move, user) -> tuple[list[Payout], list[str]]:
    done, refused = [], []
    for payout in payouts:
        try:
            done.append(move(payout=payout, user=user))
        except (PermissionDenied, ValidationError) as exc:
            messages = getattr(exc, "messages", None) or [str(exc)]
            refused.append(f"{payout.end_to_end_id}: {' '.join(str(m) for m in messages)}")
    return done, refused


def payouts_prepare(*, payouts, user) -> tuple[list[Payout], list[str]]:
    """Prepare several tranches; each its own step: one that cannot is named with why."""
    return _each(payouts, payout_prepare, user)


def payouts_approve(*, payouts, user) -> tuple[list[Payout], list[str]]:
    """Approve several tranches; the ones the user prepared are refused with the reason."""
    return _each(payouts, payout_approve, user)
