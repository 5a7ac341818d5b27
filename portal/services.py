"""Writes of the shared core: moderation measures that take one kind of participation away
from an account for a while, the resident's objection, and lifting a measure.

A measure never closes the account: only an administrator who deliberately unticks
"actief" in the user form does that."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ErasureRecord, MeasureScope, ParticipationMeasure, User
from .notifications import (
    MEASURE_IMPOSED,
    MEASURE_LIFTED,
    MEASURE_OBJECTION,
    interpolate,
    notify,
)
from .permissions import is_staff_member
from .roles import COORDINATOR, staff_signature

LIFT_PERMISSION = "portal.change_participationmeasure"
MAX_TEXT = 2000


def _add_months(moment: datetime, months: int) -> datetime:
    local = timezone.localtime(moment)
    index = local.month - 1 + months
    year, month = local.year + index // 12, index % 12 + 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


# How long a measure runs: (label, end from a start moment). None: until lifted.
DURATIONS = {
    "week": (_("1 week"), lambda start: start + timedelta(weeks=1)),
    "maand": (_("1 maand"), lambda start: _add_months(start, 1)),
    "drie_maanden": (_("3 maanden"), lambda start: _add_months(start, 3)),
    "onbepaald": (_("tot een coördinator hem opheft"), None),
}


def can_impose_indefinitely(user) -> bool:
    """Only a coordinator (who may also lift measures) chooses 'until lifted'."""
    return user.has_perm(LIFT_PERMISSION)


def duration_choices(user) -> list[tuple[str, str]]:
    return [
        (key, label)
        for key, (label, _end) in DURATIONS.items()
        if key != "onbepaald" or can_impose_indefinitely(user)
    ]


def measure_end_text(measure: ParticipationMeasure) -> str:
    return measure.until_text()


def _clean_text(text: str, *, field: str, empty_message) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: empty_message})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("Houd het onder de 2000 tekens.")})
    return text


@transaction.atomic
def measure_impose(
    *, user: User, by: User, scope: str, duration: str, reason: str
) -> ParticipationMeasure:
    """Take `scope` away from `user` for `duration`. The caller has checked that `by` may
    moderate where this happened; staff accounts and oneself are never measured here."""
    reason = _clean_text(
        reason, field="reason", empty_message=_("Geef een reden; de bewoner leest hem.")
    )
    if scope not in MeasureScope.values:
        raise ValidationError({"scope": _("Kies waarvoor de maatregel geldt.")})
    if duration not in DURATIONS:
        raise ValidationError({"duration": _("Kies hoe lang de maatregel duurt.")})
    if duration == "onbepaald" and not can_impose_indefinitely(by):
        raise ValidationError(
            {"duration": _("Alleen een coördinator kan een maatregel zonder einddatum opleggen.")}
        )
    if user.pk == by.pk or is_staff_member(user):
        raise PermissionDenied(_("Een medewerker of uzelf kunt u hier geen maatregel opleggen."))
    # One row lock per account: two moderators at once do not stack two measures.
    User.objects.select_for_update().filter(pk=user.pk).first()
    running = ParticipationMeasure.objects.in_force().filter(user=user, scope=scope).first()
    if running is not None:
        raise ValidationError(
            _("Er loopt al zo'n maatregel voor dit account (%(until)s).")
            % {"until": measure_end_text(running)}
        )
    now = timezone.now()
    end = DURATIONS[duration][1]
    measure = ParticipationMeasure(
        user=user,
        scope=scope,
        reason=reason,
        imposed_by=by,
        ends_at=end(now) if end else None,
    )
    measure._history_user = by
    measure._change_reason = str(_("Maatregel opgelegd"))
    measure.save()
    notify(
        event=MEASURE_IMPOSED.name,
        recipients=[user],
        title=interpolate(
            _("Maatregel op Fijne Wijk: %(scope)s is tijdelijk niet mogelijk"),
            {"scope": measure.get_scope_display()},
        ),
        body=interpolate(
            _(
                "Dit geldt %(until)s. U kunt gewoon inloggen en uw eigen gegevens en aanvragen "
                "zien. Bent u het er niet mee eens? Maak bezwaar via Mijn overzicht."
            ),
            {"until": measure_end_text(measure)},
        ),
        message=reason,
        sender=by,
        sender_label=staff_signature(by),
        url=reverse("my_overview") + "#maatregelen",
    )
    return measure


def _coordinators():
    return User.objects.filter(is_active=True, groups__name=COORDINATOR).distinct()


@transaction.atomic
def measure_object(*, measure: ParticipationMeasure, user: User, text: str) -> None:
    """The resident objects to a measure; the coordinators are told and can lift it."""
    measure = ParticipationMeasure.objects.select_for_update().get(pk=measure.pk)
    if measure.user_id != user.pk:
        raise PermissionDenied(_("Dit is geen maatregel voor uw account."))
    if not measure.is_in_force():
        raise ValidationError(_("Deze maatregel loopt niet meer."))
    if measure.objected_at is not None:
        raise ValidationError(_("U heeft al bezwaar gemaakt; een coördinator bekijkt het."))
    text = _clean_text(
        text, field="objection", empty_message=_("Schrijf waarom u het er niet mee eens bent.")
    )
    measure.objection, measure.objected_at = text, timezone.now()
    measure._history_user = user
    measure._change_reason = str(_("Bezwaar gemaakt"))
    measure.save()
    notify(
        event=MEASURE_OBJECTION.name,
        recipients=list(_coordinators()),
        title=interpolate(
            _("Bezwaar tegen een maatregel (%(scope)s)"), {"scope": measure.get_scope_display()}
        ),
        body=text[:500],
        url=reverse("measures:inspect", args=[measure.pk]),
    )


@transaction.atomic
def measure_lift(*, measure: ParticipationMeasure, by: User, reason: str = "") -> None:
    """A coordinator ends a measure before its date (for example after an objection)."""
    if not by.has_perm(LIFT_PERMISSION):
        raise PermissionDenied(_("Alleen een coördinator kan een maatregel opheffen."))
    measure = ParticipationMeasure.objects.select_for_update().get(pk=measure.pk)
    if not measure.is_in_force():
        raise ValidationError(_("Deze maatregel loopt al niet meer."))
    measure.lifted_at, measure.lifted_by = timezone.now(), by
    measure._history_user = by
    measure._change_reason = (reason or "").strip()[:MAX_TEXT] or str(_("Maatregel opgeheven"))
    measure.save()
    notify(
        event=MEASURE_LIFTED.name,
        recipients=[measure.user],
        title=_("De maatregel op Fijne Wijk is opgeheven"),
        body=interpolate(_("U kunt weer: %(scope)s."), {"scope": measure.get_scope_display()}),
        message=(reason or "").strip()[:MAX_TEXT],
        sender=by,
        sender_label=staff_signature(by),
        url=reverse("my_overview"),
    )


# The resident's own account: profile and erasure -----------------------------------

PROFILE_FIELDS = ("first_name", "last_name", "address", "phone", "wijk", "language")


@transaction.atomic
def profile_update(*, user: User, changes: dict) -> list[str]:
    """Save the resident's own profile fields in `changes`; history records who changed
    which fields (their names, never the values: contact details stay out of history).
    Returns the names of the fields that changed."""
    user = User.objects.select_for_update().get(pk=user.pk)
    changed = []
    for name, value in changes.items():
        if name not in PROFILE_FIELDS:
            raise ValueError(f"{name} is not a profile field")
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    if "wijk" in changed and user.complex_id is not None:
        # A complex lies in one wijk: one in the old wijk no longer says where they live.
        if user.wijk_id is None or user.complex.buurt.wijk_id != user.wijk_id:
            user.complex = None
            changed.append("complex")
    if changed:
        labels = ", ".join(str(User._meta.get_field(name).verbose_name) for name in changed)
        user._change_reason = str(_("Profiel gewijzigd door de bewoner: %(fields)s")) % {
            "fields": labels
        }
        user._history_user = user
        user.full_clean(exclude=[f.name for f in User._meta.fields if f.name not in changed])
        # A full save, so the history writes its row (a save of untracked fields alone
        # writes none, see TrackedFieldsHistory).
        user.save()
    return changed


def erasure_refusal(user) -> str:
    """Why this account cannot erase itself here, or "" when it can."""
    if is_staff_member(user):
        return str(
            _(
                "Dit is een account van een medewerker of moderator. Wat u daarmee deed "
                "(besluiten, behandelingen, moderatie) hoort bij het dossier van de "
                "organisatie. Vraag een beheerder het account te sluiten; wij wissen dan uw "
                "persoonlijke gegevens die wij niet hoeven te bewaren."
            )
        )
    return ""


def anonymous_email(user_pk: int) -> str:
    return f"gewist-{user_pk}@verwijderd.invalid"


@transaction.atomic
def account_erase(*, user: User) -> ErasureRecord | None:
    """Erase the account of `user` at their own request (AVG article 17), in one
    transaction: every app's part (portal.personal_data) deletes or anonymises its
    records, then the account is deleted, or, when kept records still point to it (a
    submitted application, an initiative), anonymised: no name, e-mail, phone or
    address, no e-mail addresses, authenticators or usable password, inactive. Rows
    deleted on the way leave no history; the account's history keeps no e-mail address.
    The confirmation goes to the address they had, in their language, after commit.

    Returns the record of the erasure, or None when the account was already erased (a
    second click)."""
    from django.db.models import ProtectedError, RestrictedError

    from . import page_cache
    from .notifications import recipient_language, send_email
    from .personal_data import deletions_without_history, history_model, parts

    locked = User.objects.select_for_update().filter(pk=user.pk, is_active=True).first()
    if locked is None:
        return None
    refusal = erasure_refusal(locked)
    if refusal:
        raise PermissionDenied(refusal)
    pk, email, language = locked.pk, locked.email, recipient_language(locked)
    counts = {}
    with deletions_without_history():
        for part in parts():
            counts[part.key] = part.erase(locked)
        try:
            with transaction.atomic():
                locked.delete()
            outcome = ErasureRecord.Outcome.DELETED
        except (ProtectedError, RestrictedError):
            _anonymise_account(locked)
            outcome = ErasureRecord.Outcome.ANONYMISED
    if outcome == ErasureRecord.Outcome.ANONYMISED:
        # The account's history (roles given, active or not) stays; its address does not.
        history_model(User)._default_manager.filter(id=pk).update(email=anonymous_email(pk))
    erasure = ErasureRecord.objects.create(account_id=pk, outcome=outcome, counts=counts)
    page_cache.public_pages_changed()

    def confirm():
        send_email(
            to=email,
            subject=_("Uw account is verwijderd"),
            template="portal/email/account_erased.txt",
            context={"outcome": outcome, "kept": outcome == ErasureRecord.Outcome.ANONYMISED},
            language=language,
        )

    # After the commit, and a mail server that fails does not undo or break the erasure.
    transaction.on_commit(confirm, robust=True)
    return erasure


def _anonymise_account(user: User) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.groups.clear()
    user.werkgebied.clear()
    user.user_permissions.clear()
    user.first_name = user.last_name = user.phone = user.address = ""
    user.wijk = user.complex = None
    user.email = anonymous_email(user.pk)
    user.muted_email_events = []
    user.is_active = False
    # A changed password also ends every session of the account (Django compares it).
    user.set_unusable_password()
    user._change_reason = str(_("Account gewist op verzoek van de bewoner (AVG artikel 17)"))
    user._history_user = None
    user.save()
