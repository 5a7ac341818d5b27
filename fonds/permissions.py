"""Who may do what with a fund application. Staff act only in the wijken their role
reaches, and never on an application they are involved in: as its applicant, on the
applying team, as the one who entered it for the tenant, or with a declared conflict of
interest (involvement(), the one rule every function here and every service uses)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.permissions import can_act_in_wijk

from .transitions import ADVISER, APPLICANT, CONFIRMER, REVIEWER, Transition

REVIEW = "fonds.review_application"
CONFIRM = "fonds.confirm_decision"
ADVISE = "fonds.advise_application"
STAFF_PERMISSIONS = (REVIEW, CONFIRM, ADVISE)

# Why someone is involved, in the words the application page shows ("stepped aside: …").
APPLICANT_REASON = _("aanvrager")
TEAM_REASON = _("lid van het team van het initiatief")
INTAKE_REASON = _("voerde de aanvraag in voor de huurder")


def is_applicant(user, application) -> bool:
    return user.is_authenticated and application.applicant_id == user.pk


def involved_people(application) -> dict[int, str]:
    """Everyone involved in `application`, with the reason: its applicant, the one who
    entered it for a tenant, the initiative's initiator and co-initiators, and whoever
    declared a conflict of interest. Two queries (one with the conflicts prefetched),
    remembered on the object."""
    cached = application.__dict__.get("_involved")
    if cached is not None:
        return cached
    people: dict[int, str] = {}
    if application.pk:
        if "conflicts" in getattr(application, "_prefetched_objects_cache", {}):
            conflicts = [(c.user_id, c.reason) for c in application.conflicts.all()]
        else:
            conflicts = application.conflicts.values_list("user_id", "reason")
        for user_id, reason in conflicts:
            people[user_id] = reason
    if application.initiative_id:
        from initiatieven.models import Initiative

        rows = Initiative.objects.filter(pk=application.initiative_id).values_list(
            "initiator_id", "co_initiators"
        )
        team = {person for row in rows for person in row}
        for user_id in team - {None}:
            people[user_id] = str(TEAM_REASON)
    if application.entered_by_id:
        people[application.entered_by_id] = str(INTAKE_REASON)
    if application.applicant_id:
        people[application.applicant_id] = str(APPLICANT_REASON)
    application.__dict__["_involved"] = people
    return people


def forget_involvement(application) -> None:
    application.__dict__.pop("_involved", None)


def involvement(user, application) -> str | None:
    """Why `user` takes no part in handling `application`, or None when they are free to."""
    if not user.is_authenticated:
        return None
    return involved_people(application).get(user.pk)


def has_conflict(user, application) -> bool:
    """Stepped aside from this application, for whatever reason."""
    return involvement(user, application) is not None


def refusal(user, application) -> str:
    """The Dutch sentence a refused staff member reads."""
    reason = involvement(user, application)
    if reason is None:
        return str(_("U mag deze aanvraag niet behandelen."))
    return str(
        _(
            "U bent betrokken bij deze aanvraag (%(reason)s) en doet daarom niet mee aan de "
            "behandeling."
        )
        % {"reason": reason}
    )


def reached_permissions(user, application) -> frozenset[str]:
    """The staff permissions of `user` that reach the application's wijk: one query, to
    compute once per request and pass as `reach=` to the functions below."""
    if not user.is_authenticated:
        return frozenset()
    held = frozenset(p for p in STAFF_PERMISSIONS if user.has_perm(p))
    if not held or not can_act_in_wijk(user, application.wijk_id):
        return frozenset()
    return held


def _reaches(user, application, permission: str, reach: frozenset[str] | None = None) -> bool:
    """The role has `permission` and reaches the application's wijk."""
    if reach is not None:
        return permission in reach
    return (
        user.is_authenticated
        and user.has_perm(permission)
        and can_act_in_wijk(user, application.wijk_id)
    )


def _impartial(user, application, permission: str, reach=None) -> bool:
    return _reaches(user, application, permission, reach) and involvement(user, application) is None


def can_review(user, application, *, reach=None) -> bool:
    return _impartial(user, application, REVIEW, reach)


def can_confirm(user, application, *, reach=None) -> bool:
    return (
        _impartial(user, application, CONFIRM, reach)
        and application.proposed_by_id is not None
        and application.proposed_by_id != user.pk
    )


def can_advise(user, application) -> bool:
    return _impartial(user, application, ADVISE)


def reaches_application(user, application) -> bool:
    """Staff or an HWZ adviser whose role reaches this application (involved or not)."""
    return any(_reaches(user, application, p) for p in STAFF_PERMISSIONS)


def is_involved_staff(user, application) -> bool:
    """Staff or an HWZ adviser whose role reaches this application and who is free to
    take part in it (not stepped aside)."""
    return reaches_application(user, application) and involvement(user, application) is None


def can_view_application(user, application) -> bool:
    return is_applicant(user, application) or reaches_application(user, application)


def exclude_involved(queryset, user, prefix: str = ""):
    """Applications of `queryset` that `user` is free to handle (the same rule as
    involvement(), in SQL, for lists)."""
    if not user.is_authenticated:
        return queryset
    for lookup in (
        "applicant",
        "entered_by",
        "conflicts__user",
        "initiative__initiator",
        "initiative__co_initiators",
    ):
        queryset = queryset.exclude(**{f"{prefix}{lookup}": user})
    return queryset


