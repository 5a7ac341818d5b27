"""Who may do what with resident groups, meetings and memberships. Used by views,
templates and services alike. Functions that can refuse for more than one reason return
(allowed, reason) so that the person is told why, in Dutch."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.permissions import can_act_in_wijk, has_verified_email, in_reach

from .models import (
    OPEN_MEMBERSHIP,
    Membership,
    MembershipRole,
    MembershipStatus,
    ResidentGroup,
    RsvpStatus,
)

MODERATE_PERMISSION = "participatie.moderate_residentgroup"
MANAGE_PERMISSION = "participatie.manage_residentgroup"


def _memberships(user, group):
    """The person's open membership of `group` (requested or active), or None; read once
    per group object and person for the request."""
    cache = group.__dict__.setdefault("_membership_cache", {})
    if user.pk not in cache:
        cache[user.pk] = (
            Membership.objects.filter(group=group, user=user, status__in=OPEN_MEMBERSHIP)
            .order_by("-pk")
            .first()
        )
    return cache[user.pk]


def open_membership(user, group):
    if not user.is_authenticated:
        return None
    return _memberships(user, group)


def is_member(user, group) -> bool:
    membership = open_membership(user, group)
    return membership is not None and membership.status == MembershipStatus.ACTIVE


def is_assigned_moderator(user, group) -> bool:
    membership = open_membership(user, group)
    return (
        membership is not None
        and membership.status == MembershipStatus.ACTIVE
        and membership.role == MembershipRole.MODERATOR
    )


def can_manage_groups(user) -> bool:
    """Staff who start groups and assign moderators (in the admin), in their reach."""
    return user.is_authenticated and user.has_perm(MANAGE_PERMISSION)


def can_moderate_group(user, group) -> bool:
    """The group's own HWZ moderator, or staff whose reach holds the group's wijk. An HWZ
    moderator of another group (even in the same wijk) may not."""
    if not user.is_authenticated:
        return False
    if can_manage_groups(user) and can_act_in_wijk(user, group.wijk_id):
        return True
    return user.has_perm(MODERATE_PERMISSION) and is_assigned_moderator(user, group)


def moderated_groups(user):
    """The groups a person moderates (see can_moderate_group), as a queryset."""
    groups = ResidentGroup.objects.all()
    if not user.is_authenticated:
        return groups.none()
    condition = Q(pk__in=[])
    if can_manage_groups(user):
        condition |= Q(pk__in=in_reach(ResidentGroup.objects.all(), user).values("pk"))
    if user.has_perm(MODERATE_PERMISSION):
        condition |= Q(
            pk__in=Membership.objects.filter(
                user=user, status=MembershipStatus.ACTIVE, role=MembershipRole.MODERATOR
            ).values("group")
        )
    return groups.filter(condition)


def can_see_members_area(user, group) -> bool:
    """Announcements, the members list and the minutes: members and moderators."""
    return is_member(user, group) or can_moderate_group(user, group)


def can_view_meeting(user, meeting) -> bool:
    group = meeting.group
    if not group.active:
        return can_moderate_group(user, group)
    return group.meetings_public or can_see_members_area(user, group)


def can_join(user, group) -> tuple[bool, str]:
    if not group.active:
        return False, _("Deze groep neemt geen nieuwe leden aan.")
    if not user.is_authenticated:
        return False, _("Log in om u aan te melden bij deze groep.")
    if not has_verified_email(user):
        return False, _("Bevestig eerst uw e-mailadres; daarna kunt u zich aanmelden.")
    membership = open_membership(user, group)
    if membership is not None:
        if membership.status == MembershipStatus.ACTIVE:
            return False, _("U bent al lid van deze groep.")
        return False, _("U heeft zich al aangemeld; de moderator laat u weten of u lid wordt.")
    return True, ""


def can_rsvp(user, meeting, current=None) -> tuple[bool, str]:
    """May `user` sign up for `meeting` (`current`: their Rsvp, if read already)."""
    if meeting.is_cancelled:
        return False, _("Deze bijeenkomst is geannuleerd.")
    if meeting.starts_at <= timezone.now():
        return False, _("Deze bijeenkomst is al begonnen of voorbij.")
    if not meeting.group.active:
        return False, _("Deze groep is niet meer actief.")
    if not user.is_authenticated:
        return False, _("Log in om u aan te melden voor deze bijeenkomst.")
    if not has_verified_email(user):
        return False, _("Bevestig eerst uw e-mailadres; daarna kunt u zich aanmelden.")
    if not meeting.group.meetings_public and not can_see_members_area(user, meeting.group):
        return False, _("Deze bijeenkomst is alleen voor leden van de groep.")
    if current is not None and current.status in (RsvpStatus.GOING, RsvpStatus.WAITING):
        return False, _("U bent al aangemeld voor deze bijeenkomst.")
    return True, ""
