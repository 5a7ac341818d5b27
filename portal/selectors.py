"""Reads of the shared core."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils.translation import gettext as _

# Records of one save through a form (the user row, then each many-to-many field removed
# and added) are written within moments of each other by the same person: one change.
ONE_CHANGE_WITHIN = timedelta(seconds=10)


@dataclass
class RoleChange:
    """One change of someone's roles, werkgebied or access, by whom and when."""

    date: datetime
    by: object | None  # the User who did it; None when no person was signed in (a command)
    changes: list[str] = field(default_factory=list)
    reason: str = ""


@dataclass
class _State:
    history_type: str
    email: str
    is_active: bool
    is_staff: bool
    is_superuser: bool
    groups: frozenset[int]
    werkgebied: frozenset[int]


def _names(ids, names: dict[int, str]) -> str:
    return ", ".join(sorted(names.get(pk, _("verwijderd (%(id)s)") % {"id": pk}) for pk in ids))


def _describe(
    before: _State | None, after: _State, first_type: str, group_names, wijk_names
) -> list[str]:
    """What changed from `before` to `after`, in words. `first_type` is the history type
    of the first record of this change ("+" when the account was made in it)."""
    if after.history_type == "-":
        return [_("Account verwijderd")]
    if before is None and first_type != "+":
        # History began after the account existed (accounts older than the history): the
        # first record is where things stood then, not a change.
        baseline = [_("Eerste vastlegging")]
        if after.groups:
            baseline.append(_("Rollen: %(names)s") % {"names": _names(after.groups, group_names)})
        if after.werkgebied:
            baseline.append(
                _("Werkgebied: %(names)s") % {"names": _names(after.werkgebied, wijk_names)}
            )
        if after.is_superuser:
            baseline.append(_("Beheerder (superuser)"))
        if after.is_staff:
            baseline.append(_("Medewerkerstatus (is_staff)"))
        if not after.is_active:
            baseline.append(_("Account gedeactiveerd"))
        return baseline
    changes = [_("Account aangemaakt")] if before is None else []
    before = before or _State("+", after.email, True, False, False, frozenset(), frozenset())
    for added, removed, old, new, names in (
        (_("Rol gegeven: %(names)s"), _("Rol afgenomen: %(names)s"),
         before.groups, after.groups, group_names),
        (_("Aan werkgebied toegevoegd: %(names)s"), _("Uit werkgebied gehaald: %(names)s"),
         before.werkgebied, after.werkgebied, wijk_names),
    ):  # fmt: skip
        if new - old:
            changes.append(added % {"names": _names(new - old, names)})
        if old - new:
            changes.append(removed % {"names": _names(old - new, names)})
    for attribute, switched_on, switched_off in (
        ("is_superuser", _("Beheerder (superuser) geworden"), _("Geen beheerder meer")),
        ("is_staff", _("Medewerkerstatus (is_staff) gekregen"), _("Geen medewerkerstatus meer")),
        ("is_active", _("Account geactiveerd"), _("Account gedeactiveerd")),
    ):
        if getattr(before, attribute) != getattr(after, attribute):
            changes.append(switched_on if getattr(after, attribute) else switched_off)
    if before.email != after.email:
        changes.append(
            _("E-mailadres gewijzigd van %(old)s in %(new)s")
            % {"old": before.email, "new": after.email}
        )
    return changes


def user_role_history(user) -> list[RoleChange]:
    """Every change of `user`'s roles (groups), werkgebied, is_staff, is_superuser and
    is_active, newest first, from django-simple-history; saves that changed none of these
    are left out. Four queries, whatever the length of the history."""
    from django.contrib.auth.models import Group

    from .models import User, Wijk
    from .roles import ROLES

    records = list(
        User.history.filter(id=user.pk)
        .order_by("history_date", "history_id")
        .select_related("history_user")
    )
    ids = [record.history_id for record in records]
    groups: dict[int, set[int]] = {pk: set() for pk in ids}
    werkgebied: dict[int, set[int]] = {pk: set() for pk in ids}
    group_model = User.history.model.groups.model
    wijk_model = User.history.model.werkgebied.model
    for history_id, group_id in group_model.objects.filter(history_id__in=ids).values_list(
        "history_id", "group_id"
    ):
        groups[history_id].add(group_id)
    for history_id, wijk_id in wijk_model.objects.filter(history_id__in=ids).values_list(
        "history_id", "wijk_id"
    ):
        werkgebied[history_id].add(wijk_id)
    group_names = {
        pk: str(ROLES[name].label) if name in ROLES else name
        for pk, name in Group.objects.filter(
            pk__in=set().union(*groups.values()) if groups else set()
        ).values_list("pk", "name")
    }
    wijk_names = dict(
        Wijk.objects.filter(
            pk__in=set().union(*werkgebied.values()) if werkgebied else set()
        ).values_list("pk", "name")
    )

    changes: list[RoleChange] = []
    before: _State | None = None
    current: RoleChange | None = None
    start: _State | None = None  # the state before the current change
    first_type = "+"
    for record in records:
        state = _State(
            record.history_type,
            record.email,
            record.is_active,
            record.is_staff,
            record.is_superuser,
            frozenset(groups[record.history_id]),
            frozenset(werkgebied[record.history_id]),
        )
        same_change = (
            current is not None
            and record.history_user_id == getattr(current.by, "pk", None)
            and record.history_date - current.date <= ONE_CHANGE_WITHIN
            and record.history_type != "-"
        )
        if not same_change:
            start, first_type = before, record.history_type
            current = RoleChange(date=record.history_date, by=record.history_user)
            changes.append(current)
        current.changes = _describe(start, state, first_type, group_names, wijk_names)
        if record.history_change_reason:
            current.reason = record.history_change_reason
        before = state
    return [change for change in reversed(changes) if change.changes]


def role_names(request) -> set[str]:
    """The roles (groups) of the person signed in, read once per request."""
    from .permissions import role_facts

    return set(role_facts(request.user).groups)


def calendar_for(request):
    """Today and one working-day calendar for all the panels of the page."""
    clock = getattr(request, "_panel_clock", None)
    if clock is None:
        from django.utils import timezone

        from .workdays import WorkingCalendar

        today = timezone.localdate()
        clock = (today, WorkingCalendar.around(today, days=120))
        request._panel_clock = clock
    return clock
