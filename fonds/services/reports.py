"""The accountability report (verantwoording) of a grant: opened at the grant with its due
date, kept as a draft by the applicant, submitted when complete, reviewed by staff (approved
or sent back for more), or closed because the activity did not happen. Each move is one
function in one transaction, with the application's and the report's rows locked (in that
order), history with who and why, a line in the application's history (its timeline) and a
notice to the applicant in their channel (a letter to send for post and phone).

Approval settles the money with the payouts (fonds.services.payouts): what was spent less
than granted is released from the open tranches, what was paid more than spent is
reclaimed. The table of moves is fonds.report_transitions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.notifications import interpolate, notify
from portal.templatetags.portal_tags import euro

from .. import notifications as events
from .. import permissions as perms
from ..letters import long_day
from ..models import (
    AccountabilityReport,
    Application,
    FundSettings,
    Reclaim,
    ReportCost,
    ReportFile,
    ReportStatus,
    Status,
)
from ..report_transitions import REPORT_TRANSITIONS
from ..selectors import ZERO
from ..transitions import GRANTED
from .ledger import application_money
from .messaging import _inform_applicant, people_to_notify, staff_url

# --- opening --------------------------------------------------------------------------


def report_due_date(application: Application) -> dt.date:
    """The day the report must be in: FundSettings.report_weeks after the activity (its
    last day), or after the decision when no activity date is known."""
    start = application.activity_date
    if start is None:
        decided = application.decided_at or timezone.now()
        start = timezone.localdate(decided)
    return start + dt.timedelta(weeks=FundSettings.load().report_weeks)


@transaction.atomic
def report_open(*, application: Application) -> AccountabilityReport:
    """The grant's report, made now (status open, with its due date) when it has none.
    Calling it again returns the same report: safe at the grant and on the resident's page."""
    existing = AccountabilityReport.objects.filter(application_id=application.pk).first()
    if existing is not None:
        return existing
    locked = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    existing = AccountabilityReport.objects.filter(application_id=locked.pk).first()
    if existing is not None:  # made while we waited for the lock
        return existing
    if locked.status not in GRANTED:
        raise ValidationError(_("Alleen een toegekende aanvraag heeft een verantwoording."))
    report = AccountabilityReport(application=locked, due_date=report_due_date(locked))
    report._change_reason = "Verantwoording klaargezet bij de toekenning"
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        return AccountabilityReport.objects.get(application_id=locked.pk)
    return report


# --- checks ---------------------------------------------------------------------------


def _lock(report: AccountabilityReport, name: str, user) -> AccountabilityReport:
    """The application's row, then the report's, locked; the move allowed for `user`."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("wijk", "applicant")
        .get(pk=report.application_id)
    )
    locked = AccountabilityReport.objects.select_for_update().get(pk=report.pk)
    locked.application = application
    transition = REPORT_TRANSITIONS[name]
    if locked.status not in transition.sources:
        if transition.target is not None and locked.status == transition.target:
            # A second click, or a colleague was first: the lock made us wait for them.
            raise ValidationError(
                _("Dit is al gebeurd: de verantwoording heeft nu de status “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        raise ValidationError(
            _("Dit kan niet meer: de verantwoording heeft de status “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    allowed, reason = perms.can_move_report(user, locked, transition)
    if not allowed:
        raise PermissionDenied(reason)
    return locked


def _save(report: AccountabilityReport, *, user, reason: str, status: str | None = None):
    if status is not None:
        report.status = status
    report._history_user = user
    report._change_reason = reason[:100]
    report.save()
    return report


def _note_on_application(application: Application, *, user, reason: str) -> None:
    """A line in the application's history, which its timeline shows."""
    application._history_user = user
    application._change_reason = reason[:100]
    application.save(update_fields=["updated_at"])


def report_spent(report: AccountabilityReport) -> Decimal:
    """What the activity really cost, per the report (budget lines and extra costs)."""
    return report.costs.aggregate(s=Sum("amount"))["s"] or ZERO


