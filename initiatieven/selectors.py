"""Reads of initiatives: lists, the detail page's parts, the map figures and the queue."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, F, Q
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.roles import ROLES
from portal.templatetags.portal_tags import display_name

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


def search_public_initiatives(query: str, *, limit: int = 20) -> list[tuple[int, str, str, str]]:
    """Public initiatives (published statuses only: never a concept or one still waiting
    for moderation) whose title, description or needs contain every word of `query`, as
    (id, title, status, wijk name): what the site search shows of each, in one query
    that reads no texts it does not show."""
    words = re.findall(r"\w+", (query or "").lower())[:8]
    if not words:
        return []
    matches = Q()
    for word in words:
        matches &= (
            Q(title__icontains=word) | Q(description__icontains=word) | Q(needs__icontains=word)
        )
    return list(
        Initiative.objects.public()
        .filter(matches)
        .order_by("-published_at", "-pk")
        .values_list("pk", "title", "status", "wijk__name")[:limit]
    )


# The label of a status step, by (previous status, new status); None: any previous one.
STEP_LABELS = {
    (Status.TERUGGESTUURD, Status.INGEDIEND): _("Opnieuw ingediend"),
    (None, Status.INGEDIEND): _("Ingediend"),
    (None, Status.TERUGGESTUURD): _("Teruggestuurd met een vraag"),
    (None, Status.GEPUBLICEERD): _("Gepubliceerd"),
    (None, Status.IN_UITVOERING): _("Uitvoering begonnen"),
    (None, Status.AFGEROND): _("Afgerond"),
    (Status.INGEDIEND, Status.AFGEWEZEN): _("Afgewezen"),
    (None, Status.AFGEWEZEN): _("Offline gehaald"),
    (None, Status.INGETROKKEN): _("Ingetrokken"),
}
# Steps everyone who may see the initiative sees; the rest only its team and moderators.
PUBLIC_STEPS = {"gepubliceerd", "in_uitvoering", "afgerond", "update"}
# Status steps whose reason is a moderator's own words to the team.
MESSAGE_STATUSES = {Status.TERUGGESTUURD, Status.AFGEWEZEN}


def _who(user, roles: dict[int, list[str]]) -> str:
    """Staff as name and role ('Sanne de Vries (HWZ-moderator)', as
    portal.roles.staff_signature signs), residents as they are shown elsewhere on the
    site. `roles`: user id -> group names, read for all steps in one query."""
    if user is None:
        return ""
    staff = [ROLES[name] for name in roles.get(user.pk, []) if name in ROLES and ROLES[name].staff]
    if staff:
        return f"{user.get_full_name() or user.email} ({staff[0].label})"
    if user.is_superuser:
        label = gettext("sitebeheerder")
        return f"{user.get_full_name() or user.email} ({label})"
    return display_name(user)


def _roles_of(user_ids) -> dict[int, list[str]]:
    membership = get_user_model().groups.through
    roles: dict[int, list[str]] = {}
    for user_id, name in membership.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "group__name"
    ):
        roles.setdefault(user_id, []).append(name)
    return roles


def _step(kind, label, date, user=None, reason="", message="", anchor="") -> dict:
    return {
        "kind": kind,
        "status": kind,
        "label": label,
        "date": date,
        "user": user,
        "who": "",
        "reason": reason,
        "message": message,
        "anchor": anchor,
        "public": kind in PUBLIC_STEPS,
    }


def initiative_timeline(initiative, *, full: bool = True) -> list[dict]:
    """Every step of the initiative, oldest first, built from history: status changes
    with who and why, progress updates, and (full) hidden comments, dismissed reports and
    people joining the team. `full=False` gives only the public steps (published, updates,
    started, completed), for visitors who are not on the team and do not moderate it.

    A fixed number of queries whatever the length of the history."""
    steps: list[dict] = []
    previous = None
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
            "history_user__is_superuser",
        )
    )
    for record in records:
        if record.status == previous:
            continue
        before, previous = previous, record.status
        if record.status == Status.CONCEPT:
            continue
        if not full and record.status not in PUBLIC_STEPS:
            continue
        label = STEP_LABELS.get((before, record.status)) or STEP_LABELS[(None, record.status)]
        words = (record.history_change_reason or "") if record.status in MESSAGE_STATUSES else ""
        steps.append(
            _step(record.status, label, record.history_date, record.history_user, words, words)
        )
    for update in ProgressUpdate.objects.filter(initiative=initiative).select_related("author"):
        steps.append(
            _step(
                "update",
                _("Voortgang gemeld"),
                update.created_at,
                update.author,
                reason=Truncator(update.body).chars(140),
                anchor=f"update-{update.pk}",
            )
        )
    if full:
        for comment in (
            Comment.objects.filter(initiative=initiative)
            .exclude(hidden_at=None)
            .select_related("hidden_by")
        ):
            steps.append(
                _step(
                    "comment_hidden",
                    _("Reactie verborgen"),
                    comment.hidden_at,
                    comment.hidden_by,
                    reason=comment.hidden_reason,
                    anchor=f"reactie-{comment.pk}",
                )
            )
        dismissed = (
            CommentReport.objects.filter(
                comment__initiative=initiative, outcome=CommentReport.Outcome.DISMISSED
            )
            .select_related("resolved_by")
            .order_by("comment_id", "resolved_at")
        )
        seen = set()
        for report in dismissed:
            if (report.comment_id, report.resolved_at) in seen:
                continue  # several reports closed at once are one decision
            seen.add((report.comment_id, report.resolved_at))
            steps.append(
                _step(
                    "reports_dismissed",
                    _("Melding van een reactie niet terecht"),
                    report.resolved_at,
                    report.resolved_by,
                    anchor=f"reactie-{report.comment_id}",
                )
            )
        for invite in initiative.invites.exclude(accepted_at=None).select_related("accepted_by"):
            steps.append(
                _step(
                    "team_joined",
                    _("Mede-initiatiefnemer erbij"),
                    invite.accepted_at,
                    invite.accepted_by,
                )
            )
    roles = _roles_of({step["user"].pk for step in steps if step["user"] is not None})
    for step in steps:
        step["who"] = _who(step["user"], roles)
    steps.sort(key=lambda step: step["date"])
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


def moderation_terms(user, *, today, calendar, limit: int = 15) -> list[dict]:
    """Submitted initiatives waiting for moderation in the wijken `user` moderates (or, for
    staff who watch terms, reaches), oldest first, each with its age in days and the
    working days left of the moderation term (the acknowledgement term of the response
    terms). Two queries: the setting and the rows; `calendar` is a WorkingCalendar."""
    from django.utils import timezone

    from portal.permissions import in_reach
    from portal.workdays import add_working_days, response_terms

    days = response_terms().acknowledgement_days
    waiting = (
        in_reach(Initiative.objects.filter(status=Status.INGEDIEND), user)
        .select_related("wijk")
        .order_by(F("submitted_at").asc(nulls_last=True), "pk")[:limit]
    )
    rows = []
    for initiative in waiting:
        if initiative.submitted_at is None:  # not expected for a submitted one
            rows.append({"initiative": initiative, "age": None, "due": None, "left": None})
            continue
        try:
            due = calendar.add(initiative.submitted_at, days)
        except ValueError:  # submitted before the calendar's span: long ago
            due = add_working_days(initiative.submitted_at, days)
        left = calendar.days_left(due, today)
        rows.append(
            {
                "initiative": initiative,
                "age": (today - timezone.localtime(initiative.submitted_at).date()).days,
                "due": due,
                "left": left,
                "late": -left,
                "paused": False,
            }
        )
    return rows
