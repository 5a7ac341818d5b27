"""Reads of resident groups: lists for the public pages, the members' part of a group's
page and the moderator's pages. Each list says what it reads with it."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from .models import (
    Announcement,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
    MembershipStatus,
    ResidentGroup,
    Rsvp,
    RsvpStatus,
)

CONTACT_ROLES = (MembershipRole.CONTACT,)


def _contacts_prefetch():
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(
            status=MembershipStatus.ACTIVE, role__in=CONTACT_ROLES
        ).select_related("user"),
        to_attr="contacts",
    )


def public_groups(*, wijk=None, kind=None):
    groups = ResidentGroup.objects.active().select_related("wijk", "complex")
    if wijk is not None:
        groups = groups.filter(wijk=wijk)
    if kind:
        groups = groups.filter(kind=kind)
    return groups.prefetch_related(_contacts_prefetch()).annotate(
        member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE))
    )


def group_with_contacts(slug: str):
    return (
        ResidentGroup.objects.select_related("wijk", "complex")
        .prefetch_related(_contacts_prefetch())
        .filter(slug=slug)
        .first()
    )


def upcoming_meetings(*, group=None, public_only: bool = True, limit: int | None = None):
    meetings = (
        Meeting.objects.filter(
            status=MeetingStatus.PLANNED, ends_at__gt=timezone.now(), group__active=True
        )
        .select_related("group")
        .order_by("starts_at", "pk")
    )
    if group is not None:
        meetings = meetings.filter(group=group)
    if public_only:
        meetings = meetings.filter(group__meetings_public=True)
    return meetings[:limit] if limit else meetings


def wijk_groups_with_next_meeting(wijk, limit: int = 6) -> list:
    """A wijk's active groups, each with its next public meeting (title, start, id) read
    in the same query: the neighbourhood page adds one query for all of it."""
    from django.db.models import OuterRef, Subquery

    upcoming = Meeting.objects.filter(
        group=OuterRef("pk"),
        status=MeetingStatus.PLANNED,
        ends_at__gt=timezone.now(),
        group__meetings_public=True,
    ).order_by("starts_at", "pk")
    return list(
        ResidentGroup.objects.active()
        .filter(wijk=wijk)
        .select_related("wijk", "complex")
        .annotate(
            next_meeting_id=Subquery(upcoming.values("pk")[:1]),
            next_meeting_title=Subquery(upcoming.values("title")[:1]),
            next_meeting_starts_at=Subquery(upcoming.values("starts_at")[:1]),
        )
        .order_by("name", "pk")[:limit]
    )


def past_meetings_with_minutes(group, limit: int = 10):
    return list(
        Meeting.objects.filter(group=group, minutes_published_at__isnull=False)
        .select_related("group")
        .order_by("-starts_at")[:limit]
    )


def announcements(group, limit: int = 10):
    return list(
        Announcement.objects.filter(group=group)
        .select_related("author")
        .order_by("-created_at", "-pk")[:limit]
    )


def members_shown_to_members(group) -> list:
    """The members who agreed to show their name to other members (names only)."""
    return [
        m.user
        for m in Membership.objects.filter(
            group=group, status=MembershipStatus.ACTIVE, show_name_to_members=True
        )
        .select_related("user")
        .order_by("user__first_name", "pk")
    ]


def member_count(group) -> int:
    return Membership.objects.filter(group=group, status=MembershipStatus.ACTIVE).count()


def my_rsvp(meeting, user):
    if not user.is_authenticated:
        return None
    return Rsvp.objects.filter(meeting=meeting, user=user).first()


def waiting_count(meeting) -> int:
    return meeting.rsvps.filter(status=RsvpStatus.WAITING).count()


def requests_of(groups):
    return (
        Membership.objects.filter(group__in=groups, status=MembershipStatus.REQUESTED)
        .select_related("user", "group")
        .order_by("requested_at", "pk")
    )


def moderator_group_rows(groups):
    """The moderator's list: each group with its members and open requests counted."""
    return (
        groups.select_related("wijk")
        .annotate(
            member_count=Count(
                "memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE)
            ),
            request_count=Count(
                "memberships", filter=Q(memberships__status=MembershipStatus.REQUESTED)
            ),
        )
        .order_by("name", "pk")
    )


def my_memberships(user):
    return (
        Membership.objects.filter(
            user=user, status__in=(MembershipStatus.REQUESTED, MembershipStatus.ACTIVE)
        )
        .select_related("group")
        .order_by("group__name")
    )


def groups_of_member(user):
    """The active groups of which `user` is an active member (the fund form's choice)."""
    if not user.is_authenticated:
        return ResidentGroup.objects.none()
    return (
        ResidentGroup.objects.active()
        .filter(memberships__user=user, memberships__status=MembershipStatus.ACTIVE)
        .order_by("name", "pk")
    )
