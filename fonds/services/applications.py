"""Every move of an application, from draft to decision and expiry. Each function checks
permission, changes the data inside a transaction with the application's row locked,
leaves history, and announces itself."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from portal.notifications import interpolate, notify
from portal.roles import staff_signature
from portal.templatetags.portal_tags import euro
from portal.workdays import (
    add_working_days,
    extend_by_working_days,
    response_terms,
    working_days_between,
)

from .. import notifications as events
from .. import permissions as perms
from ..letters import long_day
from ..models import (
    Application,
    ConflictOfInterest,
    FundSettings,
    HwzAdvice,
    LedgerEntry,
    LetterKind,
    Outcome,
    Question,
    Status,
)
from ..models.payouts import PAYOUT_OUT
from ..selectors import ZERO
from ..transitions import GRANTED, OUTCOME, TRANSITIONS
from .cofunding import donations_refund
from .ledger import application_money, ledger_commit, ledger_release, open_commitment
from .letters import letter_send
from .messaging import (
    _inform_applicant,
    _tell_applicant,
    _tell_reviewer,
    people_to_notify,
    staff_url,
)

# --- completeness ---------------------------------------------------------------------


def clean_iban(value: str) -> str:
    """`value` as a compact IBAN; one message per kind of mistake, each with the example."""
    from schwifty.exceptions import (
        InvalidBBANChecksum,
        InvalidChecksumDigits,
        InvalidCountryCode,
        InvalidLength,
    )

    if not (value or "").strip():
        raise ValidationError(_("Vul het IBAN in, bijvoorbeeld NL91 ABNA 0417 1643 00."))
    try:
        return IBAN(value).compact
    except InvalidCountryCode as exc:
        reason = _("het begint niet met een landcode zoals NL")
        raise ValidationError(_iban_message(reason)) from exc
    except InvalidLength as exc:
        count = len("".join(value.split()))
        if value.strip().upper().startswith("NL"):
            reason = _("het heeft %(count)d tekens; een Nederlands IBAN heeft er 18") % {
                "count": count
            }
        else:
            reason = _("het aantal tekens (%(count)d) past niet bij het land") % {"count": count}
        raise ValidationError(_iban_message(reason)) from exc
    except (InvalidChecksumDigits, InvalidBBANChecksum) as exc:
        reason = _("de controlecijfers kloppen niet; misschien is er een cijfer verwisseld")
        raise ValidationError(_iban_message(reason)) from exc
    except SchwiftyException as exc:
        reason = _("het bevat tekens die niet in een IBAN horen")
        raise ValidationError(_iban_message(reason)) from exc


def _iban_message(reason) -> str:
    return _(
        "Dit IBAN klopt niet: %(reason)s. Neem het over van uw bankpas of afschrift, "
        "bijvoorbeeld NL91 ABNA 0417 1643 00."
    ) % {"reason": reason}


def budget_sums(application: Application) -> tuple[Decimal, Decimal, Decimal]:
    """The costs, the other money and what that leaves to ask of the fund."""
    costs = application.budget_lines.aggregate(s=Sum("amount"))["s"] or Decimal("0")
    others = application.contributions.aggregate(s=Sum("amount"))["s"] or Decimal("0")
    return costs, others, costs - others


def missing_for_submission(application: Application) -> dict[str, list[str]]:
    """What a submission still lacks, per field, in words for beside the field."""
    errors: dict[str, list[str]] = {}

    def need(field, message):
        errors.setdefault(field, []).append(message)

    if not application.description.strip():
        need("description", _("Beschrijf de activiteit en voor wie die is."))
    if application.pillar_id is None:
        need("pillar", _("Kies de pijler waar de activiteit aan bijdraagt."))
    if not application.account_holder.strip():
        need("account_holder", _("Vul in op wiens naam de rekening staat."))
    try:
        clean_iban(application.iban)
    except ValidationError as exc:
        need("iban", exc.messages[0])
    if not application.declaration:
        need("declaration", _("Bevestig dat u alles naar waarheid heeft ingevuld."))
    if (
        application.applicant_kind == Application.ApplicantKind.GROUP
        and not application.resident_group_id
        and not application.group_name
    ):
        need("resident_group", _("Kies de bewonersgroep waarvoor u aanvraagt."))
    costs, others, requested = budget_sums(application)
    if not costs:
        need("budget_lines", _("Voeg minstens één kostenpost toe, met het bedrag."))
    elif requested <= 0:
        need(
            "budget_lines",
            _(
                "De kosten zijn %(costs)s en de andere bijdragen %(others)s; er blijft dus "
                "niets over om bij het fonds aan te vragen."
            )
            % {"costs": euro(costs), "others": euro(others)},
        )
    return errors


# --- moving an application ------------------------------------------------------------


def _lock(application: Application, name: str, user) -> Application:
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("wijk", "applicant")
        .get(pk=application.pk)
    )
    transition = TRANSITIONS[name]
    if locked.status not in transition.sources and (
        locked.status == transition.target
        or (transition.target == OUTCOME and locked.status in Outcome.values)
    ):
        # Someone else (or a second click) was first: the row lock made us wait for them.
        raise ValidationError(
            _("Dit is al gebeurd: de aanvraag heeft nu de status “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    allowed, reason = perms.can_transition(user, locked, transition)
    if not allowed:
        raise PermissionDenied(reason)
    return locked


def _record(instance, user, reason: str):
    """Save a part of an application with who did it and why, for its history."""
    instance._history_user = user
    instance._change_reason = reason
    instance.save()
    return instance


def _save(application: Application, *, status: str, user, reason: str) -> Application:
    application.status = status
    application.queue_due = application.running_term_due()
    application._history_user = user
    application._change_reason = reason
    application.save()
    return application


@transaction.atomic
def application_submit(
    *, application: Application, user, received_at: dt.datetime | None = None
) -> Application:
    """Submit: the reference number and the three due dates are fixed now, or, for a
    paper form entered by staff, counted from `received_at`. Submitting twice does
    nothing the second time."""
    current = Application.objects.select_for_update().get(pk=application.pk)
    if current.status != Status.CONCEPT and current.submitted_at:
        return current  # a double submit: the first one counts
    application = _lock(application, "submit", user)
    _check_submissions_today(application, user)
    missing = missing_for_submission(application)
    if missing:
        raise ValidationError(missing)
    now = timezone.now()
    if received_at is not None and received_at < now and user.pk != application.applicant_id:
        now = received_at  # the day the paper form came in (assisted intake)
    terms = response_terms()
    application.iban = clean_iban(application.iban)
    application.amount_requested = budget_sums(application)[2]
    application.submitted_at = now
    application.acknowledge_due = add_working_days(now, terms.acknowledgement_days)
    application.target_due = add_working_days(now, terms.target_days)
    application.answer_due = add_working_days(now, terms.feedback_days)
    application.reference = f"LF-{timezone.localdate().year}-{application.pk:05d}"
    if user.pk != application.applicant_id:
        application.entered_by = user
    _save(application, status=Status.INGEDIEND, user=user, reason="Ingediend")
    _record_involvement(application, user=user)
    if FundSettings.load().acknowledge_automatically:
        return _acknowledge(application, user=user, signer=None, reason="Ontvangst automatisch")
    _tell_applicant(
        application,
        interpolate(
            _("Uw aanvraag %(reference)s is ingediend"), {"reference": application.reference}
        ),
        body=interpolate(
            _("U hoort uiterlijk %(date)s of wij uw aanvraag hebben ontvangen."),
            {"date": long_day(application.acknowledge_due)},
        ),
    )
    return application


def _record_involvement(application: Application, *, user) -> None:
    """Staff (or HWZ advisers) who are involved in the application step aside from it at
    once, recorded as a conflict of interest with the reason, so that the application
    page says who and why. Later involvement (a co-initiator added afterwards) is found
    by permissions.involvement all the same."""
    perms.forget_involvement(application)  # entered_by may have been set just now
    involved = perms.involved_people(application)
    people = (
        get_user_model()
        .objects.filter(pk__in=list(involved), is_active=True)
        .exclude(pk__in=application.conflicts.values("user_id"))
    )
    for person in people:
        if not any(person.has_perm(p) for p in perms.STAFF_PERMISSIONS):
            continue
        conflict = ConflictOfInterest(
            application=application, user=person, reason=involved[person.pk], automatic=True
        )
        conflict._history_user = user
        conflict._change_reason = "Automatisch teruggetrokken"
        conflict.save()
    perms.forget_involvement(application)


def _acknowledge(application: Application, *, user, signer, reason: str) -> Application:
    now = timezone.now()
    application.acknowledged_at = now
    application.acknowledged_in_time = now <= application.acknowledge_due
    _save(application, status=Status.ONTVANGEN, user=user, reason=reason)
    letter_send(application=application, kind=LetterKind.ACKNOWLEDGEMENT, user=signer)
    return application


@transaction.atomic
def application_acknowledge(*, application: Application, user) -> Application:
    """A reviewer confirms receipt; the applicant gets the acknowledgement letter."""
    application = _lock(application, "acknowledge", user)
    return _acknowledge(application, user=user, signer=user, reason="Ontvangst bevestigd")


def applications_acknowledge(*, applications, user) -> tuple[list[Application], list[str]]:
    """Acknowledge several applications in one go. Each is its own step: one that cannot
    be acknowledged (wrong status, another wijk, a conflict) is named and the rest go on."""
    done, refused = [], []
    for application in applications:
        try:
            done.append(application_acknowledge(application=application, user=user))
        except (PermissionDenied, ValidationError) as exc:
            messages = getattr(exc, "messages", None) or [str(exc)]
            refused.append(f"{application.reference}: {' '.join(messages)}")
    return done, refused


@transaction.atomic
def application_start_review(*, application: Application, user, reviewer=None) -> Application:
    application = _lock(application, "start_review", user)
    reviewer = reviewer or user
    _check_reviewer(reviewer, application)
    application.reviewer = reviewer
    _save(application, status=Status.IN_BEHANDELING, user=user, reason="In behandeling")
    _tell_reviewer(application, _assigned(application), exclude=user)
    _inform_applicant(
        application,
        _("Wij behandelen uw aanvraag %(reference)s") % {"reference": application.reference},
        body=_(
            "Een medewerker beoordeelt nu uw aanvraag voor “%(title)s”. U krijgt uiterlijk "
            "%(date)s ons besluit; wij proberen dat al vóór %(target)s te doen. Hebben wij "
            "een vraag, dan hoort u dat van ons."
        )
        % {
            "title": application.title,
            "date": long_day(application.answer_due),
            "target": long_day(application.target_due),
        },
        sender=user,
    )
    return application


def _check_reviewer(reviewer, application) -> None:
    if reviewer is None or not perms.can_review(reviewer, application):
        reason = perms.involvement(reviewer, application) if reviewer is not None else None
        if reason is not None:
            raise ValidationError(
                {
                    "reviewer": _(
                        "%(person)s is betrokken bij deze aanvraag (%(reason)s) en kan "
                        "haar niet behandelen."
                    )
                    % {"person": reviewer, "reason": reason}
                }
            )
        raise ValidationError({"reviewer": _("Deze persoon kan deze aanvraag niet behandelen.")})


def _assigned(application):
    return _("U behandelt nu aanvraag %(reference)s") % {"reference": application.reference}


@transaction.atomic
def application_assign(*, application: Application, user, reviewer) -> Application:
    """Hand an application in review to another reviewer (who must be able to review it)."""
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if not perms.can_review(user, application):
        raise PermissionDenied(perms.refusal(user, application))
    if application.status not in REVIEW_STATUSES:
        raise ValidationError(
            _("Een behandelaar wijst u toe terwijl de aanvraag in behandeling is.")
        )
    _check_reviewer(reviewer, application)
    changed = application.reviewer_id != reviewer.pk
    application.reviewer = reviewer
    _save(application, status=application.status, user=user, reason=f"Behandelaar: {reviewer}")
    _tell_reviewer(application, _assigned(application), exclude=user)
    if changed:
        _inform_applicant(
            application,
            _("Een andere medewerker behandelt uw aanvraag %(reference)s")
            % {"reference": application.reference},
            body=_reassigned_text(application),
            sender=user,
        )
    return application


def _reassigned_text(application) -> str:
    """What the applicant hears when their application changes hands: when the answer
    comes, or that it is late and comes as soon as possible."""
    if application.status == Status.WACHT_OP_AANVRAGER:
        return str(
            _(
                "Uw aanvraag is overgedragen aan een collega. Wij wachten nog op uw antwoord "
                "op onze vraag; daarna gaat de behandeling verder."
            )
        )
    if application.answer_due and application.answer_due < timezone.now():
        return str(
            _(
                "Uw aanvraag is overgedragen aan een collega. Het besluit had u uiterlijk "
                "%(date)s moeten krijgen; dat is ons niet gelukt. U hoort zo snel mogelijk "
                "van ons."
            )
            % {"date": long_day(application.answer_due)}
        )
    return str(
        _(
            "Uw aanvraag is overgedragen aan een collega. Dat verandert niets aan de "
            "termijn: u krijgt uiterlijk %(date)s ons besluit."
        )
        % {"date": long_day(application.answer_due)}
    )


@transaction.atomic
def application_ask_question(*, application: Application, user, text: str) -> Question:
    application = _lock(application, "ask_question", user)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Schrijf de vraag op.")})
    question = Question(application=application, asked_by=user, text=text)
    question.full_clean()
    _record(question, user, "Vraag gesteld")
    application.paused_since = timezone.now()
    _save(application, status=Status.WACHT_OP_AANVRAGER, user=user, reason=text)
    letter_send(application=application, kind=LetterKind.QUESTION, user=user, question=text)
    return question


@transaction.atomic
def application_answer(*, application: Application, user, answer: str) -> Application:
    application = _lock(application, "answer", user)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Schrijf uw antwoord op.")})
    question = application.questions.filter(answered_at=None).order_by("-asked_at").first()
    now = timezone.now()
    if question is not None:
        question.answer, question.answered_at = answer, now
        question.full_clean()
        _record(question, user, "Vraag beantwoord")
    held = working_days_between(application.paused_since, now) if application.paused_since else 0
    application.paused_working_days += held
    application.target_due = extend_by_working_days(application.target_due, held)
    application.answer_due = extend_by_working_days(application.answer_due, held)
    application.paused_since = None
    _save(application, status=Status.IN_BEHANDELING, user=user, reason="Vraag beantwoord")
    _tell_reviewer(
        application,
        interpolate(
            _("De aanvrager heeft geantwoord: %(reference)s"), {"reference": application.reference}
        ),
        body=answer,
        exclude=user,
    )
    return application


def advice_due(moment):
    """The end of the HWZ's term for an advice asked at `moment` (FundSettings.advice_days
    Dutch working days)."""
    return add_working_days(moment, FundSettings.load().advice_days)


def advice_term_end(advice: HwzAdvice):
    """When the HWZ's term for `advice` ends (computed for a request from before terms)."""
    return advice.due or advice_due(advice.requested_at)


