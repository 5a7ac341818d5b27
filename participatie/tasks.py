"""Tasks of resident groups: announcements to members and the reminder the day before a
meeting. Both are safe to run twice: each person is told at most once."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy


@shared_task(
    name="participatie.send_announcement",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_announcement(announcement_id: int) -> int:
    """Tell every active member of the group, each in their own transaction with their
    delivery row: a retry after a failure (the mail server down halfway) tells only
    those not told yet. Returns how many were told in this run."""
    from .models import Announcement, MembershipStatus
    from .services import deliver_announcement

    announcement = (
        Announcement.objects.select_related("group", "author").filter(pk=announcement_id).first()
    )
    if announcement is None:
        return 0
    members = [
        m.user
        for m in announcement.group.memberships.filter(status=MembershipStatus.ACTIVE)
        .select_related("user")
        .order_by("pk")
    ]
    told = 0
    for member in members:
        if member.pk == announcement.author_id or not member.is_active:
            continue
        if deliver_announcement(announcement=announcement, member=member):
            told += 1
    return told


@shared_task(name="participatie.meeting_reminders")
def meeting_reminders() -> int:
    """Every hour of the day (08:00-21:00, never at night): remind everyone signed up for a
    meeting that starts within the next 24 hours, so a meeting planned today for early
    tomorrow morning gets its reminder too. Each signed-up person once: the row is claimed
    in the same transaction as the message."""
    from django.utils.translation import gettext_lazy as _

    from portal.notifications import interpolate, notify

    from . import notifications as events
    from .models import MeetingStatus, Rsvp, RsvpStatus

    now = timezone.now()
    until = now + timedelta(hours=24)
    due = (
        Rsvp.objects.filter(
            status=RsvpStatus.GOING,
            reminded_at=None,
            meeting__status=MeetingStatus.PLANNED,
            meeting__starts_at__gt=now,
            meeting__starts_at__lt=until,
        )
        .select_related("meeting__group", "user")
        .order_by("pk")
    )
    told = 0
    for entry in due:
        with transaction.atomic():
            claimed = Rsvp.objects.filter(
                pk=entry.pk, reminded_at=None, status=RsvpStatus.GOING
            ).update(reminded_at=timezone.now())
            if not claimed:
                continue
            meeting = entry.meeting
            notify(
                event=events.REMINDER.name,
                recipients=[entry.user],
                title=interpolate(_("Herinnering: %(title)s"), {"title": meeting.title}),
                body=interpolate(
                    _(
                        "U bent aangemeld voor deze bijeenkomst van %(group)s, "
                        "op %(when)s, %(place)s."
                    ),
                    {
                        "group": meeting.group.name,
                        "when": lazy(_when, str)(meeting.starts_at),
                        "place": meeting.place or meeting.online_url,
                    },
                ),
                url=meeting.get_absolute_url(),
                attachment=f"meeting-ics:{meeting.pk}",
            )
            told += 1
    return told


def _when(moment) -> str:
    from portal.templatetags.portal_tags import datum_lang

    return datum_lang(moment, True)
