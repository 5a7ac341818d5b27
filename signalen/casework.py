"""The services of the contact log and the liveability dossiers: every change of a
contact moment or a dossier goes through one of these functions, in one transaction,
with who did it and why in the history.

Who may: each function checks the person's reach (signalen.case_permissions) on the
server, whatever the view sent. Double clicks: the forms carry a submission token, and
the functions that could make a second copy of the same thing (linking, applying an
instrument, closing, reopening) find the first one instead.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.fields import free_text, strip_control

from . import case_permissions as access
from .models import (
    ContactChannel,
    ContactMoment,
    ContactTopic,
    Dossier,
    DossierOutcome,
    DossierRead,
    DossierStatus,
    DossierSubject,
    InstrumentApplied,
    Melding,
    SignalType,
)

# A phone's clock may run a little ahead of the server's: a contact "now" is not refused.
CLOCK_SLACK = dt.timedelta(minutes=5)
SUMMARY_MAX = 2000
RESULT_MAX = 2000
REASON_MAX = 1000


def _move(dossier: Dossier, name: str) -> str:
    """The status a dossier goes to by move `name` (signalen.transitions), or a refusal."""
    from .transitions import DOSSIER_TRANSITIONS

    move = DOSSIER_TRANSITIONS[name]
    if dossier.status not in move.sources:
        raise ValidationError(
            _("Dit kan niet bij een dossier met status “%(status)s”.")
            % {"status": dossier.get_status_display()}
        )
    return move.target


def _stamp(obj, user, reason: str) -> None:
    obj._history_user = user
    obj._change_reason = reason[:100]


def _require_wijk(user, wijk) -> None:
    if not access.can_see_wijk(user, wijk):
        raise PermissionDenied(_("U werkt niet in deze wijk."))


def _one_line(value, max_length: int) -> str:
    return strip_control(value)[:max_length]


def _check_place(wijk, complex_) -> None:
    if complex_ is not None and complex_.buurt.wijk_id != wijk.pk:
        raise ValidationError({"complex": _("Dit complex ligt niet in de gekozen wijk.")})


def check_not_future(moment: dt.datetime | None, field: str = "happened_at") -> None:
    if moment is not None and moment > timezone.now() + CLOCK_SLACK:
        raise ValidationError(
            {field: _("Dit moment ligt in de toekomst. Vul in wanneer het contact plaatsvond.")}
        )


def check_date_not_future(day: dt.date | None, field: str, message: str) -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError({field: message})


# --- Contact moments -----------------------------------------------------------------


@transaction.atomic
def log_contact(
    *,
    user,
    happened_at: dt.datetime,
    wijk,
    channel: str,
    topics: list[str],
    summary: str,
    complex=None,  # noqa: A002 - the model's name for it
    address: str = "",
    pillar=None,
    follow_up_on: dt.date | None = None,
    partner=None,
    referral_reason: str = "",
    referral_follow_up: dt.date | None = None,
    dossier=None,
) -> ContactMoment:
    """Record an informal contact a staff member had in `wijk`; with `partner`, refer it
    to that network partner in the same transaction."""
    _require_wijk(user, wijk)
    errors: dict[str, list[str]] = {}
    if happened_at is None:
        errors["happened_at"] = [_("Vul in wanneer het contact was.")]
    else:
        try:
            check_not_future(happened_at)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if channel not in ContactChannel.values:
        errors["channel"] = [_("Kies hoe het contact was.")]
    topics = list(dict.fromkeys(topics or []))
    if not topics or any(t not in SignalType.values for t in topics):
        errors["topics"] = [_("Kies een of meer onderwerpen.")]
    summary = free_text(summary, max_length=SUMMARY_MAX + 1)
    if not summary:
        errors["summary"] = [_("Schrijf in een paar woorden waar het contact over ging.")]
    elif len(summary) > SUMMARY_MAX:
        errors["summary"] = [_("Houd de samenvatting kort: hoogstens 2000 tekens.")]
    if happened_at is not None and follow_up_on is not None:
        if follow_up_on < timezone.localtime(happened_at).date():
            errors["follow_up_on"] = [_("Opvolgen kan niet vóór de dag van het contact.")]
    if partner is not None and getattr(partner, "archived", False):
        errors["partner"] = [
            _("Deze partner is gearchiveerd en krijgt geen nieuwe doorverwijzingen.")
        ]
    if partner is not None and not free_text(referral_reason):
        errors["referral_reason"] = [_("Schrijf waarom u doorverwijst.")]
    if dossier is not None and dossier.wijk_id != wijk.pk:
        errors["dossier"] = [_("Dit dossier hoort bij een andere wijk.")]
    try:
        _check_place(wijk, complex)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)

    contact = ContactMoment(
        happened_at=happened_at,
        wijk=wijk,
        complex=complex,
        address=_one_line(address, 200),
        channel=channel,
        pillar=pillar,
        summary=summary,
        follow_up_on=follow_up_on,
        logged_by=user,
        dossier=dossier,
    )
    _stamp(contact, user, "Contact vastgelegd")
    contact.save()
    ContactTopic.objects.bulk_create(
        ContactTopic(contact=contact, signal_type=topic) for topic in topics
    )
    if partner is not None:
        from .services import refer

        refer(
            user=user,
            subject=contact,
            partner=partner,
            reason=free_text(referral_reason, max_length=2000),
            follow_up_on=referral_follow_up,
        )
    return contact


@transaction.atomic
def complete_follow_up(*, user, contact: ContactMoment, note: str = "") -> ContactMoment:
    """The follow-up of a contact is done: its date is cleared (the history keeps it,
    with who and the note)."""
    contact = ContactMoment.objects.select_for_update().get(pk=contact.pk)
    _require_wijk(user, contact.wijk_id)
    if contact.follow_up_on is None:
        return contact  # a double click
    contact.follow_up_on = None
    _stamp(contact, user, free_text(note, max_length=100) or "Opgevolgd")
    contact.save(update_fields=["follow_up_on"])
    return contact


# --- Dossiers ------------------------------------------------------------------------


def _next_reference(dossier: Dossier) -> str:
    return f"D-{timezone.localdate().year}-{dossier.pk:05d}"


@transaction.atomic
def open_dossier(
    *,
    user,
    subject: str,
    title: str = "",
    wijk=None,
    complex=None,  # noqa: A002
    address: str = "",
    pillar=None,
    melding: Melding | None = None,
    contact: ContactMoment | None = None,
    reason: str = "",
) -> Dossier:
    """Open a dossier about an address, household or complex: from a melding or a
    contact (its place is taken over and it is linked), or empty."""
    source = melding or contact
    if melding is not None and contact is not None:
        raise ValidationError(_("Open een dossier vanuit één melding of één contact."))
    if source is not None:
        source = type(source).objects.select_for_update().get(pk=source.pk)
        if source.dossier_id:
            raise ValidationError(
                _("Dit signaal hoort al bij dossier %(reference)s.")
                % {"reference": source.dossier.reference}
            )
        wijk = wijk or source.wijk
        complex = complex or source.complex  # noqa: A001
        address = address or source.address
        pillar = pillar or source.pillar
    errors: dict[str, list[str]] = {}
    if wijk is None:
        errors["wijk"] = [_("Kies de wijk van het dossier.")]
    else:
        _require_wijk(user, wijk)
    if subject not in DossierSubject.values:
        errors["subject"] = [_("Kies waar het dossier over gaat.")]
    title = _one_line(title, 200)
    if not title and source is not None:
        title = _one_line(address or (complex.name if complex else "") or str(source), 200)
    if not title:
        errors["title"] = [_("Geef het dossier een korte titel.")]
    if subject == DossierSubject.COMPLEX and complex is None:
        errors["complex"] = [_("Kies het complex waar dit dossier over gaat.")]
    if subject in (DossierSubject.ADRES, DossierSubject.HUISHOUDEN) and not (
        address.strip() or source is not None
    ):
        errors["address"] = [_("Vul het adres in waar dit dossier over gaat.")]
    if wijk is not None:
        try:
            _check_place(wijk, complex)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)

    dossier = Dossier(
        subject=subject,
        wijk=wijk,
        complex=complex,
        address=_one_line(address, 200),
        title=title,
        pillar=pillar,
        opened_by=user,
        opened_at=timezone.now(),
    )
    _stamp(dossier, user, free_text(reason, max_length=100) or "Dossier geopend")
    dossier.save()
    dossier.reference = _next_reference(dossier)
    _stamp(dossier, user, "Kenmerk gegeven")
    dossier.save(update_fields=["reference"])
    if source is not None:
        _link(source, dossier, user, "Gekoppeld bij het openen van het dossier")
    return dossier


def _link(signal, dossier, user, reason: str) -> None:
    signal.dossier = dossier
    _stamp(signal, user, reason)
    signal.save(update_fields=["dossier"])


def _locked_open(dossier: Dossier) -> Dossier:
    locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
    return locked


@transaction.atomic
def link_signal(
    *,
    user,
    dossier: Dossier,
    melding: Melding | None = None,
    contact: ContactMoment | None = None,
    reason: str = "",
) -> bool:
    """Gather a melding or contact of the dossier's wijk into it. True when it was linked
    now, False when it already was (a double click)."""
    dossier = _locked_open(dossier)
    _require_wijk(user, dossier.wijk_id)
    if (melding is None) == (contact is None):
        raise ValidationError(_("Kies één melding of één contact om te koppelen."))
    signal = melding or contact
    signal = type(signal).objects.select_for_update().get(pk=signal.pk)
    if signal.dossier_id == dossier.pk:
        return False
    if signal.wijk_id != dossier.wijk_id:
        raise ValidationError(_("Dit signaal hoort bij een andere wijk dan het dossier."))
    if signal.dossier_id:
        raise ValidationError(
            _("Dit signaal hoort al bij dossier %(reference)s; ontkoppel het daar eerst.")
            % {"reference": signal.dossier.reference}
        )
    _link(signal, dossier, user, free_text(reason, max_length=100) or "Gekoppeld aan dossier")
    return True


@transaction.atomic
def unlink_signal(
    *,
    user,
    dossier: Dossier,
    melding: Melding | None = None,
    contact: ContactMoment | None = None,
    reason: str = "",
) -> bool:
    """Take a melding or contact out of the dossier. False when it was not in it."""
    dossier = _locked_open(dossier)
    _require_wijk(user, dossier.wijk_id)
    if (melding is None) == (contact is None):
        raise ValidationError(_("Kies één melding of één contact om te ontkoppelen."))
    signal = melding or contact
    signal = type(signal).objects.select_for_update().get(pk=signal.pk)
    if signal.dossier_id != dossier.pk:
        return False
    signal.dossier = None
    _stamp(signal, user, free_text(reason, max_length=100) or "Ontkoppeld van dossier")
    signal.save(update_fields=["dossier"])
    return True


@transaction.atomic
def apply_instrument(
    *, user, dossier: Dossier, instrument, applied_on: dt.date, result: str = ""
) -> InstrumentApplied:
    """Record that an instrument of the catalogue was applied in the dossier, when and
    with what result. The same instrument, day and result again is the same record."""
    dossier = _locked_open(dossier)
    _require_wijk(user, dossier.wijk_id)
    errors: dict[str, list[str]] = {}
    if dossier.status != DossierStatus.OPEN:
        raise ValidationError(_("Het dossier is gesloten: heropen het eerst."))
    if instrument is None:
        errors["instrument"] = [_("Kies een instrument uit de catalogus.")]
    if applied_on is None:
        errors["applied_on"] = [_("Vul in wanneer het instrument is ingezet.")]
    elif applied_on > timezone.localdate():
        errors["applied_on"] = [
            _("Deze datum ligt in de toekomst: leg een instrument vast als het is ingezet.")
        ]
    result = free_text(result, max_length=RESULT_MAX + 1)
    if len(result) > RESULT_MAX:
        errors["result"] = [_("Houd het resultaat kort: hoogstens 2000 tekens.")]
    if errors:
        raise ValidationError(errors)
    existing = InstrumentApplied.objects.filter(
        dossier=dossier, instrument=instrument, applied_on=applied_on, result=result
    ).first()
    if existing is not None:
        return existing
    applied = InstrumentApplied(
        dossier=dossier,
        instrument=instrument,
        applied_on=applied_on,
        result=result,
        recorded_by=user,
    )
    _stamp(applied, user, "Instrument ingezet")
    applied.save()
    return applied


@transaction.atomic
def close_dossier(*, user, dossier: Dossier, outcome: str, reason: str = "") -> Dossier:
    """Close the dossier with an outcome from the fixed list (for the monitoring:
    evictions and the complaints route among them)."""
    dossier = _locked_open(dossier)
    _require_wijk(user, dossier.wijk_id)
    if outcome not in DossierOutcome.values:
        raise ValidationError({"outcome": _("Kies de uitkomst van het dossier.")})
    if dossier.status == DossierStatus.GESLOTEN:
        if dossier.outcome == outcome:
            return dossier  # a double click
        raise ValidationError(_("Het dossier is al gesloten."))
    dossier.status = _move(dossier, "close")
    dossier.outcome = outcome
    dossier.closed_at = timezone.now()
    _stamp(dossier, user, free_text(reason, max_length=100) or "Dossier gesloten")
    dossier.save(update_fields=["status", "outcome", "closed_at"])
    return dossier


@transaction.atomic
def reopen_dossier(*, user, dossier: Dossier, reason: str) -> Dossier:
    """Open a closed dossier again (the reason is kept in its history)."""
    dossier = _locked_open(dossier)
    _require_wijk(user, dossier.wijk_id)
    reason = free_text(reason, max_length=REASON_MAX)
    if dossier.status == DossierStatus.OPEN:
        return dossier  # a double click, or someone else was first
    if not reason:
        raise ValidationError({"reason": _("Schrijf waarom het dossier weer open gaat.")})
    dossier.status = _move(dossier, "reopen")
    dossier.outcome = ""
    dossier.closed_at = None
    _stamp(dossier, user, reason)
    dossier.save(update_fields=["status", "outcome", "closed_at"])
    return dossier


@transaction.atomic
def record_dossier_read(*, user, dossier: Dossier) -> DossierRead:
    """One row in the dossier's read log: who opened its page, when."""
    if not access.can_see(user, dossier):
        raise PermissionDenied
    return DossierRead.objects.create(dossier=dossier, user=user, read_at=timezone.now())
