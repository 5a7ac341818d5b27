"""Reads of initiatives: lists, the detail page's parts, the map figures and the queue."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Q

from .models import Comment, CommentReport, Initiative, ProgressUpdate, Status

STOPWORDS = {
    "voor", "van", "met", "een", "het", "de", "in", "op", "en", "bij", "naar", "door",
    "onze", "ons", "wij", "meer", "samen", "buurt", "wijk", "straat",
}  # fmt: skip


def public_initiatives():
    return Initiative.objects.public().for_cards()


def initiatives_per_wijk() -> dict[int, int]:
    """wijk id -> number of public initiatives, counted in the database."""
    rows = Initiative.objects.public().values("wijk").annotate(n=Count("pk")).order_by()
    return {row["wijk"]: row["n"] for row in rows}


def title_words(title: str) -> list[str]:
    words = re.findall(r"\w{4,}", (title or "").lower())
    return [w for w in dict.fromkeys(words) if w not in STOPWORDS][:8]


def similar_initiatives(*, title: str, wijk_id: int | None, exclude_pk=None, limit: int = 5):
    """Public initiatives in the same wijk whose title shares words with `title`,
    the most overlapping first: so people join an idea instead of repeating it."""
    words = title_words(title)
    if not words or not wijk_id:
        return []
    query = Q()
    for word in words:
        query |= Q(title__icontains=word)
    candidates = list(
        Initiative.objects.public()
        .filter(query, wijk_id=wijk_id)
        .exclude(pk=exclude_pk)
        .only("pk", "title", "status", "support_count", "wijk_id")
        .order_by("-support_count")[:50]
    )

    def overlap(initiative):
        text = initiative.title.lower()
        return sum(1 for w in words if w in text)

    candidates.sort(key=lambda i: (-overlap(i), -i.support_count))
    return candidates[:limit]


def initiative_timeline(initiative) -> list[dict]:
    """The steps of the initiative's status, with who took them and why, from history."""
    records = (
        initiative.history.order_by("history_date", "history_id")
        .select_related("history_user")
        .only(
            "status",
            "history_date",
            "history_change_reason",
            "history_user__first_name",
            "history_user__last_name",
            "history_user__email",
        )
    )
    steps, previous = [], None
    labels = dict(Status.choices)
    for record in records:
        if record.status == previous:
            continue
        previous = record.status
        if record.status == Status.CONCEPT:
            continue
        steps.append(
            {
                "status": record.status,
                "label": labels.get(record.status, record.status),
                "date": record.history_date,
                "user": record.history_user,
                "reason": record.history_change_reason or "",
                # A moderator's own words to the team, shown only to the team and moderators.
                "message": (record.history_change_reason or "")
                if record.status in (Status.TERUGGESTUURD, Status.AFGEWEZEN)
                else "",
            }
        )
    return steps


def visible_comments(initiative):
    return Comment.objects.filter(initiative=initiative).select_related("author", "hidden_by")


def initiative_updates(initiative):
    return (
        ProgressUpdate.objects.filter(initiative=initiative)
        .select_related("author")
        .prefetch_related("photos")
    )


def moderators_of_wijk(wijk_id: int):
    """Active people allowed to moderate whose werkgebied holds this wijk.

    Staff with no werkgebied (they reach every wijk) are not told of each initiative;
    the daily digest tells them what waits."""
    perm = Permission.objects.get(
        content_type__app_label="initiatieven", codename="moderate_initiative"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, werkgebied=wijk_id)
        .filter(Q(groups__permissions=perm) | Q(user_permissions=perm))
        .distinct()
    )


def all_moderators():
    perm = Permission.objects.get(
        content_type__app_label="initiatieven", codename="moderate_initiative"
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions=perm) | Q(user_permissions=perm) | Q(is_superuser=True))
        .distinct()
    )


def waiting_per_wijk() -> dict[int, dict[str, int]]:
    """wijk id -> {"initiatives": n, "reports": n}: what waits for a moderator."""
    result: dict[int, dict[str, int]] = {}
    for row in (
        Initiative.objects.filter(status=Status.INGEDIEND)
        .values("wijk")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        result.setdefault(row["wijk"], {"initiatives": 0, "reports": 0})["initiatives"] = row["n"]
    for row in (
        CommentReport.objects.filter(resolved_at=None)
        .values("comment__initiative__wijk")
        .annotate(n=Count("comment", distinct=True))
        .order_by()
    ):
        wijk = row["comment__initiative__wijk"]
        result.setdefault(wijk, {"initiatives": 0, "reports": 0})["reports"] = row["n"]
    return result
