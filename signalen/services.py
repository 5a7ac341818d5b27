"""Every change to a melding, and the generic moves on any signal (refer, close a
referral, record a cost, mark a polluted home). Each function is keyword-only and runs in
one transaction; it checks permission, makes the change with history (who, why), writes
the melding's timeline and tells the reporter what concerns them, in their language.

Response terms: at submission the acknowledgement (ResponseTermsSettings.
acknowledgement_days), the target answer (target_days) and the latest answer
(feedback_days) are counted in Dutch working days (portal.workdays). While a melding
waits on its reporter the clock stands still: on resuming, both answer terms move on by
the working days it waited. Whether the acknowledgement and the answer came in time is
stored on the melding for monitoring.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.fields import check_amount, free_text, parse_amount, strip_control
from portal.notifications import interpolate, notify, recipient_language
from portal.roles import staff_signature
from portal.templatetags.portal_tags import datum_lang, euro
from portal.workdays import (
    add_working_days,
    extend_by_working_days,
    response_terms,
    working_days_between,
)

from . import notifications as events
from .models import (
    ContactMoment,
    Cost,
    Dossier,
    Melding,
    MeldingMailKind,
    MeldingMailTemplate,
    MeldingOutcome,
    MeldingPhoto,
    MeldingStatus,
    MeldingUpdate,
    Referral,
    default_pillar,
)
from .permissions import can_be_assigned, can_handle_melding, can_work_on
from .transitions import AWAITING_ACKNOWLEDGEMENT, AWAITING_ANSWER, TRANSITIONS

S = MeldingStatus

# --- terms ----------------------------------------------------------------------------


def running_term_due(melding: Melding):
    """The due moment of the term that runs now: the acknowledgement while it has not
    been given, then the latest answer; None once answered or closed."""
    if melding.status in AWAITING_ACKNOWLEDGEMENT:
        return melding.acknowledge_due
    if melding.status in AWAITING_ANSWER:
        return melding.answer_due
    return None


def set_terms(melding: Melding, moment: dt.datetime) -> None:
    """Count the three terms from `moment` with the working-day calendar."""
    terms = response_terms()
    melding.submitted_at = moment
    melding.acknowledge_due = add_working_days(moment, terms.acknowledgement_days)
    melding.answer_target = add_working_days(moment, terms.target_days)
    melding.answer_due = add_working_days(moment, terms.feedback_days)


# --- the one function that saves a status ---------------------------------------------


def _save(melding: Melding, *, status: str, user, reason: str) -> Melding:
    melding.status = status
    melding.queue_due = running_term_due(melding)
    melding._history_user = user
    melding._change_reason = reason[:1000]
    melding.save()
    return melding


def _lock(melding: Melding, name: str, user) -> Melding:
    """The melding, locked for this transaction, after checking the move is allowed now
    and `user` may make it."""
    locked = (
        Melding.objects.select_for_update(of=("self",))
        .select_related("wijk", "complex", "reporter", "assigned_to")
        .get(pk=melding.pk)
    )
    if not can_handle_melding(user, locked):
        raise PermissionDenied(gettext("U behandelt geen meldingen in deze wijk."))
    move = TRANSITIONS[name]
    if locked.status not in move.sources:
        if locked.status == move.target:
            raise ValidationError(
                _("Dit is al gebeurd: de melding heeft nu de status “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        raise ValidationError(
            _("Dit kan niet bij een melding met de status “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    if move.needs_reporter and locked.reporter_id is None:
        raise ValidationError(
            _("Deze melding is anoniem gedaan: de melder kan geen bericht van ons krijgen.")
        )
    return locked


def _timeline(melding, *, kind, text="", user=None, visible=False) -> MeldingUpdate:
    return MeldingUpdate.objects.create(
        melding=melding,
        kind=kind,
        text=str(text),
        author=user,
        visible_to_reporter=visible,
    )


def _text(value, *, field: str, required: bool, max_length: int = 5000) -> str:
    try:
        text = free_text(value or "", max_length=max_length).strip()
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from exc
    if required and not text:
        raise ValidationError({field: gettext("Vul dit in.")})
    return text


# --- telling people --------------------------------------------------------------------


def resident_url(melding: Melding) -> str:
    return reverse("signalen:mine_detail", args=[melding.reference])


def staff_url(melding: Melding) -> str:
    return reverse("signalen_meldingen:detail", args=[melding.pk])


def _tell_reporter(melding: Melding, title, *, body="", message="", sender=None) -> None:
    """The reporter hears about a step in Mijn overzicht and by e-mail (their language).
    An anonymous melding gets nothing: the form said so."""
    if melding.reporter_id is None:
        return
    notify(
        event=events.MELDING.name,
        recipients=[melding.reporter],
        title=title,
        body=body,
        message=message,
        url=resident_url(melding),
        sender_label=staff_signature(sender) if sender is not None else "",
    )


DEFAULT_MAILS = {
    MeldingMailKind.ACKNOWLEDGEMENT: (
        "Wij hebben uw melding {kenmerk} ontvangen",
        "Beste {naam},\n\nWij hebben uw melding {kenmerk} ({soort}) van {gemeld_op} "
        "ontvangen en gaan ermee aan de slag. U hoort uiterlijk {antwoord_uiterlijk} wat wij "
        "ermee doen; wij streven naar {streefdatum}.\n\nMet vriendelijke groet,\n{medewerker}",
    ),
    MeldingMailKind.FEEDBACK: (
        "Terugkoppeling op uw melding {kenmerk}",
        "Beste {naam},\n\nU deed op {gemeld_op} een melding ({soort}, {plek}). Dit is wat wij "
        "ermee hebben gedaan:\n\n{terugkoppeling}\n\nMet vriendelijke groet,\n{medewerker}",
    ),
}
DEFAULT_MAILS_EN = {
    MeldingMailKind.ACKNOWLEDGEMENT: (
        "We have received your report {kenmerk}",
        "Dear {naam},\n\nWe have received your report {kenmerk} ({soort}) of {gemeld_op} and "
        "are working on it. You will hear what we do about it by {antwoord_uiterlijk} at the "
        "latest; we aim for {streefdatum}.\n\nKind regards,\n{medewerker}",
    ),
    MeldingMailKind.FEEDBACK: (
        "Feedback on your report {kenmerk}",
        "Dear {naam},\n\nOn {gemeld_op} you reported a problem ({soort}, {plek}). This is what "
        "we did about it:\n\n{terugkoppeling}\n\nKind regards,\n{medewerker}",
    ),
}


def mail_template(kind: str) -> MeldingMailTemplate:
    """The text staff set for this e-mail (the default text until they do)."""
    subject, body = DEFAULT_MAILS[kind]
    subject_en, body_en = DEFAULT_MAILS_EN[kind]
    template, _created = MeldingMailTemplate.objects.get_or_create(
        kind=kind,
        defaults={"subject": subject, "body": body, "subject_en": subject_en, "body_en": body_en},
    )
    return template


def _mail_facts(melding: Melding, *, sender, feedback: str = "") -> dict[str, str]:
    reporter = melding.reporter
    return {
        "naam": (reporter.get_full_name() or reporter.email) if reporter else "",
        "kenmerk": melding.reference or "",
        "soort": str(melding.get_signal_type_display()),
        "plek": melding.place_text,
        "gemeld_op": datum_lang(melding.submitted_at),
        "streefdatum": datum_lang(melding.answer_target),
        "antwoord_uiterlijk": datum_lang(melding.answer_due),
        "terugkoppeling": feedback,
        "medewerker": (sender.get_full_name() or sender.email) if sender else "",
    }


def _send_template_mail(melding: Melding, kind: str, *, sender, feedback: str = "") -> None:
    """The e-mail staff edit (MeldingMailTemplate), filled in with the melding's facts in
    the reporter's language, through the messenger."""
    if melding.reporter_id is None:
        return
    from django.utils import translation

    language = recipient_language(melding.reporter)
    template = mail_template(kind)
    subject, body = template.text_in(language)
    with translation.override(language):
        facts = _mail_facts(melding, sender=sender, feedback=feedback)
        title = events.fill(subject, facts)
        text = events.fill(body, facts)
    notify(
        event=events.MELDING.name,
        recipients=[melding.reporter],
        title=title,
        body=text,
        url=resident_url(melding),
    )