def can_transition(user, application, transition: Transition, *, reach=None) -> tuple[bool, str]:
    if application.status not in transition.sources:
        return False, _("Dit kan niet in de status “%(status)s”.") % {
            "status": application.get_status_display()
        }
    if not user.is_authenticated:
        return False, _("Log in om dit te doen.")
    if APPLICANT in transition.actors and is_applicant(user, application):
        return True, ""
    if transition.impartial and involvement(user, application) is not None:
        return False, refusal(user, application)
    allowed = (
        (REVIEWER in transition.actors and _reaches(user, application, REVIEW, reach))
        or (ADVISER in transition.actors and _reaches(user, application, ADVISE, reach))
        or (CONFIRMER in transition.actors and can_confirm(user, application, reach=reach))
    )
    if allowed:
        return True, ""
    if CONFIRMER in transition.actors and application.proposed_by_id == user.pk:
        return False, _("Vier ogen: een besluit dat u voorstelde, bevestigt iemand anders.")
    return False, _("U mag dit niet doen bij deze aanvraag.")


# --- payouts (w5-pay) -------------------------------------------------------------------

PREPARE_PAYOUT = "fonds.prepare_payout"
APPROVE_PAYOUT = "fonds.approve_payout"


def _payout_role(user, application, permission: str) -> bool:
    """`user` holds `permission`, reaches the application's wijk and is not involved."""
    return (
        user is not None
        and user.is_authenticated
        and user.has_perm(permission)
        and can_act_in_wijk(user, application.wijk_id)
        and involvement(user, application) is None
    )


def can_prepare_payout(user, application) -> bool:
    return _payout_role(user, application, PREPARE_PAYOUT)


def can_approve_payout(user, application) -> bool:
    """Whether `user` may approve payouts of `application` at all (the four-eyes rule,
    never the one who prepared the tranche, is payout_refusal's)."""
    return _payout_role(user, application, APPROVE_PAYOUT)


def can_view_payouts(user, application) -> bool:
    return (
        can_view_application(user, application)
        or _payout_role(user, application, PREPARE_PAYOUT)
        or _payout_role(user, application, APPROVE_PAYOUT)
    )


def payout_refusal(user, payout, transition) -> str | None:
    """Why `user` may not make `transition` (fonds.payout_transitions) on `payout`, in
    the words they read; None when they may."""
    from .payout_transitions import ACTOR_PERMISSION, APPROVER

    application = payout.application
    if user is None or not user.is_authenticated:
        return str(_("Log in om dit te doen."))
    if payout.status not in transition.sources:
        return str(
            _("Dit kan niet bij een uitbetaling met de status “%(status)s”.")
            % {"status": payout.get_status_display()}
        )
    reason = involvement(user, application)
    if reason is not None:
        return refusal(user, application)
    allowed = [
        actor
        for actor in transition.actors
        if actor in ACTOR_PERMISSION and _payout_role(user, application, ACTOR_PERMISSION[actor])
    ]
    if not allowed:
        return str(_("U mag dit niet doen bij deze uitbetaling."))
    if transition.name == "approve" and allowed == [APPROVER] and payout.prepared_by_id == user.pk:
        return str(_("Vier ogen: een uitbetaling die u klaarzette, keurt iemand anders goed."))
    return None


# --- accountability reports (w5-report) ---------------------------------------------


def can_move_report(user, report, transition) -> tuple[bool, str]:
    """Whether `user` may make `transition` (fonds.report_transitions) on `report`, and
    the Dutch reason when not. The applicant moves their own report; reviewers of the
    wijk (can_review: not involved) review it, and close it as not happened only once the
    final reminder went out, or for an applicant we reach by post or phone."""
    application = report.application
    if not user.is_authenticated:
        return False, str(_("Log in om dit te doen."))
    if APPLICANT in transition.actors and is_applicant(user, application):
        return True, ""
    if REVIEWER in transition.actors and can_review(user, application):
        if (
            transition.name == "not_happened"
            and report.final_reminder_at is None
            and not application.informed_offline
        ):
            return False, str(
                _(
                    "Dit kan pas na de laatste herinnering; de aanvrager kan het zelf eerder "
                    "doorgeven."
                )
            )
        return True, ""
    if REVIEWER in transition.actors and involvement(user, application) is not None:
        return False, refusal(user, application)
    return False, str(_("U mag dit niet doen bij deze verantwoording."))


def can_see_report(user, application) -> bool:
    """The applicant, and staff who review or decide on applications in the wijk (also
    when involved: they may read, not act). Not the HWZ advisers: receipts are private."""
    return is_applicant(user, application) or (
        user.is_authenticated
        and (_reaches(user, application, REVIEW) or _reaches(user, application, CONFIRM))
    )


# --- the money overview (issue 14: w5-overview) -----------------------------------------

# The fund's money per year, wijk and grant (fonds.money), read by the coördinator and the
# back office (granted by migration 0020_money_overview): Django's own view permission of
# the ledger.
VIEW_MONEY = "fonds.view_ledgerentry"


def can_view_money(user) -> bool:
    """May read the money overview (only the wijken their role reaches: in_reach)."""
    return user.is_authenticated and user.has_perm(VIEW_MONEY)


def can_view_grant_money(user, application) -> bool:
    """May read one grant's money: the overview's permission, in the grant's wijk."""
    return can_view_money(user) and can_act_in_wijk(user, application.wijk_id)
