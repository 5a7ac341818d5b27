"""A resident's data in resident groups, for their export and their erasure (registered
through the hook "fijnewijk_personal_data", read by portal's register of personal data)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .models import (
    Announcement,
    AnnouncementDelivery,
    Meeting,
    Membership,
    Rsvp,
    RsvpStatus,
)


def _moment(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def export(user) -> list[dict]:
    rows: list[dict] = []
    for membership in Membership.objects.filter(user=user).select_related("group").order_by("pk"):
        rows.append(
            {
                "soort": "lidmaatschap",
                "groep": membership.group.name,
                "status": membership.get_status_display(),
                "rol": membership.get_role_display(),
                "naam_tonen_aan_leden": membership.show_name_to_members,
                "aangemeld_op": _moment(membership.requested_at),
                "besloten_op": _moment(membership.decided_at),
                "reden_van_afwijzing": membership.decline_reason,
                "beeindigd_op": _moment(membership.ended_at),
            }
        )
    for rsvp in Rsvp.objects.filter(user=user).select_related("meeting__group").order_by("pk"):
        rows.append(
            {
                "soort": "aanmelding voor een bijeenkomst",
                "groep": rsvp.meeting.group.name,
                "bijeenkomst": rsvp.meeting.title,
                "begint_om": _moment(rsvp.meeting.starts_at),
                "status": rsvp.get_status_display(),
                "plaats_op_wachtlijst": rsvp.position,
                "aangemeld_op": _moment(rsvp.created_at),
            }
        )
    for announcement in Announcement.objects.filter(author=user).select_related("group"):
        rows.append(
            {
                "soort": "bericht aan leden",
                "groep": announcement.group.name,
                "onderwerp": announcement.title,
                "verstuurd_op": _moment(announcement.created_at),
            }
        )
    for meeting in Meeting.objects.filter(minutes_by=user).select_related("group"):
        rows.append(
            {
                "soort": "verslag geschreven",
                "groep": meeting.group.name,
                "bijeenkomst": meeting.title,
                "gepubliceerd_op": _moment(meeting.minutes_published_at),
            }
        )
    return rows


@transaction.atomic
def erase(user) -> int:
    """Delete the person's memberships, RSVPs and deliveries (their places at coming
    meetings go to the waiting list first); keep what the group needs without their name
    (minutes and announcements they wrote, decisions they took as moderator); scrub their
    name from every history row of this app. Returns the number of rows touched."""
    from .services import cancel_rsvp

    touched = 0
    for rsvp in Rsvp.objects.filter(
        user=user,
        status__in=(RsvpStatus.GOING, RsvpStatus.WAITING),
        meeting__starts_at__gt=timezone.now(),
    ).select_related("meeting"):
        cancel_rsvp(meeting=rsvp.meeting, user=user)
    for model in (Membership, Rsvp, AnnouncementDelivery):
        deleted, _by_model = model.objects.filter(user=user).delete()
        touched += deleted
    for history in (Membership.history, Rsvp.history):
        deleted, _by_model = history.filter(user_id=user.pk).delete()
        touched += deleted
    touched += Meeting.objects.filter(minutes_by=user).update(minutes_by=None)
    touched += Meeting.objects.filter(created_by=user).update(created_by=None)
    touched += Membership.objects.filter(decided_by=user).update(decided_by=None)
    touched += Announcement.objects.filter(author=user).update(author=None)
    touched += Meeting.history.filter(minutes_by_id=user.pk).update(minutes_by=None)
    touched += Meeting.history.filter(created_by_id=user.pk).update(created_by=None)
    touched += Membership.history.filter(decided_by_id=user.pk).update(decided_by=None)
    touched += Announcement.history.filter(author_id=user.pk).update(author=None)
    from .models import ResidentGroup

    for model in (ResidentGroup, Membership, Meeting, Rsvp, Announcement):
        touched += model.history.filter(history_user_id=user.pk).update(history_user=None)
    return touched
