"""Who may do what with a fund application. Staff act only in the wijken their role
reaches and never on an application where they declared a conflict of interest."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.permissions import can_act_in_wijk

from .transitions import ADVISER, APPLICANT, CONFIRMER, REVIEWER, Transition

REVIEW = "fonds.review_application"
CONFIRM = "fonds.confirm_decision"
ADVISE = "fonds.advise_application"


def is_applicant(user, application) -> bool:
    return user.is_authenticated and application.applicant_id == user.pk


def has_conflict(user, application) -> bool:
    cache = application.__dict__.setdefault("_conflict_cache", {})
    if user.pk not in cache:
        cache[user.pk] = application.conflicts.filter(user=user).exists()
    return cache[user.pk]


def _staff_in_wijk(user, application, permission: str) -> bool:
    return (
        user.is_authenticated
        and user.has_perm(permission)
        and can_act_in_wijk(user, application.wijk)
        and not has_conflict(user, application)
    )


def can_review(user, application) -> bool:
    return _staff_in_wijk(user, application, REVIEW)


def can_confirm(user, application) -> bool:
    return (
        _staff_in_wijk(user, application, CONFIRM)
        and application.proposed_by_id is not None
        and application.proposed_by_id != user.pk
    )


def can_advise(user, application) -> bool:
    return _staff_in_wijk(user, application, ADVISE)


def is_involved_staff(user, application) -> bool:
    """Staff or an HWZ adviser whose role reaches this application (and who did not step
    aside from it)."""
    return any(_staff_in_wijk(user, application, p) for p in (REVIEW, CONFIRM, ADVISE))


def can_view_application(user, application) -> bool:
    return is_applicant(user, application) or is_involved_staff(user, application)


def can_transition(user, application, transition: Transition) -> tuple[bool, str]:
    if application.status not in transition.sources:
        return False, _("Dit kan niet in de status “%(status)s”.") % {
            "status": application.get_status_display()
        }
    if not user.is_authenticated:
        return False, _("Log in om dit te doen.")
    if has_conflict(user, application) and not is_applicant(user, application):
        return False, _("U heeft bij deze aanvraag belangenverstrengeling gemeld.")
    allowed = (
        (APPLICANT in transition.actors and is_applicant(user, application))
        or (REVIEWER in transition.actors and can_review(user, application))
        or (ADVISER in transition.actors and can_advise(user, application))
        or (CONFIRMER in transition.actors and can_confirm(user, application))
    )
    if allowed:
        return True, ""
    if CONFIRMER in transition.actors and application.proposed_by_id == user.pk:
        return False, _("Vier ogen: een besluit dat u voorstelde, bevestigt iemand anders.")
    return False, _("U mag dit niet doen bij deze aanvraag.")
