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


def reach_of_roles(role_names) -> str:
    """'all', 'werkgebied' or 'none': how far a set of roles reaches.

    Roles without a werkgebied reach every wijk; HWZ moderators and wijkbeheerders only
    their werkgebied; residents and visitors none."""
    from .roles import ROLES

    staff = [ROLES[name] for name in role_names if name in ROLES and ROLES[name].staff]
    if not staff:
        return "none"
    if any(not role.needs_werkgebied for role in staff):
        return "all"
    return "werkgebied"


def _reach(user) -> str:
    if not user.is_authenticated:
        return "none"
    if user.is_superuser:
        return "all"
    return reach_of_roles(set(user.groups.values_list("name", flat=True)))


def in_reach(queryset, user, lookup: str = "wijk"):
    """`queryset` limited to the wijken the user's role reaches. Left unfiltered when that
    is every wijk, so the database can walk a list's own index instead of sorting."""
    reach = _reach(user)
    if reach == "all":
        return queryset
    return queryset.filter(**{f"{lookup}__in": wijken_in_reach(user)})


def wijken_in_reach(user):
    """The wijken a user's role reaches (superusers: all)."""
    from .models import Wijk

    reach = _reach(user)
    if reach == "all":
        return Wijk.objects.all()
    if reach == "werkgebied":
        return Wijk.objects.filter(medewerkers=user)
    return Wijk.objects.none()


def wijk_ids_in_reach(user, all_ids) -> set[int]:
    """Like wijken_in_reach, from prefetched `groups` and `werkgebied` (no queries)."""
    if user.is_superuser:
        return set(all_ids)
    reach = reach_of_roles({group.name for group in user.groups.all()})
    if reach == "all":
        return set(all_ids)
    if reach == "werkgebied":
        return {wijk.pk for wijk in user.werkgebied.all()}
    return set()


def can_act_in_wijk(user, wijk) -> bool:
    return wijk is not None and wijken_in_reach(user).filter(pk=wijk.pk).exists()


def has_verified_email(user) -> bool:
    """Only people who proved their e-mail address may propose, support or comment."""
    from allauth.account.models import EmailAddress

    if not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_has_verified_email", None)
    if cached is None:
        cached = EmailAddress.objects.filter(user=user, verified=True).exists()
        user._has_verified_email = cached
    return cached


def measures_in_force(user) -> list:
    """The moderation measures that hold for `user` now (read once per user object)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_measures_in_force", None)
    if cached is None:
        from .models import ParticipationMeasure

        cached = list(ParticipationMeasure.objects.in_force().filter(user=user))
        user._measures_in_force = cached
    return cached


def measure_refusal(user, scope: str) -> str:
    """Why `user` may not do `scope` now because of a measure (Dutch), or ""."""
    from django.utils.translation import gettext

    for measure in measures_in_force(user):
        if measure.covers(scope):
            return gettext(
                "Dit kan tijdelijk niet: voor uw account geldt een maatregel (%(scope)s), "
                "%(until)s. Reden: “%(reason)s”. Bent u het er niet mee eens? Maak bezwaar "
                "via Mijn overzicht."
            ) % {
                "scope": measure.get_scope_display(),
                "until": measure.until_text(),
                "reason": measure.reason,
            }
    return ""