def advisers_of(application: Application) -> list:
    return people_to_notify("advise_application", application.wijk_id, application=application)


@transaction.atomic
def application_ask_advice(*, application: Application, user) -> HwzAdvice:
    """Ask the HWZ of the wijk for advice, within its own term in working days."""
    application = _lock(application, "ask_advice", user)
    advice = HwzAdvice(application=application, requested_by=user, due=advice_due(timezone.now()))
    _record(advice, user, "Advies HWZ gevraagd")
    _save(application, status=Status.ADVIES_HWZ, user=user, reason="Advies HWZ gevraagd")
    notify(
        event=events.ADVICE_REQUESTED.name,
        recipients=advisers_of(application),
        title=interpolate(
            _("Advies gevraagd over aanvraag %(reference)s"), {"reference": application.reference}
        ),
        body=interpolate(
            _("Wij vragen uw advies uiterlijk %(date)s."), {"date": long_day(advice.due)}
        ),
        url=reverse("fonds:advice", args=[application.pk]),
        exclude=user,
    )
    return advice


def open_advice(application: Application, *, advices=None) -> HwzAdvice | None:
    """The request for advice that still waits (the newest), if any; from `advices` (all
    of the application's, already read) when given."""
    if advices is not None:
        waiting = [a for a in advices if a.given_at is None and not a.ended]
        return max(waiting, key=lambda a: (a.requested_at, a.pk), default=None)
    return (
        application.advices.filter(given_at=None, ended="").order_by("-requested_at", "-pk").first()
    )