def handlers_reaching(wijk_id: int | None):
    """Active people whose role handles meldingen and reaches the wijk (for a melding
    without a wijk: the roles that reach every wijk). A queryset: one query."""
    from portal.roles import ROLES

    User = get_user_model()
    everywhere = [name for name, role in ROLES.items() if role.staff and not role.needs_werkgebied]
    limited = [name for name, role in ROLES.items() if role.staff and role.needs_werkgebied]
    memberships = User.groups.through.objects.filter(user_id=OuterRef("pk"))
    granted = Q(
        groups__permissions__codename="handle_melding",
        groups__permissions__content_type__app_label="signalen",
    ) | Q(
        user_permissions__codename="handle_melding",
        user_permissions__content_type__app_label="signalen",
    )
    reaches = Exists(memberships.filter(group__name__in=everywhere))
    if wijk_id is not None:
        reaches |= Exists(memberships.filter(group__name__in=limited)) & Exists(
            User.werkgebied.through.objects.filter(user_id=OuterRef("pk"), wijk_id=wijk_id)
        )
    return User.objects.filter(Q(is_active=True) & granted & reaches).distinct()


def handlers_to_notify(wijk_id: int | None) -> list:
    """The wijk's own staff (the roles that work in neighbourhoods) who handle meldingen
    there and hear about one: those who have the wijk in their werkgebied ("my wijken"),
    or, per role, all of them when no one of the role has."""
    from portal.permissions import notify_per_wijk
    from portal.roles import LEEFBAARHEIDSMEDEWERKER, SOCIAAL_BEHEERDER, WIJKBEHEERDER

    people = list(
        handlers_reaching(wijk_id)
        .filter(groups__name__in=[SOCIAAL_BEHEERDER, LEEFBAARHEIDSMEDEWERKER, WIJKBEHEERDER])
        .prefetch_related("groups", "werkgebied")
    )
    if wijk_id is None:
        return people
    return notify_per_wijk(people, [wijk_id])[wijk_id]


