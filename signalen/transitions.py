"""The life of a melding and of a dossier, as tables: per move, from which statuses, to
which, and who may make it. services.melding_transition() is the only code that changes
a melding's status (signalen.casework a dossier's).

    ontvangen ─acknowledge─▶ bevestigd ─start─▶ in behandeling
    ontvangen ─assign (acknowledged by taking it on)─▶ in behandeling
    in behandeling ─wait_on_reporter─▶ wacht op melder ─resume─▶ in behandeling
    in behandeling ─answer (feedback to the reporter)─▶ beantwoord
    beantwoord ─reopen─▶ in behandeling
    every open status ─close (with an outcome)─▶ gesloten

While a melding waits on its reporter the response clock stands still: the answer terms
move on by the working days it waited (services). Only a melding with a reporter who may
be contacted can wait on them.

    dossier: open ─close (with an outcome)─▶ gesloten ─reopen─▶ open
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import DossierStatus, MeldingStatus

HANDLER = "handler"  # staff who handle meldingen in the melding's wijk
CASEWORKER = "caseworker"  # staff who keep dossiers in the dossier's wijk


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    pauses_clock: bool = False
    resumes_clock: bool = False
    acknowledges: bool = False  # the move counts as the acknowledgement
    answers: bool = False  # the move counts as the answer (feedback to the reporter)
    needs_reporter: bool = False  # only for a melding whose reporter may be contacted
    reason_required: bool = False


def _t(name, label, sources, target, actors, **kwargs) -> Transition:
    return Transition(name, label, frozenset(sources), target, frozenset(actors), **kwargs)


S = MeldingStatus
OPEN = frozenset({S.ONTVANGEN, S.BEVESTIGD, S.IN_BEHANDELING, S.WACHT_OP_MELDER, S.BEANTWOORD})
# Statuses whose acknowledgement term runs; after it the answer term runs until answered.
AWAITING_ACKNOWLEDGEMENT = frozenset({S.ONTVANGEN})
AWAITING_ANSWER = frozenset({S.BEVESTIGD, S.IN_BEHANDELING, S.WACHT_OP_MELDER})

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t(
            "acknowledge",
            _("Ontvangst bevestigen"),
            {S.ONTVANGEN},
            S.BEVESTIGD,
            {HANDLER},
            acknowledges=True,
        ),
        _t(
            "assign",
            _("Toewijzen en in behandeling nemen"),
            {S.ONTVANGEN},
            S.IN_BEHANDELING,
            {HANDLER},
            acknowledges=True,
        ),
        _t("start", _("In behandeling nemen"), {S.BEVESTIGD}, S.IN_BEHANDELING, {HANDLER}),
        _t(
            "wait_on_reporter",
            _("Wachten op de melder"),
            {S.IN_BEHANDELING},
            S.WACHT_OP_MELDER,
            {HANDLER},
            pauses_clock=True,
            needs_reporter=True,
            reason_required=True,
        ),
        _t(
            "resume",
            _("Verder met de behandeling"),
            {S.WACHT_OP_MELDER},
            S.IN_BEHANDELING,
            {HANDLER},
            resumes_clock=True,
        ),
        _t(
            "answer",
            _("Terugkoppeling geven"),
            {S.BEVESTIGD, S.IN_BEHANDELING},
            S.BEANTWOORD,
            {HANDLER},
            answers=True,
            needs_reporter=True,
            reason_required=True,
        ),
        _t("reopen", _("Weer in behandeling nemen"), {S.BEANTWOORD}, S.IN_BEHANDELING, {HANDLER}),
        _t("close", _("Afsluiten met een uitkomst"), OPEN, S.GESLOTEN, {HANDLER}),
    )
}


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]


def allowed(name: str, status: str) -> bool:
    move = TRANSITIONS.get(name)
    return move is not None and status in move.sources


D = DossierStatus
DOSSIER_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t("close", _("Dossier sluiten"), {D.OPEN}, D.GESLOTEN, {CASEWORKER}),
        _t(
            "reopen",
            _("Dossier heropenen"),
            {D.GESLOTEN},
            D.OPEN,
            {CASEWORKER},
            reason_required=True,
        ),
    )
}


def dossier_transitions_from(status: str) -> list[Transition]:
    return [t for t in DOSSIER_TRANSITIONS.values() if status in t.sources]