def _end_advice(application, *, user, name: str, ending: str, reason: str) -> HwzAdvice:
    advice = open_advice(application)
    if advice is None:
        raise ValidationError(_("Er staat geen adviesvraag open bij deze aanvraag."))
    advice.ended, advice.ended_at, advice.ended_by = ending, timezone.now(), user
    advice.ended_reason = reason
    advice.full_clean()
    _record(advice, user, str(advice.get_ended_display()))
    label = TRANSITIONS[name].label
    _save(
        application,
        status=Status.IN_BEHANDELING,
        user=user,
        reason=f"{label}: {reason}" if reason else str(label),
    )
    return advice


@transaction.atomic
def application_withdraw_advice(*, application: Application, user, reason: str = "") -> HwzAdvice:
    """The reviewer no longer needs the HWZ's advice: the request ends, the advisers hear
    it, and the application is in review again."""
    application = _lock(application, "withdraw_advice", user)
    advice = _end_advice(
        application,
        user=user,
        name="withdraw_advice",
        ending=HwzAdvice.Ending.WITHDRAWN,
        reason=(reason or "").strip(),
    )
    notify(
        event=events.ADVICE_REQUESTED.name,
        recipients=advisers_of(application),
        title=_("Adviesvraag ingetrokken: aanvraag %(reference)s")
        % {"reference": application.reference},
        body=_("Uw advies over deze aanvraag is niet meer nodig."),
        message=advice.ended_reason,
        sender_label=staff_signature(user),
        exclude=user,
    )
    return advice


