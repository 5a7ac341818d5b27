"""Who sees contact moments and liveability dossiers (privacy by design, AVG).

Contacts and dossiers hold what staff saw and heard about residents at their door: they
are read on a need-to-know basis, stricter than the reach of a role elsewhere.

- Staff who work in the neighbourhoods (sociaal beheerder, leefbaarheidsmedewerker,
  wijkbeheerder) see the contacts and dossiers of the wijken in their werkgebied, and
  only those: for the roles that reach every wijk (`portal.permissions`) the werkgebied
  ("my wijken") is where they work, so it bounds what they read here. Without a
  werkgebied they see none (the pages say so and who can set it).
- Coordinators (the team leads) see every wijk's, read the dossiers' read log and the
  open referrals per partner.
- Nobody else: not a resident, an HWZ moderator, a redacteur, the back office, staff of
  another wijk or an anonymous visitor, by any URL. Superusers (the administrator) see all.

Every check reads the person's role facts once per request (`portal.permissions`), so a
list filtered with `visible` costs no extra query.
"""

from __future__ import annotations

from portal import roles
from portal.permissions import role_facts

FIELD_ROLES = frozenset(
    {roles.SOCIAAL_BEHEERDER, roles.LEEFBAARHEIDSMEDEWERKER, roles.WIJKBEHEERDER}
)
OVERSEER_ROLES = frozenset({roles.COORDINATOR})
ALL = "all"


def _needs_two_factor_done(user, facts) -> bool:
    return user.is_superuser or facts.totp_active


def casework_reach(user):
    """ALL, or the frozenset of wijk ids whose contacts and dossiers `user` may read
    (empty: none)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    facts = role_facts(user)
    if not _needs_two_factor_done(user, facts):
        return frozenset()
    if user.is_superuser or facts.groups & OVERSEER_ROLES:
        return ALL
    if facts.groups & FIELD_ROLES:
        return facts.werkgebied
    return frozenset()


def uses_casework(user) -> bool:
    """The person has a role that works with contacts and dossiers (whatever their
    werkgebied): the menu shows the contact log and dossiers to them."""
    if user is None or not user.is_authenticated:
        return False
    facts = role_facts(user)
    return bool(user.is_superuser or facts.groups & (FIELD_ROLES | OVERSEER_ROLES))


def is_overseer(user) -> bool:
    """Coordinators (and the administrator): the read log and the referrals overview."""
    if user is None or not user.is_authenticated:
        return False
    facts = role_facts(user)
    return bool(
        _needs_two_factor_done(user, facts) and (user.is_superuser or facts.groups & OVERSEER_ROLES)
    )


def visible(queryset, user, lookup: str = "wijk"):
    """`queryset` limited to the rows `user` may read (by the wijk at `lookup`)."""
    reach = casework_reach(user)
    if reach == ALL:
        return queryset
    if not reach:
        return queryset.none()
    return queryset.filter(**{f"{lookup}__in": sorted(reach)})


def can_see_wijk(user, wijk) -> bool:
    """`user` may read (and log) contacts and dossiers in `wijk` (a Wijk or its id)."""
    if wijk is None:
        return False
    reach = casework_reach(user)
    return reach == ALL or getattr(wijk, "pk", wijk) in reach


def can_see(user, obj) -> bool:
    """`user` may read this contact moment or dossier."""
    return can_see_wijk(user, getattr(obj, "wijk_id", None))


def wijken_for_casework(user):
    """The wijken `user` may log contacts and open dossiers in."""
    from portal.models import Wijk

    reach = casework_reach(user)
    if reach == ALL:
        return Wijk.objects.all()
    return Wijk.objects.filter(pk__in=sorted(reach))