def missing_for_report(report: AccountabilityReport) -> dict[str, list[str]]:
    """What a submission still lacks, per field of the form, in words for beside it."""
    errors: dict[str, list[str]] = {}

    def need(field, message):
        errors.setdefault(field, []).append(str(message))

    if not report.what_happened.strip():
        need("what_happened", _("Vertel kort wat er is gebeurd."))
    if report.participants is None:
        need("participants", _("Vul in hoeveel mensen er ongeveer meededen."))
    done = set(report.costs.exclude(budget_line=None).values_list("budget_line_id", flat=True))
    for line in report.application.budget_lines.all():
        if line.pk not in done:
            need(
                f"line_{line.pk}",
                _("Vul in wat “%(line)s” werkelijk kostte (0 als het niets kostte).")
                % {"line": line.description},
            )
    if report_spent(report) > 0 and not report.files.filter(kind=ReportFile.Kind.RECEIPT).exists():
        need("receipts", _("Voeg minstens één bon of factuur toe (PDF of foto)."))
    return errors


# --- the applicant's moves ------------------------------------------------------------


@transaction.atomic
def report_save_draft(
    *,
    report: AccountabilityReport,
    user,
    data: dict,
    costs,
    files=(),
    remove=(),
    keep_extras: bool = False,
) -> AccountabilityReport:
    """Keep what the applicant typed, complete or not: `data` (what_happened,
    participants), `costs` as (budget line or None, description, amount or None) — an
    amount of None leaves that budget line open —, `files` as (kind, name, file) and
    `remove` (ids of the report's own files to take away). Extra costs (no budget line)
    are replaced by those given, unless `keep_extras` (a row of them had a mistake)."""
    report = _lock(report, "save", user)
    application = report.application
    if "what_happened" in data:
        report.what_happened = data["what_happened"] or ""
    if "participants" in data:
        report.participants = data["participants"]
    report.full_clean(exclude=["application"])
    _save(report, user=user, reason="Verantwoording opgeslagen")
    lines = {line.pk: line for line in application.budget_lines.all()}
    existing = list(report.costs.all())
    by_line = {cost.budget_line_id: cost for cost in existing if cost.budget_line_id}
    for cost in existing:
        if cost.budget_line_id is None and not keep_extras:
            cost._history_user = user
            cost.delete()
    for line, description, amount in costs:
        if line is None and keep_extras:
            continue
        if line is not None and line.pk not in lines:
            raise ValidationError(_("Deze kostenpost hoort niet bij uw aanvraag."))
        current = by_line.get(line.pk) if line is not None else None
        if amount is None:
            if current is not None:
                current._history_user = user
                current.delete()
            continue
        cost = current or ReportCost(report=report, budget_line=line)
        cost.description = (line.description if line is not None else description)[:200]
        cost.amount = amount
        cost.full_clean()
        cost._history_user = user
        cost._change_reason = "Verantwoording opgeslagen"
        cost.save()
    if remove:
        for old in report.files.filter(pk__in=list(remove)):
            old._history_user = user
            old._change_reason = "Bestand verwijderd"
            old.file.delete(save=False)
            old.delete()
    for kind, name, content in files:
        part = ReportFile(report=report, kind=kind, name=name[:120], uploaded_by=user)
        part.file.save(content.name, content, save=False)
        part._history_user = user
        part._change_reason = "Bestand toegevoegd"
        part.save()
    return report


@transaction.atomic
def report_submit(*, report: AccountabilityReport, user) -> AccountabilityReport:
    """Hand in the report: refused, with a message per field, while something is missing
    (what happened, participants, a cost per budget line, a receipt when money was spent)."""
    current = AccountabilityReport.objects.filter(pk=report.pk).values_list("status", flat=True)
    if current.first() == ReportStatus.INGEDIEND:
        return AccountabilityReport.objects.get(pk=report.pk)  # a double click
    report = _lock(report, "submit", user)
    application = report.application
    missing = missing_for_report(report)
    if missing:
        raise ValidationError(missing)
    again = report.status == ReportStatus.AANVULLEN
    report.submitted_at, report.submitted_by = timezone.now(), user
    _save(
        report,
        user=user,
        reason="Aanvulling ingediend" if again else "Verantwoording ingediend",
        status=ReportStatus.INGEDIEND,
    )
    _note_on_application(
        application,
        user=user,
        reason="Verantwoording aangevuld" if again else "Verantwoording ingediend",
    )
    facts = {"reference": application.reference, "title": application.title}
    _inform_applicant(
        application,
        interpolate(_("Uw verantwoording voor %(reference)s is ontvangen"), facts),
        body=interpolate(
            _(
                "Dank u voor de verantwoording van “%(title)s”. Een medewerker bekijkt hem "
                "en laat u weten of hij is goedgekeurd of dat er iets ontbreekt."
            ),
            facts,
        ),
    )
    notify(
        event=events.REPORT_TO_REVIEW.name,
        recipients=_reviewers(application),
        title=interpolate(_("Verantwoording te beoordelen: %(reference)s “%(title)s”"), facts),
        url=staff_url(application),
        exclude=user,
    )
    return report


