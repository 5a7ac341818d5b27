"""The life of a payout (a tranche of a grant), as a table: per move, from which statuses,
to which, and who may make it. The functions of fonds.services.payouts are the only code
that changes a payout's status.

    gepland ─prepare (back office)─▶ klaar ─approve (coordinator, never the preparer)─▶ goedgekeurd
    klaar | goedgekeurd ─send_back─▶ gepland
    goedgekeurd ─into_batch (export, back office)─▶ in_batch
    in_batch ─paid (statement)─▶ betaald
    in_batch | betaald ─fail (returned by the bank, or failed)─▶ mislukt ─prepare─▶ klaar
    betaald ─reclaim─▶ teruggevorderd
    gepland | klaar | goedgekeurd | mislukt ─cancel (the grant is withdrawn, reduced or
                                             expires)─▶ geannuleerd

Staff never move a payout of an application they are involved in (fonds.permissions
.involvement). `cancel` is no move of its own: it follows from a move of the application
(withdrawal, reduction, expiry, the report's review) that was checked there.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models.payouts import PayoutStatus as S

PREPARE = "fonds.prepare_payout"
APPROVE = "fonds.approve_payout"

PREPARER = "preparer"  # back office: fonds.prepare_payout in the application's wijk
APPROVER = "approver"  # coordinator: fonds.approve_payout, never the one who prepared
FUND = "fund"  # follows from a move of the application (checked there)

ACTOR_PERMISSION = {PREPARER: PREPARE, APPROVER: APPROVE}


@dataclass(frozen=True)
class PayoutTransition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    actors: frozenset[str]


def _t(name, label, sources, target, actors) -> PayoutTransition:
    return PayoutTransition(name, label, frozenset(sources), target, frozenset(actors))


OPEN = {S.GEPLAND, S.KLAAR, S.GOEDGEKEURD, S.MISLUKT}

PAYOUT_TRANSITIONS: dict[str, PayoutTransition] = {
    t.name: t
    for t in (
        _t("prepare", _("Klaarzetten"), {S.GEPLAND, S.MISLUKT}, S.KLAAR, {PREPARER}),
        _t("approve", _("Goedkeuren"), {S.KLAAR}, S.GOEDGEKEURD, {APPROVER}),
        _t(
            "send_back",
            _("Terugzetten naar gepland"),
            {S.KLAAR, S.GOEDGEKEURD},
            S.GEPLAND,
            {PREPARER, APPROVER},
        ),
        _t("into_batch", _("In betaalbestand zetten"), {S.GOEDGEKEURD}, S.IN_BATCH, {PREPARER}),
        _t("paid", _("Betaald"), {S.IN_BATCH}, S.BETAALD, {PREPARER}),
        _t("fail", _("Mislukt"), {S.IN_BATCH, S.BETAALD}, S.MISLUKT, {PREPARER}),
        _t("reclaim", _("Terugvorderen"), {S.BETAALD}, S.TERUGGEVORDERD, {FUND}),
        _t("cancel", _("Annuleren"), OPEN, S.GEANNULEERD, {FUND}),
    )
}


def payout_transitions_from(status: str) -> list[PayoutTransition]:
    return [t for t in PAYOUT_TRANSITIONS.values() if status in t.sources]
