"""The life of a membership and of a meeting, as tables: per move, from which statuses,
to which, and who may make it. Only participatie.services changes a status.

    (none) ─request─▶ aangevraagd ─approve─▶ actief ─leave─▶ beëindigd
       │                  │  └──── leave ───────────────────▶ beëindigd
       └─ request (open group) ─▶ actief
                          └─decline─▶ afgewezen

    gepland ─cancel─▶ geannuleerd          aanmelding: aangemeld ⇄ wachtlijst ─▶ afgemeld
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import MeetingStatus, MembershipStatus

RESIDENT = "resident"  # the member themselves
MODERATOR = "moderator"  # the group's HWZ moderator, or staff reaching its wijk


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    reason_required: bool = False


def _t(name, label, sources, target, actors, **kwargs) -> Transition:
    return Transition(name, label, frozenset(sources), target, frozenset(actors), **kwargs)


MEMBERSHIP_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t(
            "approve",
            _("Toelaten"),
            {MembershipStatus.REQUESTED},
            MembershipStatus.ACTIVE,
            {MODERATOR},
        ),
        _t(
            "decline",
            _("Niet toelaten"),
            {MembershipStatus.REQUESTED},
            MembershipStatus.DECLINED,
            {MODERATOR},
            reason_required=True,
        ),
        _t(
            "leave",
            _("Lidmaatschap opzeggen"),
            {MembershipStatus.REQUESTED, MembershipStatus.ACTIVE},
            MembershipStatus.ENDED,
            {RESIDENT},
        ),
    )
}

MEETING_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t(
            "cancel",
            _("Bijeenkomst annuleren"),
            {MeetingStatus.PLANNED},
            MeetingStatus.CANCELLED,
            {MODERATOR},
            reason_required=True,
        ),
    )
}
