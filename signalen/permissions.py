"""Who may do what with a melding (built on portal.permissions).

- Staff whose role has `signalen.handle_melding` handle the meldingen of the wijken
  their role reaches (portal.permissions.in_reach); a melding without a wijk (only an
  address or a description) is handled by the roles that reach every wijk.
- A reporter sees their own melding (status, dates, the feedback given to them), never
  anyone else's, and never the internal notes.
- Contacts and dossiers: signalen.case_permissions, which `can_work_on` below uses for
  the generic services (refer, record_cost, mark_polluted).
"""

from __future__ import annotations

from portal.permissions import can_act_in_wijk, in_reach, reaches_every_wijk, role_facts

HANDLE = "signalen.handle_melding"


def handles_meldingen(user) -> bool:
    """The person's role handles meldingen somewhere (the queue, the dashboard panel)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    facts = role_facts(user)
    return HANDLE in facts.group_permissions or HANDLE in facts.own_permissions


def meldingen_in_reach(queryset, user):
    """`queryset` limited to the meldingen `user` may handle."""
    if not handles_meldingen(user):
        return queryset.none()
    return in_reach(queryset, user)


def can_handle_melding(user, melding) -> bool:
    if not handles_meldingen(user):
        return False
    if melding.wijk_id is None:
        return reaches_every_wijk(user)
    return can_act_in_wijk(user, melding.wijk_id)


def can_view_own_melding(user, melding) -> bool:
    """The reporter of a melding with an account sees it in Mijn meldingen."""
    return (
        user.is_authenticated and melding.reporter_id is not None and melding.reporter_id == user.pk
    )


def can_be_assigned(person, melding) -> bool:
    """Whom a melding may be assigned to: an active handler who reaches its wijk."""
    return person is not None and person.is_active and can_handle_melding(person, melding)


def can_work_on(user, subject) -> bool:
    """May `user` refer, record costs or mark a polluted home on `subject` (a melding, a
    contact moment or a dossier): a melding's handler; for a contact or a dossier the
    people who may read it (signalen.case_permissions: their werkgebied, coordinators)."""
    from .case_permissions import can_see
    from .models import Melding

    if isinstance(subject, Melding):
        return can_handle_melding(user, subject)
    return can_see(user, subject)
