"""Permission functions of the shared core."""

from __future__ import annotations

from allauth.mfa.models import Authenticator

from .roles import STAFF_ROLES


def is_staff_member(user) -> bool:
    """Staff and moderators: anyone whose role reaches the Wagtail admin."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return user.groups.filter(name__in=STAFF_ROLES).exists()


def has_two_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def needs_two_factor(user) -> bool:
    """True when the user may reach the admin but has not set up two-factor authentication."""
    return is_staff_member(user) and not has_two_factor(user)


def wijken_in_reach(user):
    """The wijken a user's role reaches.

    Superusers and roles without a werkgebied reach every wijk; HWZ moderators and
    wijkbeheerders reach only their werkgebied; residents and visitors reach none.
    """
    from .models import Wijk
    from .roles import ROLES

    if not user.is_authenticated:
        return Wijk.objects.none()
    if user.is_superuser:
        return Wijk.objects.all()
    role_names = set(user.groups.values_list("name", flat=True)) & set(ROLES)
    staff = [ROLES[name] for name in role_names if ROLES[name].staff]
    if not staff:
        return Wijk.objects.none()
    if any(not role.needs_werkgebied for role in staff):
        return Wijk.objects.all()
    return Wijk.objects.filter(medewerkers=user)


def can_act_in_wijk(user, wijk) -> bool:
    return wijk is not None and wijken_in_reach(user).filter(pk=wijk.pk).exists()