def coordinators() -> list:
    from portal.roles import COORDINATOR

    return list(get_user_model().objects.filter(is_active=True, groups__name=COORDINATOR))


# --- submitting -----------------------------------------------------------------------


def check_place(*, wijk, complex, address: str, place_description: str) -> None:
    if not (wijk or complex or address.strip() or place_description.strip()):
        raise ValidationError(
            {
                "place_description": gettext(
                    "Vertel ons waar het is: kies een wijk of complex, of vul een adres of "
                    "een omschrijving van de plek in."
                )
            }
        )


@transaction.atomic
def melding_submit(
    *,
    reporter,
    signal_type: str,
    description: str,
    wijk=None,
    complex=None,
    address: str = "",
    place_description: str = "",
    may_contact: bool = False,
    contact_phone: str = "",
    photos=(),
    now: dt.datetime | None = None,
) -> Melding:
    """A resident (or an anonymous visitor: `reporter` None) reports a problem. The
    reference and the three due dates are fixed now; `photos` are portal.uploads
    CleanImage objects."""
    description = _text(description, field="description", required=True)
    address = strip_control(address or "").strip()[:200]
    place_description = strip_control(place_description or "").strip()[:300]
    check_place(wijk=wijk, complex=complex, address=address, place_description=place_description)
    if complex is not None and wijk is None:
        wijk = complex.buurt.wijk
    anonymous = reporter is None or not reporter.is_authenticated
    melding = Melding(
        reporter=None if anonymous else reporter,
        may_contact=bool(may_contact) and not anonymous,
        contact_phone="" if anonymous else strip_control(contact_phone or "").strip()[:30],
        signal_type=signal_type,
        pillar=default_pillar(signal_type),
        wijk=wijk,
        complex=complex,
        address=address,
        place_description=place_description,
        description=description,
    )
    set_terms(melding, now or timezone.now())
    _save(melding, status=S.ONTVANGEN, user=melding.reporter, reason="Gemeld")
    melding.reference = f"M-{timezone.localtime(melding.submitted_at).year}-{melding.pk:05d}"
    melding.queue_due = running_term_due(melding)
    Melding.objects.filter(pk=melding.pk).update(reference=melding.reference)
    melding.history.filter(history_type="+").update(reference=melding.reference)
    for order, photo in enumerate(photos):
        MeldingPhoto.objects.create(
            melding=melding,
            image=photo.image,
            thumbnail=photo.thumbnail,
            width=photo.width,
            height=photo.height,
            sort_order=order,
        )
    _timeline(melding, kind=MeldingUpdate.Kind.STATUS, text=gettext("Melding ontvangen"))
    _tell_reporter(
        melding,
        interpolate(_("Uw melding %(reference)s is ontvangen"), {"reference": melding.reference}),
        body=interpolate(
            _(
                "Wij bevestigen uiterlijk %(ack)s dat wij ermee aan de slag gaan, en u hoort "
                "uiterlijk %(answer)s wat wij ermee doen."
            ),
            {"ack": datum_lang(melding.acknowledge_due), "answer": datum_lang(melding.answer_due)},
        ),
    )
    # The wijk's own staff hear of it (those who switched this notice on): the queue
    # shows it too, but a melding should not wait for someone to look.
    notify(
        event=events.MELDING_NEW.name,
        recipients=handlers_to_notify(melding.wijk_id),
        title=interpolate(
            _("Nieuwe melding %(reference)s: %(type)s"),
            {"reference": melding.reference, "type": melding.get_signal_type_display()},
        ),
        url=staff_url(melding),
    )
    return melding


