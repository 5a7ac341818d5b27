"""Retention of signals (AVG article 5(1)(e), storage limitation): what has been kept
long enough is anonymised or removed by a nightly task, also in the history tables.

The periods are days per kind in `settings.SIGNALEN_RETENTION_DAYS` (defaults and their
reasons in DEFAULT_DAYS below). Anonymising clears every free text, address, name and
contact detail and keeps what the monitoring counts (section 6 of the policy): the
signal type and topics, wijk and complex, the dates, the status and outcome, polluted
homes, referrals (partner and dates) and costs (kind, amount, date). Read-log rows are
removed. A row is touched once: what was anonymised before is left alone, so exactly
the rows that expired since the last run are counted.
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)

# Days after which each kind has been kept long enough. Overridable per installation in
# settings.SIGNALEN_RETENTION_DAYS (a dict with any of these keys).
DEFAULT_DAYS = {
    # An informal contact outside a dossier: one year. Long enough to see signals about
    # the same address or complex pile up through the seasons and open a dossier then;
    # a contact that led nowhere in a year is not needed about a person any more.
    "contact": 365,
    # A closed melding: one year after closing. The reporter may come back about the
    # same problem, and an objection to how it was handled is made within that time.
    "melding_closed": 365,
    # A closed dossier: five years after closing. A dossier can underpin the ending of a
    # lease (uitzetting) or a complaint to the HWZ, the klachtencommissie or the
    # Huurcommissie, and claims from a lease lapse after five years (art. 3:307-3:308 BW).
    "dossier_closed": 5 * 365,
    # Who read a dossier: two years. The log answers a resident's question "who saw my
    # data" and an internal audit; it is personal data of staff itself.
    "dossier_read": 2 * 365,
}
KINDS = tuple(DEFAULT_DAYS)


def retention_days() -> dict[str, int]:
    configured = getattr(settings, "SIGNALEN_RETENTION_DAYS", None) or {}
    return {kind: int(configured.get(kind, days)) for kind, days in DEFAULT_DAYS.items()}


def _cutoff(days: int, now: dt.datetime) -> dt.datetime:
    return now - dt.timedelta(days=days)


# What anonymising clears, per model: field -> the empty value.
CONTACT_CLEARED = {"summary": "", "address": "", "follow_up_on": None}
MELDING_CLEARED = {
    "reporter": None,
    "may_contact": False,
    "contact_phone": "",
    "description": "",
    "address": "",
    "place_description": "",
}
DOSSIER_CLEARED = {"title": "", "address": ""}


def _scrub(model, ids: list[int], cleared: dict):
    """Clear `cleared` on the rows with `ids` and on every history row of them (and the
    free-text reason of each history row)."""
    if not ids:
        return
    model.objects.filter(pk__in=ids).update(**cleared)
    history = getattr(model, "history", None)
    if history is not None:
        fields = {
            name: value
            for name, value in cleared.items()
            if name in {f.name for f in history.model._meta.fields}
        }
        history.model.objects.filter(id__in=ids).update(history_change_reason=None, **fields)


def _clear_parts(*, contact_ids=(), melding_ids=(), dossier_ids=()) -> None:
    """The free texts that hang off contacts, meldingen and dossiers: referral reasons,
    timeline texts of meldingen, results of instruments, cost descriptions; photos of
    meldingen are removed."""
    from .models import Cost, InstrumentApplied, MeldingPhoto, MeldingUpdate, Referral

    subject = (
        Q(contact_id__in=list(contact_ids))
        | Q(melding_id__in=list(melding_ids))
        | Q(dossier_id__in=list(dossier_ids))
    )
    referral_ids = list(Referral.objects.filter(subject).values_list("pk", flat=True))
    _scrub(Referral, referral_ids, {"reason": ""})
    if melding_ids:
        MeldingUpdate.objects.filter(melding_id__in=list(melding_ids)).update(text="")
        for photo in MeldingPhoto.objects.filter(melding_id__in=list(melding_ids)):
            for field in (photo.image, photo.thumbnail):
                if field:
                    field.delete(save=False)
            photo.delete()
    cost_ids = list(
        Cost.objects.filter(
            Q(melding_id__in=list(melding_ids)) | Q(dossier_id__in=list(dossier_ids))
        ).values_list("pk", flat=True)
    )
    _scrub(Cost, cost_ids, {"description": ""})
    if dossier_ids:
        instrument_ids = list(
            InstrumentApplied.objects.filter(dossier_id__in=list(dossier_ids)).values_list(
                "pk", flat=True
            )
        )
        _scrub(InstrumentApplied, instrument_ids, {"result": ""})


def _not_yet(cleared: dict) -> Q:
    """Rows that still hold something anonymising would clear."""
    condition = Q()
    for name, value in cleared.items():
        if value is None:
            condition |= Q(**{f"{name}__isnull": False})
        elif value is False:
            condition |= Q(**{name: True})
        else:
            condition |= ~Q(**{name: value})
    return condition


@transaction.atomic
def forget_expired(now: dt.datetime | None = None) -> dict[str, int]:
    """Anonymise or remove every signal whose retention period has passed; returns (and
    logs) how many rows of each kind were touched."""
    from .models import (
        ContactMoment,
        Dossier,
        DossierRead,
        DossierStatus,
        Melding,
        MeldingStatus,
    )

    now = now or timezone.now()
    days = retention_days()
    counts = dict.fromkeys(KINDS, 0)

    # Closed dossiers past their period, with everything gathered in them.
    dossier_ids = list(
        Dossier.objects.filter(
            status=DossierStatus.GESLOTEN,
            closed_at__lt=_cutoff(days["dossier_closed"], now),
        )
        .filter(_not_yet(DOSSIER_CLEARED))
        .values_list("pk", flat=True)
    )
    expired_dossiers = Q(
        dossier__status=DossierStatus.GESLOTEN,
        dossier__closed_at__lt=_cutoff(days["dossier_closed"], now),
    )
    counts["dossier_closed"] = len(dossier_ids)

    # Contacts outside a dossier past their period, and those of expired dossiers.
    contact_ids = list(
        ContactMoment.objects.filter(
            Q(dossier=None, happened_at__lt=_cutoff(days["contact"], now)) | expired_dossiers
        )
        .filter(_not_yet(CONTACT_CLEARED))
        .values_list("pk", flat=True)
    )
    counts["contact"] = len(contact_ids)

    # Closed meldingen outside a dossier past their period, and those of expired dossiers.
    melding_ids = list(
        Melding.objects.filter(
            Q(
                dossier=None,
                status=MeldingStatus.GESLOTEN,
                closed_at__lt=_cutoff(days["melding_closed"], now),
            )
            | expired_dossiers
        )
        .filter(_not_yet(MELDING_CLEARED))
        .values_list("pk", flat=True)
    )
    counts["melding_closed"] = len(melding_ids)

    _scrub(Dossier, dossier_ids, DOSSIER_CLEARED)
    _scrub(ContactMoment, contact_ids, CONTACT_CLEARED)
    _scrub(Melding, melding_ids, MELDING_CLEARED)
    _clear_parts(contact_ids=contact_ids, melding_ids=melding_ids, dossier_ids=dossier_ids)

    deleted, _per_model = DossierRead.objects.filter(
        read_at__lt=_cutoff(days["dossier_read"], now)
    ).delete()
    counts["dossier_read"] = deleted

    logger.info(
        "Bewaartermijnen: %s",
        ", ".join(f"{kind} {count}" for kind, count in counts.items()),
    )
    return counts


@shared_task(name="signalen.retention")
def retention() -> dict[str, int]:
    """Nightly (portal.settings CELERY_BEAT_SCHEDULE): forget_expired."""
    return forget_expired()
