"""A resident's meldingen in their data export, and their erasure (AVG articles 15 and
17), registered through the `fijnewijk_personal_data` hook (wagtail_hooks).

Erasure keeps every melding row for the monitoring counts (type, wijk, complex, dates,
terms, outcome, costs, dossier), but takes away who reported it and everything that
could say who they are: the reporter, the contact data, the free texts (the
description, the place in their words, the feedback and questions written to them), the
photos; and the same fields in the history rows."""

from __future__ import annotations

from django.db.models import Q

from .models import Cost, Melding, MeldingPhoto, MeldingUpdate, Referral

ERASED = "[verwijderd op verzoek van de melder]"


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def export_meldingen(user) -> list[dict]:
    meldingen = (
        Melding.objects.filter(reporter=user)
        .select_related("wijk", "complex")
        .prefetch_related("photos")
        .order_by("submitted_at", "pk")
    )
    feedback: dict[int, list] = {}
    for update in MeldingUpdate.objects.filter(
        melding__reporter=user, visible_to_reporter=True
    ).order_by("created_at", "pk"):
        feedback.setdefault(update.melding_id, []).append(
            {"date": _iso(update.created_at), "kind": update.kind, "text": update.text}
        )
    return [
        {
            "reference": m.reference,
            "type": m.signal_type,
            "status": m.status,
            "wijk": m.wijk.name if m.wijk_id else None,
            "complex": m.complex.name if m.complex_id else None,
            "address": m.address,
            "place_description": m.place_description,
            "description": m.description,
            "may_contact": m.may_contact,
            "contact_phone": m.contact_phone,
            "submitted_at": _iso(m.submitted_at),
            "acknowledged_at": _iso(m.acknowledged_at),
            "answered_at": _iso(m.answered_at),
            "closed_at": _iso(m.closed_at),
            "outcome": m.outcome or None,
            "photos": len(m.photos.all()),
            "messages": feedback.get(m.pk, []),
        }
        for m in meldingen
    ]


def erase_meldingen(user) -> int:
    """Anonymise the resident's meldingen and their history; returns how many meldingen
    were touched. Runs inside the caller's erasure transaction."""
    ids = list(Melding.objects.filter(reporter=user).values_list("pk", flat=True))
    historical_ids = set(Melding.history.filter(reporter_id=user.pk).values_list("id", flat=True))
    ids_all = sorted(set(ids) | historical_ids)
    if not ids_all:
        return 0
    private = {
        "reporter": None,
        "may_contact": False,
        "contact_phone": "",
        "address": "",
        "place_description": "",
        "description": ERASED,
    }
    Melding.objects.filter(pk__in=ids_all).update(**private)
    Melding.history.filter(id__in=ids_all).update(**private, history_change_reason=None)
    # Words written to the reporter (feedback, questions) and notes about them.
    MeldingUpdate.objects.filter(
        melding_id__in=ids_all,
        kind__in=[MeldingUpdate.Kind.FEEDBACK, MeldingUpdate.Kind.NOTE],
    ).update(text=ERASED)
    for photo in MeldingPhoto.objects.filter(melding_id__in=ids_all):
        for field in (photo.image, photo.thumbnail):
            try:
                field.delete(save=False)
            except (FileNotFoundError, OSError):
                pass  # already gone from the storage: the row goes all the same
        photo.delete()
    Referral.objects.filter(melding_id__in=ids_all).update(reason=ERASED)
    Referral.history.filter(melding_id__in=ids_all).update(
        reason=ERASED, history_change_reason=None
    )
    Cost.objects.filter(melding_id__in=ids_all).exclude(description="").update(description="")
    Cost.history.filter(Q(melding_id__in=ids_all)).update(description="")
    return len(ids_all)