@transaction.atomic
def application_continue_without_advice(
    *, application: Application, user, reason: str
) -> HwzAdvice:
    """After the advice's term has passed, the reviewer goes on without it, with a reason
    that stays in the history. Before that moment it cannot be done."""
    application = _lock(application, "continue_without_advice", user)
    advice = open_advice(application)
    if advice is not None and timezone.now() <= advice_term_end(advice):
        raise ValidationError(
            _(
                "De HWZ heeft nog tot %(date)s voor haar advies. Daarna kunt u verder zonder "
                "advies; wilt u het nu niet meer, trek de adviesvraag dan in."
            )
            % {"date": long_day(advice_term_end(advice))}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf op waarom u verder gaat zonder advies.")})
    return _end_advice(
        application,
        user=user,
        name="continue_without_advice",
        ending=HwzAdvice.Ending.PASSED,
        reason=reason,
    )


@transaction.atomic
def application_give_advice(
    *, application: Application, user, verdict: str, remarks: str = ""
) -> HwzAdvice:
    application = _lock(application, "give_advice", user)
    if verdict not in HwzAdvice.Verdict.values:
        raise ValidationError({"verdict": _("Kies een advies.")})
    advice = open_advice(application)
    if advice is None:
        advice = HwzAdvice(application=application, requested_by=user)
    advice.adviser, advice.verdict, advice.remarks = user, verdict, (remarks or "").strip()
    advice.given_at = timezone.now()
    advice.full_clean()
    _record(advice, user, "Advies HWZ gegeven")
    _save(application, status=Status.IN_BEHANDELING, user=user, reason="Advies HWZ gegeven")
    _tell_reviewer(
        application,
        interpolate(
            _("Advies van de HWZ over %(reference)s: %(verdict)s"),
            {"reference": application.reference, "verdict": advice.get_verdict_display().lower()},
        ),
        body=advice.remarks,
    )
    return advice


def _check_decision(application, outcome: str, amount, reason: str) -> Decimal:
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Kies een besluit.")})
    reason = (reason or "").strip()
    if outcome == Outcome.REJECTED:
        if not reason:
            raise ValidationError({"reason": _("Schrijf op waarom de aanvraag wordt afgewezen.")})
        return Decimal("0")
    if outcome == Outcome.GRANTED:
        return application.amount_requested
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Vul het bedrag in dat u toekent.")})
    if amount >= application.amount_requested:
        raise ValidationError(
            {"amount": _("Bij deels toekennen is het bedrag lager dan het gevraagde bedrag.")}
        )
    if not reason:
        raise ValidationError({"reason": _("Leg uit waarom u een deel toekent.")})
    return amount


def _needs_confirmation(outcome: str, amount: Decimal) -> bool:
    return outcome != Outcome.REJECTED and amount > FundSettings.load().confirmation_threshold


def decision_needs_confirmation(
    application: Application, outcome: str, amount=None, *, threshold: Decimal | None = None
) -> bool:
    """Whether the one decision form proposes (a second person confirms) rather than
    decides: a grant above the four-eyes threshold. A full grant is the requested amount;
    a rejection never needs confirming."""
    if outcome == Outcome.GRANTED:
        amount = application.amount_requested
    if outcome not in Outcome.values or outcome == Outcome.REJECTED or amount is None:
        return False
    if threshold is None:
        threshold = FundSettings.load().confirmation_threshold
    return amount > threshold


def _decide(application, *, outcome: str, amount: Decimal, user, final_user) -> Application:
    now = timezone.now()
    if outcome != Outcome.REJECTED:
        ledger_commit(application=application, amount=amount, user=final_user)
    application.granted_amount = amount
    application.decided_at = now
    application.answered_in_time = now <= application.answer_due
    _save(
        application, status=outcome, user=final_user, reason=application.decision_reason or outcome
    )
    if outcome != Outcome.REJECTED:
        # The payout plan (w5-pay); the report's report_open goes beside it at merge.
        from .payouts import payout_plan_create

        payout_plan_create(application=application, user=final_user)
        # The accountability report, with its due date (w5-report).
        from .reports import report_open

        report_open(application=application)
    letter_send(application=application, kind=outcome, user=user, with_pdf=True)
    return application


def _record_proposal(application, *, outcome, amount, conditions, reason, user) -> None:
    application.proposed_outcome = outcome
    application.proposed_amount = amount
    application.conditions = (conditions or "").strip()
    application.decision_reason = (reason or "").strip()
    application.proposed_by = user


@transaction.atomic
def application_decide(
    *,
    application: Application,
    user,
    outcome: str,
    amount=None,
    conditions: str = "",
    reason: str = "",
) -> Application:
    """Decide at once: only for a rejection or a grant up to the four-eyes threshold."""
    application = _lock(application, "decide", user)
    amount = _check_decision(application, outcome, amount, reason)
    if _needs_confirmation(outcome, amount):
        raise ValidationError(
            _("Boven %(threshold)s bevestigt een tweede persoon het besluit: stel het voor.")
            % {"threshold": euro(FundSettings.load().confirmation_threshold)}
        )
    _record_proposal(
        application, outcome=outcome, amount=amount, conditions=conditions, reason=reason, user=user
    )
    return _decide(application, outcome=outcome, amount=amount, user=user, final_user=user)


@transaction.atomic
def application_propose(
    *,
    application: Application,
    user,
    outcome: str,
    amount=None,
    conditions: str = "",
    reason: str = "",
) -> Application:
    application = _lock(application, "propose", user)
    amount = _check_decision(application, outcome, amount, reason)
    _record_proposal(
        application, outcome=outcome, amount=amount, conditions=conditions, reason=reason, user=user
    )
    application.confirmed_by = None
    _save(application, status=Status.BESLUIT_VOORGESTELD, user=user, reason=f"Voorstel: {outcome}")
    notify(
        event=events.CONFIRMATION_NEEDED.name,
        recipients=people_to_notify(
            "confirm_decision", application.wijk_id, [user.pk], application=application
        ),
        title=interpolate(
            _("Besluit ter bevestiging: %(reference)s"), {"reference": application.reference}
        ),
        url=staff_url(application),
    )
    return application


@transaction.atomic
def application_confirm(*, application: Application, user) -> Application:
    """The second pair of eyes: never the person who proposed. Commits the money."""
    application = _lock(application, "confirm", user)
    application.confirmed_by = user
    return _decide(
        application,
        outcome=application.proposed_outcome,
        amount=application.proposed_amount or Decimal("0"),
        user=application.proposed_by,
        final_user=user,
    )


@transaction.atomic
def application_send_back(*, application: Application, user, reason: str) -> Application:
    application = _lock(application, "send_back", user)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Schrijf op waarom u het voorstel terugstuurt.")})
    _save(application, status=Status.IN_BEHANDELING, user=user, reason=reason.strip())
    if application.answer_due and application.answer_due >= timezone.now():
        when = _("U krijgt het besluit uiterlijk %(date)s.") % {
            "date": long_day(application.answer_due)
        }
    else:
        when = _(
            "Het besluit had u uiterlijk %(date)s moeten krijgen; dat is ons niet gelukt. "
            "U hoort zo snel mogelijk van ons."
        ) % {"date": long_day(application.answer_due)}
    _inform_applicant(
        application,
        _("Het besluit over uw aanvraag %(reference)s duurt langer")
        % {"reference": application.reference},
        body=_(
            "Een tweede medewerker heeft het voorgestelde besluit over “%(title)s” nog eens "
            "laten bekijken. Daardoor duurt het iets langer. %(when)s"
        )
        % {"title": application.title, "when": when},
    )
    if application.proposed_by_id:
        notify(
            event=events.REVIEW_UPDATE.name,
            recipients=[application.proposed_by],
            title=_("Uw voorstel voor %(reference)s is teruggestuurd")
            % {"reference": application.reference},
            body=reason.strip(),
            url=staff_url(application),
            exclude=user,
        )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, user, reason: str = "") -> Application:
    """The applicant withdraws. After a grant, what was committed and not paid out goes
    back to the budget."""
    application = _lock(application, "withdraw", user)
    granted = application.status in GRANTED
    application.paused_since = None
    _save(application, status=Status.INGETROKKEN, user=user, reason=reason or "Ingetrokken")
    if not granted:
        _inform_applicant(
            application,
            _("Uw aanvraag %(reference)s is ingetrokken") % {"reference": application.reference},
            body=_(
                "U heeft uw aanvraag voor “%(title)s” ingetrokken. Wij behandelen hem niet "
                "verder. Wilt u later toch een bijdrage, dan kunt u een nieuwe aanvraag indienen."
            )
            % {"title": application.title},
        )
        if application.reviewer_id:
            _tell_reviewer(
                application,
                _("De aanvrager heeft %(reference)s ingetrokken")
                % {"reference": application.reference},
                exclude=user,
            )
    if granted:
        # Contributions through the website go back to their givers (w5-cofund).
        donations_refund(application=application, user=user, reason="Aanvraag ingetrokken")
        released = _release_unpaid(application, user=user, note="Ingetrokken na toekenning")
        _inform_applicant(
            application,
            interpolate(
                _("Uw aanvraag %(reference)s is ingetrokken"), {"reference": application.reference}
            ),
            body=interpolate(
                _(
                    "U heeft uw aanvraag ingetrokken. Het toegekende bedrag dat nog niet was "
                    "uitbetaald (%(amount)s) gaat terug naar het fonds."
                ),
                {"amount": euro(released)},
            ),
        )
        if application.reviewer_id:
            _tell_reviewer(
                application,
                interpolate(
                    _("De aanvrager heeft %(reference)s ingetrokken na de toekenning"),
                    {"reference": application.reference},
                ),
                exclude=user,
            )
    return application