# --- moves ------------------------------------------------------------------------------


def _acknowledge(melding: Melding, *, status: str, user, reason: str) -> Melding:
    now = timezone.now()
    melding.acknowledged_at = now
    melding.acknowledged_in_time = now <= melding.acknowledge_due
    _save(melding, status=status, user=user, reason=reason)
    _timeline(
        melding,
        kind=MeldingUpdate.Kind.STATUS,
        text=gettext("Ontvangst bevestigd"),
        user=user,
        visible=True,
    )
    _send_template_mail(melding, MeldingMailKind.ACKNOWLEDGEMENT, sender=user)
    return melding


@transaction.atomic
def melding_acknowledge(*, melding: Melding, user) -> Melding:
    """Confirm receipt: the reporter gets the acknowledgement e-mail (staff's template)."""
    melding = _lock(melding, "acknowledge", user)
    return _acknowledge(melding, status=S.BEVESTIGD, user=user, reason="Ontvangst bevestigd")


@transaction.atomic
def meldingen_acknowledge(*, meldingen, user) -> tuple[list[Melding], list[str]]:
    """Acknowledge several meldingen in one transaction, one service call each. One that
    is already acknowledged is left as it is (a second click changes nothing); one the
    person may not handle is named and left out."""
    done, refused = [], []
    for melding in meldingen:
        current = Melding.objects.select_for_update(of=("self",)).get(pk=melding.pk)
        if current.acknowledged_at is not None or current.status not in AWAITING_ACKNOWLEDGEMENT:
            continue
        try:
            done.append(melding_acknowledge(melding=current, user=user))
        except (PermissionDenied, ValidationError) as exc:
            messages = getattr(exc, "messages", None) or [str(exc)]
            refused.append(f"{current.reference}: {' '.join(messages)}")
    return done, refused