def _reviewers(application: Application) -> list:
    if application.reviewer_id and application.reviewer.is_active:
        return [application.reviewer]
    return people_to_notify("review_application", application.wijk_id, application=application)


# --- the reviewer's moves -------------------------------------------------------------


@transaction.atomic
def report_ask_more(*, report: AccountabilityReport, user, text: str) -> AccountabilityReport:
    """Send the report back: the applicant reads what is missing, in their channel."""
    report = _lock(report, "ask_more", user)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf op wat er ontbreekt.")})
    application = report.application
    report.review_note = text
    report.reviewed_at, report.reviewed_by = timezone.now(), user
    _save(report, user=user, reason=f"Aanvulling gevraagd: {text}", status=ReportStatus.AANVULLEN)
    _note_on_application(application, user=user, reason=f"Aanvulling verantwoording: {text}")
    facts = {"reference": application.reference, "title": application.title}
    _inform_applicant(
        application,
        interpolate(_("Uw verantwoording voor %(reference)s is nog niet compleet"), facts),
        body=interpolate(
            _(
                "We hebben uw verantwoording van “%(title)s” bekeken. Er ontbreekt nog iets:"
                "\n\n%(text)s\n\nVul de verantwoording aan in Mijn aanvragen en dien hem "
                "opnieuw in."
            ),
            {**facts, "text": text},
        ),
        sender=user,
    )
    return report


def _settle(application: Application, *, spent: Decimal, user, reason: str) -> dict:
    """Bring the grant down to `spent` (payouts_cancel_open, reclaim_request): the open
    tranches shrink so that at most spent − paid − underway is still paid (the rest is
    released), and what was paid out above `spent` is reclaimed (never more than the
    ledger says is paid and not yet asked back; money still in a batch at the bank cannot
    be asked back before it arrives). `user` None: the fund itself (the applicant's own
    "not happened" makes the fund ask the money back). Returns the figures."""
    money = application_money(application)
    granted = money["used"]
    result = {"granted": granted, "spent": spent, "released": ZERO, "reclaim": ZERO}
    if spent >= granted:
        return result
    from .payouts import payouts_cancel_open, reclaim_request, underway_total

    paid, underway = money["paid_out"], underway_total(application)
    keep = max(spent - paid - underway, ZERO)
    result["released"] = payouts_cancel_open(
        application=application, user=user, reason=reason, keep=keep
    )
    asked = (
        application.reclaims.filter(status=Reclaim.Status.OPEN).aggregate(s=Sum("amount"))["s"]
        or ZERO
    )
    reclaim = min(paid + underway - spent, paid - asked)
    if reclaim > 0:
        staff = user is not None and not perms.is_applicant(user, application)
        reclaim_request(
            application=application,
            amount=reclaim,
            reason=reason,
            user=user if staff else None,
        )
        result["reclaim"] = reclaim
    return result


