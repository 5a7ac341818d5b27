"""The life of a fund application, as a table: per move, from which statuses, to which,
and who may make it. The moves of fonds.services.applications are the only code that changes
status; `confirm` lands on the outcome the reviewer proposed.

    concept ─submit─▶ ingediend ─acknowledge─▶ ontvangen ─start_review─▶ in behandeling
    in behandeling ─ask_question─▶ wacht op aanvrager ─answer─▶ in behandeling
    in behandeling ─ask_advice─▶ advies HWZ ─give_advice─▶ in behandeling
                                            ─withdraw_advice─▶ in behandeling
                                            ─continue_without_advice (term over)─▶ in behandeling
    in behandeling ─decide─▶ toegekend | deels toegekend | afgewezen   (up to the threshold)
    in behandeling ─propose─▶ besluit voorgesteld ─confirm─▶ toegekend | deels toegekend | afgewezen
                                                   ─send_back─▶ in behandeling
    anything not decided, or granted ─withdraw (applicant)─▶ ingetrokken
    toegekend | deels toegekend ─reduce─▶ deels toegekend
    toegekend | deels toegekend ─expire (the fund, when not paid in time)─▶ vervallen

Staff never make a move on an application they are involved in (permissions.involvement),
except to submit it for a tenant they entered it for (`impartial=False`). Withdrawal,
reduction and expiry of a grant release its money through services.ledger_release.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Status

APPLICANT = "applicant"  # the resident who applied
REVIEWER = "reviewer"  # staff who may review applications in this wijk
CONFIRMER = "confirmer"  # staff who may confirm decisions (four eyes), not the proposer
ADVISER = "adviser"  # HWZ moderator of the wijk, for advice
OUTCOME = "<outcome>"  # target chosen by the proposed decision


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]
    pauses_clock: bool = False
    resumes_clock: bool = False
    impartial: bool = True  # staff who are involved in the application may not make it


def _t(name, label, sources, target, actors, **kwargs) -> Transition:
    return Transition(name, label, frozenset(sources), target, frozenset(actors), **kwargs)


OPEN = {
    Status.CONCEPT,
    Status.INGEDIEND,
    Status.ONTVANGEN,
    Status.IN_BEHANDELING,
    Status.WACHT_OP_AANVRAGER,
    Status.ADVIES_HWZ,
    Status.BESLUIT_VOORGESTELD,
}

GRANTED = {Status.TOEGEKEND, Status.DEELS_TOEGEKEND}

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        _t(
            "submit",
            _("Indienen"),
            {Status.CONCEPT},
            Status.INGEDIEND,
            {APPLICANT, REVIEWER},
            impartial=False,
        ),
        _t(
            "acknowledge",
            _("Ontvangst bevestigen"),
            {Status.INGEDIEND},
            Status.ONTVANGEN,
            {REVIEWER},
        ),
        _t(
            "start_review",
            _("In behandeling nemen"),
            {Status.ONTVANGEN},
            Status.IN_BEHANDELING,
            {REVIEWER},
        ),
        _t(
            "ask_question",
            _("Vraag stellen aan de aanvrager"),
            {Status.IN_BEHANDELING},
            Status.WACHT_OP_AANVRAGER,
            {REVIEWER},
            pauses_clock=True,
        ),
        _t(
            "answer",
            _("Vraag beantwoorden"),
            {Status.WACHT_OP_AANVRAGER},
            Status.IN_BEHANDELING,
            {APPLICANT, REVIEWER},
            resumes_clock=True,
        ),
        _t(
            "ask_advice",
            _("Advies vragen aan de HWZ"),
            {Status.IN_BEHANDELING},
            Status.ADVIES_HWZ,
            {REVIEWER},
        ),
        _t(
            "give_advice",
            _("Advies geven"),
            {Status.ADVIES_HWZ},
            Status.IN_BEHANDELING,
            {ADVISER},
        ),
        _t(
            "withdraw_advice",
            _("Adviesvraag intrekken"),
            {Status.ADVIES_HWZ},
            Status.IN_BEHANDELING,
            {REVIEWER},
        ),
        _t(
            "continue_without_advice",
            _("Verder zonder advies"),
            {Status.ADVIES_HWZ},
            Status.IN_BEHANDELING,
            {REVIEWER},
        ),
        _t(
            "propose",
            _("Besluit voorstellen"),
            {Status.IN_BEHANDELING},
            Status.BESLUIT_VOORGESTELD,
            {REVIEWER},
        ),
        _t(
            "decide",
            _("Besluiten"),
            {Status.IN_BEHANDELING},
            OUTCOME,
            {REVIEWER},
        ),
        _t(
            "confirm",
            _("Besluit bevestigen"),
            {Status.BESLUIT_VOORGESTELD},
            OUTCOME,
            {CONFIRMER},
        ),
        _t(
            "send_back",
            _("Voorstel terugsturen"),
            {Status.BESLUIT_VOORGESTELD},
            Status.IN_BEHANDELING,
            {CONFIRMER},
        ),
        _t(
            "withdraw",
            _("Aanvraag intrekken"),
            OPEN | GRANTED,
            Status.INGETROKKEN,
            {APPLICANT},
        ),
        _t(
            "reduce",
            _("Toegekend bedrag verlagen"),
            GRANTED,
            Status.DEELS_TOEGEKEND,
            {REVIEWER},
        ),
        _t("expire", _("Toekenning laten vervallen"), GRANTED, Status.VERVALLEN, set()),
    )
}


def transitions_from(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]
