"""The life of an accountability report (verantwoording), as a table: per move, from which
statuses, to which, and who may make it. The functions of fonds.services.reports are the
only code that changes a report's status.

    open | aanvullen ─save─▶ (unchanged)             the applicant keeps a draft
    open | aanvullen ─submit─▶ ingediend             the applicant, when it is complete
    ingediend ─ask_more─▶ aanvullen                  the reviewer asks for more
    ingediend ─approve─▶ goedgekeurd                 the reviewer; frees the last tranche
    open | aanvullen | ingediend ─not_happened─▶ niet doorgegaan
        the applicant says so, or the reviewer once the final reminder went out (or for an
        applicant we reach by post or phone, who told us); the grant lapses (vervallen)

Reviewers are the staff who may review applications in the wijk (fonds.review_application
through permissions.can_review), never someone involved in the application.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import ReportStatus
from .transitions import APPLICANT, REVIEWER


@dataclass(frozen=True)
class ReportTransition:
    name: str
    label: str
    sources: frozenset[str]
    target: str | None  # None: the status stays
    actors: frozenset[str]


def _t(name, label, sources, target, actors) -> ReportTransition:
    return ReportTransition(name, label, frozenset(sources), target, frozenset(actors))


EDITABLE = {ReportStatus.OPEN, ReportStatus.AANVULLEN}
# Still waiting for the applicant or the reviewer: what the reminders and queues look at.
WAITING = {ReportStatus.OPEN, ReportStatus.AANVULLEN, ReportStatus.INGEDIEND}

REPORT_TRANSITIONS: dict[str, ReportTransition] = {
    t.name: t
    for t in (
        _t("save", _("Verantwoording opslaan"), EDITABLE, None, {APPLICANT}),
        _t("submit", _("Verantwoording indienen"), EDITABLE, ReportStatus.INGEDIEND, {APPLICANT}),
        _t(
            "ask_more",
            _("Aanvulling vragen"),
            {ReportStatus.INGEDIEND},
            ReportStatus.AANVULLEN,
            {REVIEWER},
        ),
        _t(
            "approve",
            _("Verantwoording goedkeuren"),
            {ReportStatus.INGEDIEND},
            ReportStatus.GOEDGEKEURD,
            {REVIEWER},
        ),
        _t(
            "not_happened",
            _("Activiteit niet doorgegaan"),
            WAITING,
            ReportStatus.NIET_DOORGEGAAN,
            {APPLICANT, REVIEWER},
        ),
    )
}