@transaction.atomic
def melding_assign(*, melding: Melding, user, assignee) -> Melding:
    """Give the melding to `assignee` (a handler who reaches its wijk). A melding that
    was not acknowledged yet is acknowledged by this: it goes straight into treatment."""
    locked = (
        Melding.objects.select_for_update(of=("self",))
        .select_related("wijk", "reporter", "assigned_to")
        .get(pk=melding.pk)
    )
    if not can_handle_melding(user, locked):
        raise PermissionDenied(gettext("U behandelt geen meldingen in deze wijk."))
    if locked.status == S.GESLOTEN:
        raise ValidationError(gettext("Deze melding is gesloten."))
    if not can_be_assigned(assignee, locked):
        raise ValidationError(
            {"assignee": gettext("Deze persoon behandelt geen meldingen in deze wijk.")}
        )
    if locked.assigned_to_id == assignee.pk:
        return locked  # a second click: nothing changes
    locked.assigned_to = assignee
    reason = f"Toegewezen aan {assignee}"
    if locked.status in AWAITING_ACKNOWLEDGEMENT:
        locked = _lock(locked, "assign", user)
        locked.assigned_to = assignee
        _acknowledge(locked, status=S.IN_BEHANDELING, user=user, reason=reason)
    else:
        _save(locked, status=locked.status, user=user, reason=reason)
    _timeline(
        locked,
        kind=MeldingUpdate.Kind.STATUS,
        text=gettext("Toegewezen aan %(name)s") % {"name": assignee},
        user=user,
    )
    if assignee.pk != user.pk:
        notify(
            event=events.MELDING_ASSIGNED.name,
            recipients=[assignee],
            title=interpolate(
                _("U behandelt nu melding %(reference)s"), {"reference": locked.reference}
            ),
            url=staff_url(locked),
        )
    return locked


@transaction.atomic
def melding_start(*, melding: Melding, user) -> Melding:
    melding = _lock(melding, "start", user)
    if melding.assigned_to_id is None:
        melding.assigned_to = user
    _save(melding, status=S.IN_BEHANDELING, user=user, reason="In behandeling")
    _timeline(
        melding,
        kind=MeldingUpdate.Kind.STATUS,
        text=gettext("In behandeling"),
        user=user,
        visible=True,
    )
    _tell_reporter(
        melding,
        interpolate(_("Wij behandelen uw melding %(reference)s"), {"reference": melding.reference}),
        sender=user,
    )
    return melding


@transaction.atomic
def melding_wait_on_reporter(*, melding: Melding, user, question: str) -> Melding:
    """Ask the reporter something; the answer terms stand still until staff resume."""
    question = _text(question, field="question", required=True)
    melding = _lock(melding, "wait_on_reporter", user)
    melding.paused_at = timezone.now()
    _save(melding, status=S.WACHT_OP_MELDER, user=user, reason=question)
    _timeline(melding, kind=MeldingUpdate.Kind.FEEDBACK, text=question, user=user, visible=True)
    _tell_reporter(
        melding,
        interpolate(_("Een vraag over uw melding %(reference)s"), {"reference": melding.reference}),
        body=_("Wij wachten met de behandeling tot wij uw antwoord hebben."),
        message=question,
        sender=user,
    )
    return melding