@transaction.atomic
def report_approve(*, report: AccountabilityReport, user) -> AccountabilityReport:
    """Approve: the tranches that waited for the report may now be paid (payout_prepare
    reads the report's status). Spent less than granted: the difference is released from
    the open tranches; spent less than already paid: the difference is reclaimed."""
    report = _lock(report, "approve", user)
    application = report.application
    spent = report_spent(report)
    report.reviewed_at, report.reviewed_by = timezone.now(), user
    report.review_note = ""
    _save(report, user=user, reason="Verantwoording goedgekeurd", status=ReportStatus.GOEDGEKEURD)
    money = _settle(
        application,
        spent=spent,
        user=user,
        reason=str(
            _("Volgens de goedgekeurde verantwoording is %(spent)s uitgegeven.")
            % {"spent": euro(spent)}
        ),
    )
    _note_on_application(application, user=user, reason="Verantwoording goedgekeurd")
    facts = {
        "reference": application.reference,
        "title": application.title,
        "spent": euro(spent),
        "granted": euro(money["granted"]),
        "reclaim": euro(money["reclaim"]),
    }
    if money["reclaim"] > 0:
        body = _(
            "Dank u. U heeft %(spent)s uitgegeven van de %(granted)s die u kreeg. U heeft "
            "meer ontvangen dan u uitgaf: u krijgt een aparte brief over het terugbetalen van "
            "%(reclaim)s."
        )
    elif spent < money["granted"]:
        body = _(
            "Dank u. U heeft %(spent)s uitgegeven van de %(granted)s die u kreeg. We betalen "
            "wat nog openstaat tot het bedrag dat u uitgaf; de rest gaat terug naar het fonds."
        )
    else:
        body = _(
            "Dank u. De verantwoording van “%(title)s” is goedgekeurd. Wat nog openstaat van "
            "de toekenning betalen we nu uit."
        )
    _inform_applicant(
        application,
        interpolate(_("Uw verantwoording voor %(reference)s is goedgekeurd"), facts),
        body=interpolate(body, facts),
        sender=user,
    )
    return report


# --- the activity did not happen ------------------------------------------------------


