"""Permission functions of the shared core."""

from __future__ import annotations

from allauth.mfa.models import Authenticator

from .roles import HUURDER


def _two_factor_sql() -> str:
    from django.contrib.auth.models import Group

    from .models import User

    memberships = User.groups.through._meta.db_table
    own_permissions = User.user_permissions.through._meta.db_table
    return (
        "SELECT "  # noqa: S608 - table names come from the models; values are parameters
        f"EXISTS (SELECT 1 FROM {memberships} m JOIN {Group._meta.db_table} g"
        " ON g.id = m.group_id WHERE m.user_id = %s AND g.name <> %s),"
        f" EXISTS (SELECT 1 FROM {own_permissions} WHERE user_id = %s),"
        f" EXISTS (SELECT 1 FROM {Authenticator._meta.db_table}"
        " WHERE user_id = %s AND type = %s)"
    )


def two_factor_state(user) -> tuple[bool, bool]:
    """(has powers beyond a resident's, has an active TOTP authenticator), in one query.

    The middleware asks this on every request of a signed-in person, so it is one plain
    statement rather than three ORM queries."""
    from django.db import connection

    if not user.is_authenticated:
        return False, False
    with connection.cursor() as cursor:
        cursor.execute(
            _two_factor_sql(),
            [user.pk, HUURDER, user.pk, user.pk, Authenticator.Type.TOTP.value],
        )
        in_group, own_permission, totp_active = cursor.fetchone()
    powers = user.is_superuser or user.is_staff or bool(in_group) or bool(own_permission)
    return powers, bool(totp_active)


def has_powers_beyond_resident(user) -> bool:
    """True for everyone who can do more than a resident: superusers, `is_staff`, members of
    any group other than huurder and users with a permission of their own. Such a person
    needs a second factor before using any of it (portal.middleware)."""
    return two_factor_state(user)[0]


def is_staff_member(user) -> bool:
    """Staff and moderators: anyone with powers beyond a resident's."""
    return has_powers_beyond_resident(user)


def has_two_factor(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def needs_two_factor(user) -> bool:
    """True when the user holds powers beyond a resident's but has no TOTP authenticator
    yet: until they set one up, every page sends them to the set-up page."""
    powers, totp_active = two_factor_state(user)
    return powers and not totp_active


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