@transaction.atomic
def melding_resume(*, melding: Melding, user, note: str = "", now=None) -> Melding:
    """Go on after waiting on the reporter: both answer terms move on by the working days
    the clock stood still."""
    note = _text(note, field="note", required=False)
    melding = _lock(melding, "resume", user)
    now = now or timezone.now()
    held = working_days_between(melding.paused_at, now) if melding.paused_at else 0
    melding.paused_working_days += held
    melding.answer_target = extend_by_working_days(melding.answer_target, held)
    melding.answer_due = extend_by_working_days(melding.answer_due, held)
    melding.paused_at = None
    _save(melding, status=S.IN_BEHANDELING, user=user, reason=note or "Verder na wachten")
    _timeline(
        melding,
        kind=MeldingUpdate.Kind.STATUS,
        text=note or gettext("Verder met de behandeling"),
        user=user,
    )
    _tell_reporter(
        melding,
        interpolate(
            _("Wij gaan verder met uw melding %(reference)s"), {"reference": melding.reference}
        ),
        body=interpolate(
            _("U hoort uiterlijk %(date)s wat wij ermee doen."),
            {"date": datum_lang(melding.answer_due)},
        ),
        sender=user,
    )
    return melding


def _answered(melding: Melding, now) -> None:
    if melding.answered_at is None:
        melding.answered_at = now
        melding.answered_in_time = now <= melding.answer_due


@transaction.atomic
def melding_feedback(*, melding: Melding, user, text: str) -> Melding:
    """Feedback to the reporter: the first time it is the answer (the terms are met or
    not, stored for monitoring); later feedback is added to it. The reporter gets the
    feedback e-mail (staff's template) with these words."""
    text = _text(text, field="text", required=True)
    current = Melding.objects.only("status").get(pk=melding.pk)
    if current.status == S.BEANTWOORD:
        locked = (
            Melding.objects.select_for_update(of=("self",))
            .select_related("wijk", "reporter")
            .get(pk=melding.pk)
        )
        if not can_handle_melding(user, locked):
            raise PermissionDenied(gettext("U behandelt geen meldingen in deze wijk."))
        if locked.reporter_id is None:
            raise ValidationError(
                _("Deze melding is anoniem gedaan: de melder kan geen bericht van ons krijgen.")
            )
        melding = locked
    else:
        melding = _lock(melding, "answer", user)
        _answered(melding, timezone.now())
        if melding.assigned_to_id is None:
            melding.assigned_to = user
        _save(melding, status=S.BEANTWOORD, user=user, reason="Terugkoppeling gegeven")
    _timeline(melding, kind=MeldingUpdate.Kind.FEEDBACK, text=text, user=user, visible=True)
    _send_template_mail(melding, MeldingMailKind.FEEDBACK, sender=user, feedback=text)
    return melding


@transaction.atomic
def melding_reopen(*, melding: Melding, user, reason: str) -> Melding:
    reason = _text(reason, field="reason", required=True)
    melding = _lock(melding, "reopen", user)
    _save(melding, status=S.IN_BEHANDELING, user=user, reason=reason)
    _timeline(melding, kind=MeldingUpdate.Kind.STATUS, text=reason, user=user)
    return melding


@transaction.atomic
def melding_close(*, melding: Melding, user, outcome: str, note: str = "") -> Melding:
    """Close with an outcome. A melding closed before any answer counts as answered now
    for the monitoring of terms (an anonymous one cannot be answered otherwise)."""
    if outcome not in MeldingOutcome.values:
        raise ValidationError({"outcome": gettext("Kies een uitkomst.")})
    note = _text(note, field="note", required=False)
    melding = _lock(melding, "close", user)
    now = timezone.now()
    if melding.acknowledged_at is None:
        melding.acknowledged_at = now
        melding.acknowledged_in_time = now <= melding.acknowledge_due
    _answered(melding, now)
    melding.paused_at = None
    melding.closed_at = now
    melding.outcome = outcome
    _save(melding, status=S.GESLOTEN, user=user, reason=note or f"Gesloten: {outcome}")
    label = MeldingOutcome(outcome).label
    _timeline(
        melding,
        kind=MeldingUpdate.Kind.STATUS,
        text=gettext("Gesloten: %(outcome)s") % {"outcome": label},
        user=user,
        visible=True,
    )
    if note:
        _timeline(melding, kind=MeldingUpdate.Kind.NOTE, text=note, user=user)
    _tell_reporter(
        melding,
        interpolate(_("Uw melding %(reference)s is afgesloten"), {"reference": melding.reference}),
        body=interpolate(_("Uitkomst: %(outcome)s."), {"outcome": label}),
        sender=user,
    )
    return melding