def _release_unpaid(application: Application, *, user, note: str) -> Decimal:
    """A grant that ends (withdrawn, expired): its open tranches are cancelled and what
    the ledger held for them released (services.payouts_cancel_open); money already at
    the bank stays committed until the statement says whether it arrived. A grant from
    before payout plans releases all that is open. What was released."""
    if application.payouts.exists():
        from .payouts import payouts_cancel_open

        return payouts_cancel_open(application=application, user=user, reason=note)
    return _release_open(application, user=user, note=note)


def _release_open(application: Application, *, user, note: str) -> Decimal:
    """Release all that is committed for `application` and not paid out; what was released."""
    open_amount = open_commitment(application)
    if open_amount > 0:
        ledger_release(application=application, amount=open_amount, user=user, note=note)
    return max(open_amount, ZERO)


@transaction.atomic
def application_reduce_grant(*, application: Application, user, amount, reason: str) -> Application:
    """Lower a granted amount (the activity costs less, a part does not go ahead): the
    difference goes back to the budget and the applicant hears the new amount and why.
    Staff who may decide on the application do this, never someone involved in it."""
    application = _lock(application, "reduce", user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Schrijf op waarom het bedrag lager wordt.")})
    granted = application.granted_amount or ZERO
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValidationError({"amount": _("Vul het nieuwe bedrag in.")})
    if amount <= 0:
        raise ValidationError(
            {"amount": _("Vul een bedrag groter dan 0 in; bij niets trekt de aanvrager in.")}
        )
    if amount >= granted:
        raise ValidationError(
            {
                "amount": _("Het nieuwe bedrag is lager dan het toegekende bedrag (%(granted)s).")
                % {"granted": euro(granted)}
            }
        )
    from .payouts import fixed_total, payouts_cancel_open

    paid = application_money(application)["paid_out"]
    if amount < paid:
        raise ValidationError(
            {
                "amount": _("Er is al %(paid)s uitbetaald; lager dan dat kan niet.")
                % {"paid": euro(paid)}
            }
        )
    fixed = fixed_total(application)  # in a batch at the bank, paid or reclaimed
    if application.payouts.exists() and amount < fixed:
        raise ValidationError(
            {
                "amount": _(
                    "Er is al %(fixed)s uitbetaald of onderweg naar de bank; lager dan dat "
                    "kan niet."
                )
                % {"fixed": euro(fixed)}
            }
        )
    note = f"Verlaagd naar {amount}: {reason}"
    if application.payouts.exists():
        # The open tranches shrink, last first, to what is left to pay (w5-pay).
        application.granted_amount = amount
        payouts_cancel_open(application=application, user=user, reason=note, keep=amount - fixed)
    else:
        ledger_release(application=application, amount=granted - amount, user=user, note=note)
    application.granted_amount = amount
    _save(application, status=Status.DEELS_TOEGEKEND, user=user, reason=reason)
    _inform_applicant(
        application,
        interpolate(
            _("Het toegekende bedrag voor %(reference)s is verlaagd naar %(amount)s"),
            {"reference": application.reference, "amount": euro(amount)},
        ),
        body=reason,
        sender=user,
    )
    return application


def months_before(moment, months: int):
    """`moment` minus a number of calendar months (the day clamped to the month's end)."""
    import calendar

    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def grants_to_expire(now=None):
    """Granted applications of which nothing is paid out, decided longer ago than the
    fund's setting allows."""
    cutoff = months_before(now or timezone.now(), FundSettings.load().grant_expiry_months)
    return (
        Application.objects.filter(status__in=GRANTED, decided_at__lt=cutoff)
        .exclude(ledger_entries__kind=LedgerEntry.Kind.PAID)
        # A payout at the bank (or paid, or reclaimed) keeps the grant: it does not lapse.
        .exclude(payouts__status__in=PAYOUT_OUT)
        .order_by("pk")
    )


@transaction.atomic
def application_expire(*, application: Application) -> Application | None:
    """The fund lets a grant lapse that was not paid out in time: the money goes back to
    the budget and the applicant hears it. Does nothing when the grant no longer lapses
    (already expired, withdrawn, paid in the meantime): a second run changes nothing."""
    application = (
        grants_to_expire()
        .select_for_update(of=("self",))
        .select_related("wijk", "applicant")
        .filter(pk=application.pk)
        .first()
    )
    if application is None:
        return None
    months = FundSettings.load().grant_expiry_months
    note = f"Vervallen: niet uitbetaald binnen {months} maanden"
    _save(application, status=Status.VERVALLEN, user=None, reason=note)
    donations_refund(application=application, user=None, reason="Toekenning vervallen")
    released = _release_unpaid(application, user=None, note=note)
    _inform_applicant(
        application,
        interpolate(
            _("De toekenning voor %(reference)s is vervallen"), {"reference": application.reference}
        ),
        body=interpolate(
            _(
                "Er is binnen %(months)s maanden na het besluit niets uitbetaald. Het bedrag "
                "(%(amount)s) gaat terug naar het fonds. Heeft u het geld nog nodig? Neem dan "
                "contact met ons op of dien een nieuwe aanvraag in."
            ),
            {"months": months, "amount": euro(released)},
        ),
    )
    return application


@transaction.atomic
def conflict_declare(*, application: Application, user, reason: str) -> ConflictOfInterest:
    """Step aside from an application; a reviewer who steps aside is unassigned."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Geef kort aan waarom u zich terugtrekt.")})
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if perms.has_conflict(user, application):
        raise ValidationError(_("U heeft zich al teruggetrokken bij deze aanvraag."))
    if not perms.reaches_application(user, application):
        raise PermissionDenied(_("U bent niet betrokken bij deze aanvraag."))
    try:
        with transaction.atomic():
            conflict = ConflictOfInterest(application=application, user=user, reason=reason)
            conflict.full_clean()
            conflict._history_user = user
            conflict._change_reason = reason
            conflict.save()
    except IntegrityError as exc:
        raise ValidationError(_("U heeft zich al teruggetrokken bij deze aanvraag.")) from exc
    if application.reviewer_id == user.pk:
        application.reviewer = None
        _save(application, status=application.status, user=user, reason="Belangenverstrengeling")
    return conflict


def transition_target(name: str, application: Application) -> str:
    target = TRANSITIONS[name].target
    return application.proposed_outcome if target == OUTCOME else target


REVIEW_STATUSES = (Status.IN_BEHANDELING, Status.WACHT_OP_AANVRAGER, Status.ADVIES_HWZ)

CHECKLIST = (
    "fits_pillar",
    "benefits_residents",
    "cofinancing_present",
    "no_commercial_or_political_aim",
)


@transaction.atomic
def application_checklist(*, application: Application, user, values: dict) -> Application:
    """Record the reviewer's checklist (each yes, no or not yet judged)."""
    application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if not perms.can_review(user, application):
        raise PermissionDenied(perms.refusal(user, application))
    if application.status != Status.IN_BEHANDELING:
        raise ValidationError(_("De checklist vult u in terwijl de aanvraag in behandeling is."))
    for field in CHECKLIST:
        if field in values:
            setattr(application, field, values[field])
    application._history_user = user
    application._change_reason = "Checklist"
    application.save()
    return application


@transaction.atomic
def application_intake(
    *,
    user,
    applicant,
    data: dict,
    lines,
    contributions,
    attachments=(),
    application: Application | None = None,
    received_on: dt.date | None = None,
    submit: bool = True,
) -> Application:
    """Staff enter an application for a tenant who is not online (`applicant` is their
    account, or None); it is recorded as entered by `user`. With `submit` it is submitted
    at once, its terms counted from `received_on` (the day the paper form came in, never
    in the future; today when None); all or nothing: a submission that lacks something
    leaves no new concept behind. Without `submit` it is kept as a concept that only its
    enterer (and colleagues who may enter for the wijk) can take up again."""
    from portal.permissions import can_act_in_wijk

    wijk = data.get("wijk")
    if not user.has_perm(perms.REVIEW) or wijk is None or not can_act_in_wijk(user, wijk):
        raise PermissionDenied(_("U kunt geen aanvragen invoeren voor deze wijk."))
    today = timezone.localdate()
    if received_on and received_on > today:
        raise ValidationError(
            {
                "received_on": _(
                    "Deze datum ligt in de toekomst. Vul de dag in waarop het formulier binnenkwam."
                )
            }
        )
    if application is None:
        application = Application(applicant=applicant, entered_by=user)
    else:
        application = intake_concept(application.pk, user=user)
        application.applicant = applicant
    application = application_save_draft(
        application=application,
        user=user,
        data=data,
        lines=lines,
        contributions=contributions,
        attachments=attachments,
    )
    if not submit:
        return application
    received_at = None
    if received_on and received_on < today:
        # The paper form counts as received at the start of that working morning.
        received_at = timezone.make_aware(dt.datetime.combine(received_on, dt.time(9, 0)))
    return application_submit(application=application, user=user, received_at=received_at)


def intake_concept(pk, *, user) -> Application:
    """A concept entered by staff for a tenant, for `user` to take up again (locked)."""
    from portal.permissions import can_act_in_wijk

    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("wijk")
        .filter(pk=pk, status=Status.CONCEPT, entered_by__isnull=False)
        .first()
    )
    if (
        application is None
        or not user.has_perm(perms.REVIEW)
        or not can_act_in_wijk(user, application.wijk)
    ):
        raise PermissionDenied(_("Dit concept kunt u niet openen."))
    return application


