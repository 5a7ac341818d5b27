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