@transaction.atomic
def melding_note(*, melding: Melding, user, text: str) -> MeldingUpdate:
    """An internal note on the timeline; the reporter never sees it."""
    text = _text(text, field="text", required=True)
    melding = Melding.objects.select_for_update(of=("self",)).get(pk=melding.pk)
    if not can_handle_melding(user, melding):
        raise PermissionDenied(gettext("U behandelt geen meldingen in deze wijk."))
    return _timeline(melding, kind=MeldingUpdate.Kind.NOTE, text=text, user=user)


@transaction.atomic
def melding_classify(*, melding: Melding, user, signal_type: str, pillar) -> Melding:
    """Staff correct the type or the pillar of a melding."""
    from .models import SignalType

    if signal_type not in SignalType.values:
        raise ValidationError({"signal_type": gettext("Kies een soort melding.")})
    locked = Melding.objects.select_for_update(of=("self",)).get(pk=melding.pk)
    if not can_handle_melding(user, locked):
        raise PermissionDenied(gettext("U behandelt geen meldingen in deze wijk."))
    if locked.signal_type == signal_type and locked.pillar_id == getattr(pillar, "pk", None):
        return locked  # nothing changed (a second click)
    locked.signal_type = signal_type
    locked.pillar = pillar
    _save(locked, status=locked.status, user=user, reason="Soort of pijler aangepast")
    _timeline(
        locked,
        kind=MeldingUpdate.Kind.NOTE,
        text=gettext("Soort of pijler aangepast: %(type)s, %(pillar)s")
        % {"type": locked.get_signal_type_display(), "pillar": pillar or "–"},
        user=user,
    )
    return locked


# --- generic over melding, contact and dossier -----------------------------------------


def _subject_kind(subject) -> str:
    if isinstance(subject, Melding):
        return "melding"
    if isinstance(subject, ContactMoment):
        return "contact"
    if isinstance(subject, Dossier):
        return "dossier"
    raise TypeError(f"Not a signal: {subject!r}")


def _check_subject(user, subject) -> None:
    if not can_work_on(user, subject):
        raise PermissionDenied(gettext("U werkt niet in de wijk hiervan."))


@transaction.atomic
def refer(
    *,
    subject,
    partner,
    user,
    reason: str,
    follow_up_on: dt.date | None = None,
    referred_on: dt.date | None = None,
) -> Referral:
    """Refer a melding, a contact or a dossier to a network partner. An archived partner
    takes no new referrals."""
    kind = _subject_kind(subject)
    _check_subject(user, subject)
    if partner is None:
        raise ValidationError({"partner": gettext("Kies een partner.")})
    if partner.archived:
        raise ValidationError(
            {
                "partner": gettext(
                    "%(partner)s is gearchiveerd en neemt geen nieuwe doorverwijzingen aan. "
                    "Kies een andere partner."
                )
                % {"partner": partner.name}
            }
        )
    reason = _text(reason, field="reason", required=True, max_length=2000)
    today = timezone.localdate()
    referred_on = referred_on or today
    if referred_on > today:
        raise ValidationError({"referred_on": gettext("Een datum in de toekomst kan niet.")})
    if follow_up_on is not None and follow_up_on < referred_on:
        raise ValidationError(
            {"follow_up_on": gettext("Opvolgen kan niet vóór de doorverwijzing.")}
        )
    referral = Referral(
        partner=partner,
        reason=reason,
        referred_on=referred_on,
        follow_up_on=follow_up_on,
        created_by=user,
        **{kind: subject},
    )
    referral._history_user = user
    referral._change_reason = "Doorverwezen"
    referral.save()
    if kind == "melding":
        _timeline(
            subject,
            kind=MeldingUpdate.Kind.REFERRAL,
            text=gettext("Doorverwezen naar %(partner)s: %(reason)s")
            % {"partner": partner.name, "reason": reason},
            user=user,
        )
    return referral


