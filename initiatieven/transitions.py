"""The life of an initiative, as a table: per move, from which statuses, to which, and
who may make it. services.initiative_transition() is the only code that changes status.

    concept ─submit─▶ ingediend ─publish─▶ gepubliceerd ─start─▶ in uitvoering ─complete─▶ afgerond
                        │  ▲                  │                   │
             send_back  │  │ resubmit         └── take_offline ───┴─▶ afgewezen
                        ▼  │
                    teruggestuurd       ingediend ─reject─▶ afgewezen
    every open status ─withdraw (initiator)─▶ ingetrokken
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Status

# Who may make a move.
INITIATOR = "initiator"  # the person who proposed it
TEAM = "team"  # the initiator and the co-initiators
MODERATOR = "moderator"  # staff or HWZ moderator whose werkgebied holds the wijk


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    reason_required: bool = False
    reason_label: str = ""


def _t(name, label, sources, target, actors, **kwargs) -> Transition:
    return Transition(name, label, frozenset(sources), target, frozenset(actors), **kwargs)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t("submit", _("Indienen"), {Status.CONCEPT}, Status.INGEDIEND, {TEAM}),
        _t("resubmit", _("Opnieuw indienen"), {Status.TERUGGESTUURD}, Status.INGEDIEND, {TEAM}),
        _t("publish", _("Publiceren"), {Status.INGEDIEND}, Status.GEPUBLICEERD, {MODERATOR}),
        _t(
            "send_back",
            _("Terugsturen met een vraag"),
            {Status.INGEDIEND},
            Status.TERUGGESTUURD,
            {MODERATOR},
            reason_required=True,
            reason_label=_("Uw vraag aan de initiatiefnemer"),
        ),
        _t(
            "reject",
            _("Afwijzen"),
            {Status.INGEDIEND},
            Status.AFGEWEZEN,
            {MODERATOR},
            reason_required=True,
            reason_label=_("Reden van afwijzing"),
        ),
        _t(
            "take_offline",
            _("Offline halen"),
            {Status.GEPUBLICEERD, Status.IN_UITVOERING},
            Status.AFGEWEZEN,
            {MODERATOR},
            reason_required=True,
            reason_label=_("Waarom gaat het initiatief offline?"),
        ),
        _t(
            "start",
            _("Start de uitvoering"),
            {Status.GEPUBLICEERD},
            Status.IN_UITVOERING,
            {TEAM, MODERATOR},
        ),
        _t(
            "complete",
            _("Markeer als afgerond"),
            {Status.IN_UITVOERING},
            Status.AFGEROND,
            {TEAM, MODERATOR},
        ),
        _t(
            "withdraw",
            _("Initiatief intrekken"),
            {
                Status.CONCEPT,
                Status.INGEDIEND,
                Status.TERUGGESTUURD,
                Status.GEPUBLICEERD,
                Status.IN_UITVOERING,
            },
            Status.INGETROKKEN,
            {INITIATOR},
        ),
    )
}

MODERATION_TRANSITIONS = ("publish", "send_back", "reject", "take_offline")


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]
