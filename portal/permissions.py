"""Permission functions of the shared core.

What a werkgebied (User.werkgebied) means:
- for roles limited to it (HWZ-moderator, wijkbeheerder: Role.needs_werkgebied), it is
  their reach: they see and act only in those wijken (`in_reach`, `can_act_in_wijk`);
- for roles that reach every wijk, it is "my wijken": the staff queues of fund
  applications and initiatives start filtered on it (`my_wijk_ids`; the person can show
  all wijken), and messages about a wijk go, per role, to the people who have that wijk
  in their werkgebied, to everyone of the role only when no one of it has
  (`notify_per_wijk`).
"""

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


def my_wijk_ids(user) -> list[int]:
    """The wijken a person reaching every wijk has chosen as "my wijken" (their werkgebied),
    which lists start filtered on. Empty for people limited to their werkgebied (their
    lists hold nothing else anyway) and for people without a werkgebied."""
    if _reach(user) != "all":
        return []
    return list(user.werkgebied.values_list("pk", flat=True))


def notify_per_wijk(people, wijk_ids) -> dict[int, list]:
    """wijk id -> who of `people` is told about it. Per role: those of the role who reach
    the wijk and have it in their werkgebied; when no one of the role has, everyone of the
    role who reaches it. `people` come with `groups` and `werkgebied` prefetched (no
    queries); superusers without a role count as a role of their own."""
    people = list(people)
    wijk_ids = list(wijk_ids)
    reach = {person.pk: wijk_ids_in_reach(person, wijk_ids) for person in people}
    chosen = {person.pk: {wijk.pk for wijk in person.werkgebied.all()} for person in people}
    roles: dict[str, list] = {}
    for person in people:
        for name in {group.name for group in person.groups.all()} or {""}:
            roles.setdefault(name, []).append(person)
    result = {}
    for wijk_id in wijk_ids:
        told = set()
        for members in roles.values():
            reaching = [p for p in members if wijk_id in reach[p.pk]]
            told.update(p.pk for p in [p for p in reaching if wijk_id in chosen[p.pk]] or reaching)
        result[wijk_id] = [person for person in people if person.pk in told]
    return result


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