@transaction.atomic
def report_not_happened(*, report: AccountabilityReport, user, reason: str):
    """The activity did not take place (the applicant says so, or staff after the final
    reminder, or for an applicant who told them by post or phone): the grant lapses
    (status vervallen, as when it is not used in time), its open tranches are cancelled
    and their money released, and what was paid is reclaimed by letter."""
    report = _lock(report, "not_happened", user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf kort op waarom de activiteit niet doorging.")})
    application = report.application
    if application.status not in GRANTED:
        raise ValidationError(
            _("De aanvraag heeft de status “%(status)s”; er is niets meer af te sluiten.")
            % {"status": application.get_status_display()}
        )
    report.review_note = reason
    if not perms.is_applicant(user, application):
        report.reviewed_at, report.reviewed_by = timezone.now(), user
    _save(
        report,
        user=user,
        reason=f"Niet doorgegaan: {reason}",
        status=ReportStatus.NIET_DOORGEGAAN,
    )
    # Contributions through the website go back to their givers first, with the fund's
    # matching; then what is left of the grant is settled.
    from .cofunding import donations_refund

    donations_refund(application=application, user=user, reason="Activiteit niet doorgegaan")
    money = _settle(
        application,
        spent=ZERO,
        user=user,
        reason=str(_("De activiteit is niet doorgegaan: %(reason)s") % {"reason": reason}),
    )
    application.status = Status.VERVALLEN
    application.queue_due = application.running_term_due()
    application._history_user = user
    application._change_reason = f"Activiteit niet doorgegaan: {reason}"[:100]
    application.save()
    facts = {
        "reference": application.reference,
        "title": application.title,
        "released": euro(money["released"]),
        "reclaim": euro(money["reclaim"]),
    }
    body = _(
        "De activiteit “%(title)s” is niet doorgegaan. Daarom sluiten we uw aanvraag af. "
        "Wat nog niet was uitbetaald, gaat terug naar het fonds."
    )
    if money["reclaim"] > 0:
        body = _(
            "De activiteit “%(title)s” is niet doorgegaan. Daarom sluiten we uw aanvraag af. "
            "Wat nog niet was uitbetaald, gaat terug naar het fonds. U heeft al %(reclaim)s "
            "ontvangen; daarover krijgt u een aparte brief om het terug te betalen."
        )
    _inform_applicant(
        application,
        interpolate(_("Uw aanvraag %(reference)s is afgesloten"), facts),
        body=interpolate(body, facts),
        sender=None if perms.is_applicant(user, application) else user,
    )
    return report


# --- terms: reminders and escalation --------------------------------------------------


def reports_waiting_for_applicant():
    return AccountabilityReport.objects.filter(
        status__in=[ReportStatus.OPEN, ReportStatus.AANVULLEN],
        application__status__in=list(GRANTED),
    )


def report_terms(today: dt.date | None = None) -> dict[str, int]:
    """Once a day: a reminder two weeks before the due date, a final reminder on (or
    after) it, and, a number of working days (FundSettings.report_escalation_days) after
    it, word to the reviewer and the coordinators. Each is sent once per report: the
    moment is stored under the report's row lock, so two runs at once send once."""
    from portal.workdays import WorkingCalendar

    today = today or timezone.localdate()
    escalate_after = FundSettings.load().report_escalation_days
    calendar = WorkingCalendar.around(today, days=max(60, escalate_after * 2))
    counts = {"reminded": 0, "final": 0, "escalated": 0}
    candidates = (
        reports_waiting_for_applicant()
        .filter(due_date__lte=today + dt.timedelta(days=14))
        .exclude(
            reminded_at__isnull=False,
            final_reminder_at__isnull=False,
            escalated_at__isnull=False,
        )
        .values_list("pk", flat=True)
    )
    for pk in list(candidates):
        step = _report_term(pk, today=today, calendar=calendar, escalate_after=escalate_after)
        if step:
            counts[step] += 1
    return counts


@transaction.atomic
def _report_term(pk: int, *, today, calendar, escalate_after: int) -> str:
    """At most one step for one report, under its row lock; the step's name or ""."""
    report = (
        reports_waiting_for_applicant()
        .select_for_update(of=("self",))
        .select_related("application__wijk", "application__applicant", "application__reviewer")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        return ""
    application = report.application
    now = timezone.now()
    facts = {
        "reference": application.reference,
        "title": application.title,
        "date": long_day(report.due_date),
    }
    # Working days late: 0 on the due day, counted in Dutch working days after it.
    late = calendar.between(report.due_date, today) if today > report.due_date else 0
    # Escalation only after the applicant had the final reminder (a report first seen
    # when it is already late gets the final reminder today, the escalation a run later).
    if (
        report.escalated_at is None
        and report.final_reminder_at is not None
        and today > report.due_date
        and late >= escalate_after
    ):
        recipients = [
            *_reviewers(application),
            *people_to_notify("confirm_decision", application.wijk_id, application=application),
        ]
        notify(
            event=events.REPORT_ESCALATED.name,
            recipients=recipients,
            title=interpolate(_("Verantwoording te laat: %(reference)s “%(title)s”"), facts),
            body=interpolate(
                _(
                    "De verantwoording moest uiterlijk %(date)s binnen zijn en is er nog niet. "
                    "Neem contact op met de aanvrager, of sluit de aanvraag af als de "
                    "activiteit niet is doorgegaan."
                ),
                facts,
            ),
            url=staff_url(application),
        )
        report.escalated_at = now
        _save(report, user=None, reason="Te laat: doorgegeven aan behandelaar en coördinatoren")
        return "escalated"
    if report.final_reminder_at is None and today >= report.due_date:
        _inform_applicant(
            application,
            interpolate(_("Laatste herinnering: verantwoording voor %(reference)s"), facts),
            body=interpolate(
                _(
                    "Uw verantwoording van “%(title)s” moest uiterlijk %(date)s binnen zijn. "
                    "Wilt u hem zo snel mogelijk indienen via Mijn aanvragen? Is de "
                    "activiteit niet doorgegaan, laat het ons dan weten: dan sluiten we de "
                    "aanvraag af. Zonder verantwoording kunnen we het laatste deel niet "
                    "uitbetalen en moeten we wat al is betaald mogelijk terugvragen."
                ),
                facts,
            ),
        )
        report.final_reminder_at = now
        report.reminded_at = report.reminded_at or now
        _save(report, user=None, reason="Laatste herinnering gestuurd")
        _note_on_application(application, user=None, reason="Laatste herinnering verantwoording")
        return "final"
    if report.reminded_at is None and today < report.due_date:
        _inform_applicant(
            application,
            interpolate(_("Herinnering: verantwoording voor %(reference)s"), facts),
            body=interpolate(
                _(
                    "Over twee weken, uiterlijk %(date)s, verwachten we uw verantwoording van "
                    "“%(title)s”: wat er is gebeurd, hoeveel mensen meededen, wat het "
                    "kostte, met foto's en de bonnen. U vult hem in via Mijn aanvragen en "
                    "kunt tussendoor opslaan."
                ),
                facts,
            ),
        )
        report.reminded_at = now
        _save(report, user=None, reason="Herinnering gestuurd")
        return "reminded"
    return ""