def _check_open_concepts(user) -> None:
    """A resident has at most FUND_MAX_OPEN_CONCEPTS applications started but not
    submitted (the account's row lock makes two new ones at the same moment wait)."""
    from django.conf import settings

    from portal.models import User

    User.objects.select_for_update().filter(pk=user.pk).first()
    count = Application.objects.filter(applicant=user, status=Status.CONCEPT).count()
    if count >= settings.FUND_MAX_OPEN_CONCEPTS:
        raise ValidationError(
            ngettext(
                "U heeft al %(count)d aanvraag die nog niet is ingediend; meer kan niet "
                "tegelijk. Maak die af en dien hem in, of trek hem in, voordat u een nieuwe "
                "begint. U vindt hem onder Mijn aanvragen.",
                "U heeft al %(count)d aanvragen die nog niet zijn ingediend; meer kan niet "
                "tegelijk. Maak er een af en dien hem in, of trek er een in, voordat u een "
                "nieuwe begint. U vindt ze onder Mijn aanvragen.",
                count,
            )
            % {"count": count}
        )


def _check_submissions_today(application: Application, user) -> None:
    """A resident submits at most FUND_SUBMISSIONS_PER_DAY applications in 24 hours.
    What staff enter for a tenant from paper (assisted intake) is neither limited nor
    counted; the account's row lock makes two submissions at the same moment count in
    turn, so together they never pass the limit."""
    from django.conf import settings

    from portal.models import User

    if user.pk != application.applicant_id:
        return  # entered by staff for a tenant (assisted intake)
    User.objects.select_for_update().filter(pk=user.pk).first()
    since = timezone.now() - timezone.timedelta(days=1)
    submitted = Application.objects.filter(
        applicant=user, submitted_at__gte=since, entered_by=None
    ).count()
    if submitted >= settings.FUND_SUBMISSIONS_PER_DAY:
        raise ValidationError(
            ngettext(
                "U heeft vandaag al %(count)d aanvraag ingediend. Uw aanvraag is bewaard als "
                "concept; u kunt hem morgen indienen.",
                "U heeft vandaag al %(count)d aanvragen ingediend. Uw aanvraag is bewaard als "
                "concept; u kunt hem morgen indienen.",
                submitted,
            )
            % {"count": submitted}
        )


