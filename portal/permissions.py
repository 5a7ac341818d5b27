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

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from .roles import HUURDER


@dataclass(frozen=True)
class RoleFacts:
    """What a person's role is made of: their groups, their werkgebied, their permissions
    (through groups and their own), whether a TOTP authenticator is active and whether
    they proved an e-mail address. Read in one query; remembered for the request on the
    signed-in user (remember_role_facts)."""

    groups: frozenset[str] = frozenset()
    werkgebied: frozenset[int] = frozenset()
    own_permissions: frozenset[str] = frozenset()  # "app_label.codename"
    group_permissions: frozenset[str] = frozenset()
    totp_active: bool = False
    verified_email: bool = False
    # Whether a participation measure was ever imposed on them: Mijn overzicht reads
    # their measures only then (almost no one has one).
    has_measures: bool = False


NO_ROLE = RoleFacts()
_MEMO = "_role_facts"


def _role_facts_sql() -> str:
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    from .models import ParticipationMeasure, User

    memberships = User.groups.through._meta.db_table
    werkgebied = User.werkgebied.through._meta.db_table
    own = User.user_permissions.through._meta.db_table
    granted = Group.permissions.through._meta.db_table
    perm, ctype = Permission._meta.db_table, ContentType._meta.db_table
    label = "ct.app_label || '.' || p.codename"
    return (
        "SELECT 'g', g.name FROM "  # noqa: S608 - table names come from the models
        f"{memberships} m JOIN {Group._meta.db_table} g ON g.id = m.group_id"
        " WHERE m.user_id = %s"
        f" UNION ALL SELECT 'w', CAST(wijk_id AS TEXT) FROM {werkgebied} WHERE user_id = %s"
        f" UNION ALL SELECT 'p', {label} FROM {own} up JOIN {perm} p ON p.id = up.permission_id"
        f" JOIN {ctype} ct ON ct.id = p.content_type_id WHERE up.user_id = %s"
        f" UNION ALL SELECT 'q', {label} FROM {memberships} m"
        f" JOIN {granted} gp ON gp.group_id = m.group_id JOIN {perm} p ON p.id = gp.permission_id"
        f" JOIN {ctype} ct ON ct.id = p.content_type_id WHERE m.user_id = %s"
        f" UNION ALL SELECT 't', '1' WHERE EXISTS (SELECT 1 FROM {Authenticator._meta.db_table}"
        " WHERE user_id = %s AND type = %s)"
        f" UNION ALL SELECT 'e', '1' WHERE EXISTS (SELECT 1 FROM {EmailAddress._meta.db_table}"
        " WHERE user_id = %s AND verified = %s)"
        f" UNION ALL SELECT 'm', '1' WHERE EXISTS (SELECT 1 FROM"
        f" {ParticipationMeasure._meta.db_table} WHERE user_id = %s)"
    )


def _read_role_facts(user) -> RoleFacts:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            _role_facts_sql(),
            [user.pk] * 5 + [Authenticator.Type.TOTP.value, user.pk, True, user.pk],
        )
        rows = cursor.fetchall()
    found: dict[str, set] = {k: set() for k in ("g", "w", "p", "q", "t", "e", "m")}
    for kind, value in rows:
        found[kind].add(value)
    return RoleFacts(
        groups=frozenset(found["g"]),
        werkgebied=frozenset(int(pk) for pk in found["w"]),
        own_permissions=frozenset(found["p"]),
        group_permissions=frozenset(found["q"]),
        totp_active=bool(found["t"]),
        verified_email=bool(found["e"]),
        has_measures=bool(found["m"]),
    )


def role_facts(user) -> RoleFacts:
    """The person's RoleFacts: remembered ones for the signed-in user of a request, else
    read now (one query; nothing kept, so a role changed later is never missed)."""
    if user is None or not user.is_authenticated:
        return NO_ROLE
    remembered = getattr(user, _MEMO, None)
    if remembered is not None:
        return remembered
    return _read_role_facts(user)


def remember_role_facts(user) -> RoleFacts:
    """Read the person's role facts once and keep them on this user object, which lives
    for one request (the middleware calls this for `request.user`): every permission
    function, Django's own `has_perm` included, then answers without a query. The memo
    sits on the object, so it never reaches another request or another person;
    forget_role_facts drops it when roles change during the request."""
    if user is None or not user.is_authenticated:
        return NO_ROLE
    facts = _read_role_facts(user)
    setattr(user, _MEMO, facts)
    if user.is_active and not user.is_superuser:
        # Django's ModelBackend keeps these caches on the user object; filling them from
        # the same query spares its two permission queries.
        user._user_perm_cache = set(facts.own_permissions)
        user._group_perm_cache = set(facts.group_permissions)
        user._perm_cache = set(facts.own_permissions | facts.group_permissions)
    return facts


def forget_role_facts(user) -> None:
    """Drop what remember_role_facts kept (after a change of groups, werkgebied,
    permissions or authenticators of this person)."""
    for name in (_MEMO, "_user_perm_cache", "_group_perm_cache", "_perm_cache"):
        try:
            delattr(user, name)
        except AttributeError:
            pass


def two_factor_state(user) -> tuple[bool, bool]:
    """(has powers beyond a resident's, has an active TOTP authenticator), in one query
    (none when the request remembered the person's role facts)."""
    if not user.is_authenticated:
        return False, False
    facts = role_facts(user)
    in_group = bool(facts.groups - {HUURDER})
    powers = user.is_superuser or user.is_staff or in_group or bool(facts.own_permissions)
    return powers, facts.totp_active


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


def _reach(user, facts: RoleFacts | None = None) -> str:
    if not user.is_authenticated:
        return "none"
    if user.is_superuser:
        return "all"
    return reach_of_roles((facts or role_facts(user)).groups)


def reaches_every_wijk(user) -> bool:
    return _reach(user) == "all"


def in_reach(queryset, user, lookup: str = "wijk"):
    """`queryset` limited to the wijken the user's role reaches. Left unfiltered when that
    is every wijk, so the database can walk a list's own index instead of sorting."""
    facts = role_facts(user)
    reach = _reach(user, facts)
    if reach == "all":
        return queryset
    if reach == "werkgebied":
        return queryset.filter(**{f"{lookup}__in": sorted(facts.werkgebied)})
    return queryset.none()


def wijken_in_reach(user):
    """The wijken a user's role reaches (superusers: all)."""
    from .models import Wijk

    facts = role_facts(user)
    reach = _reach(user, facts)
    if reach == "all":
        return Wijk.objects.all()
    if reach == "werkgebied":
        return Wijk.objects.filter(pk__in=sorted(facts.werkgebied))
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
    facts = role_facts(user)
    if _reach(user, facts) != "all":
        return []
    return sorted(facts.werkgebied)


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
    """The user's role reaches `wijk` (no query once the request remembers the role)."""
    if wijk is None:
        return False
    facts = role_facts(user)
    reach = _reach(user, facts)
    if reach == "all":
        return True
    return reach == "werkgebied" and getattr(wijk, "pk", wijk) in facts.werkgebied


def has_verified_email(user) -> bool:
    """Only people who proved their e-mail address may propose, support or comment."""
    if not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_has_verified_email", None)
    if cached is None:
        remembered = getattr(user, _MEMO, None)  # the request's role facts: no query
        if remembered is not None:
            cached = remembered.verified_email
        else:
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
