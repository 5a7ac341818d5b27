"""The initiatives' part of the resident's own data (portal.personal_data): initiatives
they made or help run, their photos and progress updates, supports, comments, abuse
reports they filed and invitations.

Erasure: a concept never submitted goes. A submitted initiative stays (the monitoring
counts initiatives per wijk, pillar and status): with a co-initiator it passes to them,
texts and all, as it is their initiative too; without one its texts and photos are
removed and it keeps its wijk, pillar, status, dates and estimated cost. Supports,
comments, reports filed, invitations, and progress updates and photos the person
posted go; the counts on the initiatives follow. Messages other people received that
quote what goes are replaced by a neutral text."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Notification
from portal.personal_data import delete_files_on_commit, record, scrub

from .models import (
    PRIVATE_CONCEPT,
    CoInitiatorInvite,
    Comment,
    CommentReport,
    ConceptReadLog,
    Initiative,
    Photo,
    ProgressUpdate,
    Support,
)

ERASED_TITLE = "Initiatief verwijderd op verzoek"


def _addresses(user) -> set[str]:
    from allauth.account.models import EmailAddress

    found = {user.email.lower()}
    found.update(
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return found


def _invites_of(user):
    """Invitations the person sent, or that were sent to one of their addresses."""
    q = Q(invited_by=user)
    for address in _addresses(user):
        q |= Q(email__iexact=address)
    return CoInitiatorInvite.objects.filter(q)


def _initiatives_of(user):
    return Initiative.objects.filter(Q(initiator=user) | Q(co_initiators=user)).distinct()


def export_initiatives(user) -> list[dict]:
    site = settings.SITE_BASE_URL
    records = []
    mine = list(_initiatives_of(user).select_related("wijk", "pillar").order_by("created_at", "pk"))
    for initiative in mine:
        records.append(
            record(
                "initiatief",
                id=initiative.pk,
                role="initiatiefnemer"
                if initiative.initiator_id == user.pk
                else "mede-initiatiefnemer",
                title=initiative.title,
                description=initiative.description,
                needs=initiative.needs,
                estimated_cost=initiative.estimated_cost,
                wijk=initiative.wijk.name,
                pillar=initiative.pillar.name if initiative.pillar else None,
                status=initiative.get_status_display(),
                created_at=initiative.created_at,
                submitted_at=initiative.submitted_at,
                published_at=initiative.published_at,
                url=site + initiative.get_absolute_url(),
            )
        )
    photos = Photo.objects.filter(
        Q(uploaded_by=user) | Q(initiative__in=[i.pk for i in mine])
    ).order_by("initiative_id", "sort_order", "pk")
    records += [
        record(
            "foto",
            initiative_id=photo.initiative_id,
            progress_update_id=photo.update_id,
            description=photo.alt_text,
            file=photo.image,
            url=site + photo.image.url if photo.image else None,
            created_at=photo.created_at,
        )
        for photo in photos
    ]
    records += [
        record(
            "voortgangsbericht",
            id=update.pk,
            initiative_id=update.initiative_id,
            body=update.body,
            created_at=update.created_at,
        )
        for update in ProgressUpdate.objects.filter(author=user).order_by("created_at", "pk")
    ]
    records += [
        record(
            "steunbetuiging",
            initiative_id=support.initiative_id,
            url=site + reverse("initiatieven:detail", args=[support.initiative_id]),
            created_at=support.created_at,
        )
        for support in Support.objects.filter(user=user).order_by("created_at", "pk")
    ]
    records += [
        record(
            "reactie",
            initiative_id=comment.initiative_id,
            url=site + reverse("initiatieven:detail", args=[comment.initiative_id]),
            body=comment.body,
            created_at=comment.created_at,
            hidden_at=comment.hidden_at,
            hidden_reason=comment.hidden_reason,
        )
        for comment in Comment.objects.filter(author=user).order_by("created_at", "pk")
    ]
    records += [
        record(
            "melding_van_misbruik",
            comment_id=report.comment_id,
            reason=report.get_reason_display(),
            explanation=report.explanation,
            created_at=report.created_at,
            resolved_at=report.resolved_at,
            outcome=report.get_outcome_display() if report.outcome else None,
        )
        for report in CommentReport.objects.filter(reporter=user).order_by("created_at", "pk")
    ]
    records += [
        record(
            "uitnodiging",
            initiative_id=invite.initiative_id,
            direction="verstuurd" if invite.invited_by_id == user.pk else "ontvangen",
            email=invite.email,
            created_at=invite.created_at,
            accepted_at=invite.accepted_at,
        )
        for invite in _invites_of(user).order_by("created_at", "pk")
    ]
    return records


def _redact_notifications(q: Q) -> int:
    return Notification.objects.filter(q).update(
        title=str(_("Bericht over iets dat niet meer bestaat")),
        body="",
        message="",
        sender_label="",
    )


def _initiative_links(pks) -> Q:
    """Messages about these initiatives: their page (in any language, with an anchor) and
    their page in the admin."""
    q = Q(pk__in=[])
    for pk in pks:
        q |= Q(url__contains=f"/initiatieven/{pk}/") | Q(
            url__endswith=reverse("initiatieven_initiative:inspect", args=[pk])
        )
    return q


def _comment_links(pks) -> Q:
    q = Q(pk__in=[])
    for pk in pks:
        q |= Q(url__endswith=f"#reactie-{pk}") | Q(
            url__endswith=reverse("initiatieven_comment:inspect", args=[pk])
        )
    return q


def _files(photos) -> list:
    return [
        (field.storage, field.name)
        for photo in photos
        for field in (photo.image, photo.thumbnail)
        if field
    ]


def _delete_photos(queryset) -> int:
    photos = list(queryset)
    delete_files_on_commit(_files(photos))
    return Photo.objects.filter(pk__in=[p.pk for p in photos]).delete()[0]


def erase_initiatives(user) -> int:
    touched = 0
    affected: set[int] = set()

    # Supports and comments go; the initiatives' counts follow.
    supports = Support.objects.filter(user=user)
    affected.update(supports.values_list("initiative_id", flat=True))
    touched += supports.delete()[0]
    comments = Comment.objects.filter(author=user)
    comment_pks = list(comments.values_list("pk", flat=True))
    affected.update(comments.values_list("initiative_id", flat=True))
    for start in range(0, len(comment_pks), 200):
        _redact_notifications(_comment_links(comment_pks[start : start + 200]))
    touched += comments.delete()[0]
    touched += CommentReport.objects.filter(reporter=user).delete()[0]
    touched += _invites_of(user).delete()[0]

    # What they posted on initiatives that stay with others.
    touched += _delete_photos(Photo.objects.filter(uploaded_by=user))
    updates = ProgressUpdate.objects.filter(author=user)
    touched += _delete_photos(Photo.objects.filter(update__in=updates))
    touched += updates.delete()[0]
    for initiative in Initiative.objects.filter(co_initiators=user):
        initiative.co_initiators.remove(user)
        touched += 1

    own = Initiative.objects.filter(initiator=user)
    # Concepts never submitted are the person's alone.
    concepts = own.filter(PRIVATE_CONCEPT)
    touched += _delete_photos(Photo.objects.filter(initiative__in=concepts))
    touched += ConceptReadLog.objects.filter(initiative__in=concepts).delete()[0]
    touched += concepts.delete()[0]

    # With a team: the first co-initiator takes over.
    for initiative in own.annotate(team=Count("co_initiators")).filter(team__gt=0):
        successor = initiative.co_initiators.order_by("pk").first()
        initiative.co_initiators.remove(successor)
        initiative.initiator = successor
        initiative._change_reason = "Initiatiefnemer wiste het account; over naar het team"
        initiative._history_user = None
        initiative.save(update_fields=["initiator"])
        touched += 1

    # Alone: the initiative stays for the counts, without its texts and photos.
    alone = list(own.values_list("pk", flat=True))
    if alone:
        touched += _delete_photos(Photo.objects.filter(initiative__in=alone))
        touched += scrub(
            Initiative, alone, by=user, title=ERASED_TITLE, description="", needs="", complex=None
        )
        for start in range(0, len(alone), 200):
            _redact_notifications(_initiative_links(alone[start : start + 200]))

    # Counts on the initiatives the person supported or commented on.
    for initiative in Initiative.objects.filter(pk__in=affected).annotate(
        supports_now=Count("supports", distinct=True),
        comments_now=Count("comments", distinct=True),
    ):
        Initiative.objects.filter(pk=initiative.pk).update(
            support_count=initiative.supports_now, comment_count=initiative.comments_now
        )
    return touched


def initiatives_part() -> dict:
    return {
        "key": "initiatieven",
        "label": _("Initiatieven"),
        "export": export_initiatives,
        "erase": erase_initiatives,
        "models": [
            Initiative,
            Photo,
            ProgressUpdate,
            Support,
            Comment,
            CommentReport,
            CoInitiatorInvite,
        ],
    }