@transaction.atomic
def close_referral(*, referral: Referral, user, outcome: str) -> Referral:
    from .models import ReferralOutcome

    referral = (
        Referral.objects.select_for_update(of=("self",))
        .select_related("melding", "contact", "dossier", "partner")
        .get(pk=referral.pk)
    )
    subject = referral.melding or referral.contact or referral.dossier
    _check_subject(user, subject)
    if outcome not in ReferralOutcome.values:
        raise ValidationError({"outcome": gettext("Kies een uitkomst.")})
    if referral.closed_at is not None:
        return referral  # a second click
    referral.closed_at = timezone.now()
    referral.outcome = outcome
    referral._history_user = user
    referral._change_reason = f"Afgesloten: {outcome}"
    referral.save()
    if referral.melding_id:
        _timeline(
            referral.melding,
            kind=MeldingUpdate.Kind.REFERRAL,
            text=gettext("Doorverwijzing naar %(partner)s afgesloten: %(outcome)s")
            % {"partner": referral.partner.name, "outcome": ReferralOutcome(outcome).label},
            user=user,
        )
    return referral


@transaction.atomic
def record_cost(
    *,
    subject,
    user,
    kind: str,
    amount,
    spent_on: dt.date | None = None,
    description: str = "",
) -> Cost:
    """Money spent on a melding or a dossier (for the costs per signal type)."""
    from .models import CostKind

    subject_kind = _subject_kind(subject)
    if subject_kind == "contact":
        raise ValidationError(gettext("Kosten horen bij een melding of een dossier."))
    _check_subject(user, subject)
    if kind not in CostKind.values:
        raise ValidationError({"kind": gettext("Kies een soort kosten.")})
    try:
        if not isinstance(amount, Decimal):
            amount = parse_amount(amount)
        if amount is None or not amount.is_finite():
            raise ValidationError(gettext("Vul een bedrag in euro's in, bijvoorbeeld 12,50."))
        amount = check_amount(amount)
    except ValidationError as exc:
        raise ValidationError({"amount": exc.messages}) from exc
    spent_on = spent_on or timezone.localdate()
    if spent_on > timezone.localdate():
        raise ValidationError({"spent_on": gettext("Een datum in de toekomst kan niet.")})
    cost = Cost(
        kind=kind,
        amount=amount,
        spent_on=spent_on,
        description=strip_control(description or "").strip()[:200],
        recorded_by=user,
        **{subject_kind: subject},
    )
    cost.full_clean()
    cost._history_user = user
    cost._change_reason = "Kosten vastgelegd"
    cost.save()
    if subject_kind == "melding":
        _timeline(
            subject,
            kind=MeldingUpdate.Kind.COST,
            text=f"{CostKind(kind).label}: {euro(amount)}"
            + (f" ({cost.description})" if cost.description else ""),
            user=user,
        )
    return cost


@transaction.atomic
def mark_polluted(*, subject, user, polluted: bool = True):
    """Mark (or unmark) the home of a melding, contact or dossier as polluted."""
    _subject_kind(subject)
    model = type(subject)
    locked = model.objects.select_for_update().get(pk=subject.pk)
    _check_subject(user, locked)
    if locked.polluted_home == polluted:
        return locked
    locked.polluted_home = polluted
    locked._history_user = user
    locked._change_reason = "Vervuilde woning" if polluted else "Geen vervuilde woning"
    locked.save()
    if isinstance(locked, Melding):
        _timeline(
            locked,
            kind=MeldingUpdate.Kind.NOTE,
            text=gettext("Gemarkeerd als vervuilde woning")
            if polluted
            else gettext("Markering vervuilde woning weggehaald"),
            user=user,
        )
    return locked
