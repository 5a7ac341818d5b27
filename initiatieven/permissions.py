"""Who may do what with an initiative. Used by views, templates and services alike.

Functions that can refuse for more than one reason return (allowed, reason) so that the
person is told why, in Dutch."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.models import MeasureScope
from portal.permissions import (
    can_act_in_wijk,
    has_verified_email,
    measure_refusal,
    wijken_in_reach,
)

from .models import ACTIVE_STATUSES, CLOSED_STATUSES, EDITABLE_STATUSES, PUBLIC_STATUSES
from .transitions import INITIATOR, MODERATOR, TEAM, Transition

MODERATE_PERMISSION = "initiatieven.moderate_initiative"


def is_initiator(user, initiative) -> bool:
    return user.is_authenticated and initiative.initiator_id == user.pk


def is_team_member(user, initiative) -> bool:
    """The initiator or a co-initiator (remembered on the object for the request)."""
    if not user.is_authenticated:
        return False
    if is_initiator(user, initiative):
        return True
    cache = initiative.__dict__.setdefault("_team_cache", {})
    if user.pk not in cache:
        cache[user.pk] = initiative.co_initiators.filter(pk=user.pk).exists()
    return cache[user.pk]


def can_moderate_wijk(user, wijk) -> bool:
    return (
        user.is_authenticated and user.has_perm(MODERATE_PERMISSION) and can_act_in_wijk(user, wijk)
    )


def can_moderate_initiative(user, initiative) -> bool:
    """Moderators of the wijk, for every initiative except a private concept (that is the
    team's own until they submit it)."""
    if initiative.is_private:
        return False
    cache = initiative.__dict__.setdefault("_moderator_cache", {})
    if user.pk not in cache:
        cache[user.pk] = can_moderate_wijk(user, initiative.wijk)
    return cache[user.pk]


def moderated_wijken(user):
    if not user.is_authenticated or not user.has_perm(MODERATE_PERMISSION):
        return wijken_in_reach(user).none()
    return wijken_in_reach(user)


def can_propose(user) -> tuple[bool, str]:
    if not user.is_authenticated:
        return False, _("Log in om een initiatief in te dienen.")
    if not has_verified_email(user):
        return False, _("Bevestig eerst uw e-mailadres; daarna kunt u een initiatief indienen.")
    if refusal := measure_refusal(user, MeasureScope.PROPOSE):
        return False, refusal
    return True, ""


def can_view_initiative(user, initiative) -> bool:
    """Public ones: everyone. Submitted ones: the team and the wijk's moderators. A private
    concept: its team only, whatever the role (an administrator reads one only through
    the admin, logged: see can_inspect_private_concept)."""
    if initiative.is_private:
        return is_team_member(user, initiative)
    return (
        initiative.status in PUBLIC_STATUSES
        or is_team_member(user, initiative)
        or can_moderate_initiative(user, initiative)
    )


def can_inspect_private_concept(user) -> bool:
    """Only an administrator may open a private concept, in the admin, and each read is
    logged (initiatieven.services.concept_read_log)."""
    return user.is_authenticated and user.is_superuser


def can_edit_initiative(user, initiative) -> bool:
    return initiative.status in EDITABLE_STATUSES and is_team_member(user, initiative)


def can_transition(user, initiative, transition: Transition) -> tuple[bool, str]:
    if initiative.status not in transition.sources:
        return False, _("Dit kan niet meer: het initiatief heeft nu de status “%(status)s”.") % {
            "status": initiative.get_status_display()
        }
    if not user.is_authenticated:
        return False, _("Log in om dit te doen.")
    allowed = (
        (INITIATOR in transition.actors and is_initiator(user, initiative))
        or (TEAM in transition.actors and is_team_member(user, initiative))
        or (MODERATOR in transition.actors and can_moderate_initiative(user, initiative))
    )
    if not allowed:
        return False, _("U mag dit niet doen bij dit initiatief.")
    return True, ""


def can_support(user, initiative) -> tuple[bool, str]:
    if initiative.status not in ACTIVE_STATUSES:
        return False, _("Dit initiatief kan geen steun meer ontvangen.")
    if not user.is_authenticated:
        return False, _("Log in om dit initiatief te steunen.")
    if not has_verified_email(user):
        return False, _("Bevestig eerst uw e-mailadres; daarna kunt u steun geven.")
    if is_team_member(user, initiative):
        return False, _("U kunt uw eigen initiatief niet steunen.")
    if refusal := measure_refusal(user, MeasureScope.SUPPORT):
        return False, refusal
    return True, ""


def can_comment(user, initiative) -> tuple[bool, str]:
    if initiative.status not in PUBLIC_STATUSES:
        return False, _("Bij dit initiatief kunt u niet reageren.")
    if not user.is_authenticated:
        return False, _("Log in om te reageren.")
    if not has_verified_email(user):
        return False, _("Bevestig eerst uw e-mailadres; daarna kunt u reageren.")
    if refusal := measure_refusal(user, MeasureScope.COMMENT):
        return False, refusal
    return True, ""


def can_report_comment(user, comment) -> tuple[bool, str]:
    if not user.is_authenticated:
        return False, _("Log in om een reactie te melden.")
    if not has_verified_email(user):
        return False, _("Bevestig eerst uw e-mailadres; daarna kunt u een reactie melden.")
    if comment.author_id == user.pk:
        return False, _("U kunt uw eigen reactie niet melden.")
    if comment.is_hidden:
        return False, _("Deze reactie is al verborgen.")
    if refusal := measure_refusal(user, MeasureScope.COMMENT):
        return False, refusal
    return True, ""


def can_post_update(user, initiative) -> bool:
    return initiative.status in PUBLIC_STATUSES and is_team_member(user, initiative)


def can_invite(user, initiative) -> bool:
    return initiative.status not in CLOSED_STATUSES and is_initiator(user, initiative)


def can_moderate_comment(user, comment) -> bool:
    return can_moderate_initiative(user, comment.initiative)