@transaction.atomic
def application_save_draft(
    *, application: Application | None, user, data: dict, lines, contributions, attachments=()
) -> Application:
    """Create or update a concept with its budget lines, other money and attachments.

    `lines` and `contributions` are bound, valid inline formsets; they are saved here so
    that the application and its parts are written together or not at all."""
    from ..models import Attachment

    if application is None:
        _check_open_concepts(user)
        application = Application(applicant=user)
    elif application.pk:
        application = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
        entered = application.entered_by_id == user.pk or (
            application.entered_by_id is not None and user.has_perm(perms.REVIEW)
        )
        if application.status != Status.CONCEPT or not (
            perms.is_applicant(user, application) or entered
        ):
            raise PermissionDenied(_("Deze aanvraag kunt u niet meer wijzigen."))
    for field, value in data.items():
        setattr(application, field, value)
    if (group := data.get("resident_group")) is not None:
        from participatie.selectors import groups_of_member

        if not groups_of_member(user).filter(pk=group.pk).exists():
            raise ValidationError(
                {"resident_group": _("Kies een bewonersgroep waarvan u lid bent.")}
            )
        # The group's name as it is now, readable beside the link (as typed names were).
        application.group_name = group.name[:120]
    application._history_user = user
    application._change_reason = "Concept opgeslagen"
    application.save()
    for formset in (lines, contributions):
        formset.instance = application
        for part in formset.save(commit=False):
            _record(part, user, "Concept opgeslagen")
        for part in formset.deleted_objects:
            part._history_user = user
            part._change_reason = "Verwijderd uit het concept"
            part.delete()
    for name, content in attachments:
        attachment = Attachment(application=application, name=name, uploaded_by=user, file=content)
        _record(attachment, user, "Bijlage toegevoegd")
    # The amount asked is never typed: it is what the costs leave after the other money.
    requested = budget_sums(application)[2]
    amount = requested if requested > 0 else None
    if application.amount_requested != amount:
        application.amount_requested = amount
        application._history_user = user
        application._change_reason = "Gevraagd bedrag berekend uit de begroting"
        application.save(update_fields=["amount_requested"])
    return application
