"""The admin dashboard's panels for the people of the fund, one per role: the reviewer's
own applications by term, the ondersteuner's terms at risk across the team, the
coordinator's year and the decisions waiting for them, and the advice asked of an HWZ
moderator. Each panel reads a bounded number of rows with a fixed number of queries."""

from __future__ import annotations

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from portal import roles
from portal.permissions import in_reach
from portal.selectors import calendar_for, role_names

from . import permissions as perms
from .models import Application, FundYear, HwzAdvice, Status
from .selectors import budget_position

REVIEWER_ROLES = {roles.LEEFBAARHEIDSMEDEWERKER, roles.SOCIAAL_BEHEERDER, roles.WIJKBEHEERDER}
LIMIT = 15
OPEN_FOR_STAFF = [
    Status.INGEDIEND,
    Status.ONTVANGEN,
    Status.IN_BEHANDELING,
    Status.WACHT_OP_AANVRAGER,
    Status.ADVIES_HWZ,
    Status.BESLUIT_VOORGESTELD,
]


def term_rows(request, applications) -> list[dict]:
    today, calendar = calendar_for(request)
    rows = []
    for application in applications:
        due = application.running_term_due()
        left = calendar.days_left(due, today) if due is not None else None
        rows.append(
            {
                "application": application,
                "due": due,
                "left": left,
                "late": -left if left is not None else 0,
                "paused": application.paused_since is not None,
            }
        )
    return rows


def _queue():
    return reverse("fonds_application:index")


class ReviewerPanel(Component):
    """My applications, most urgent term first."""

    name = "fonds_my_applications"
    order = 40
    template_name = "fonds/admin/panels/my_applications.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        user = self.request.user
        mine = (
            Application.objects.filter(reviewer=user, status__in=OPEN_FOR_STAFF)
            .select_related("wijk")
            .order_by(F("queue_due").asc(nulls_last=True), "pk")[:LIMIT]
        )
        return {
            "rows": term_rows(self.request, mine),
            "queue_url": f"{_queue()}?reviewer={user.pk}",
        }


class TermsAtRiskPanel(Component):
    """Every term that ends within one working day or has passed, across the team:
    applications with their reviewer, and initiatives waiting for moderation."""

    name = "fonds_terms_at_risk"
    order = 40
    template_name = "fonds/admin/panels/terms_at_risk.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        from initiatieven.selectors import moderation_terms

        user = self.request.user
        today, calendar = calendar_for(self.request)
        horizon = calendar.add(timezone.now(), 1)  # the end of the next working day
        at_risk = (
            in_reach(Application.objects.all(), user)
            .filter(status__in=OPEN_FOR_STAFF, paused_since=None, queue_due__lte=horizon)
            .select_related("wijk", "reviewer")
            .order_by("queue_due", "pk")[:LIMIT]
        )
        initiatives = [
            row
            for row in moderation_terms(user, today=today, calendar=calendar, limit=50)
            if row["left"] is not None and row["left"] <= 1
        ][:LIMIT]
        return {
            "rows": term_rows(self.request, at_risk),
            "initiatives": initiatives,
            "queue_url": f"{_queue()}?overdue=true",
            "moderation_url": reverse("initiatieven_initiative:index") + "?status=ingediend",
        }


class CoordinatorPanel(Component):
    """The year's budget and the proposals waiting for this coordinator's confirmation."""

    name = "fonds_coordinator"
    order = 40
    template_name = "fonds/admin/panels/coordinator.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        user = self.request.user
        year = FundYear.objects.filter(year=timezone.localdate().year).first()
        waiting = (
            perms.exclude_involved(
                in_reach(Application.objects.filter(status=Status.BESLUIT_VOORGESTELD), user),
                user,
            )
            .exclude(proposed_by=user)
            .select_related("wijk", "proposed_by")
            .order_by("queue_due", "pk")[:LIMIT]
        )
        return {
            "year": year,
            "position": budget_position(year) if year else None,
            "waiting": list(waiting),
            "queue_url": f"{_queue()}?status={Status.BESLUIT_VOORGESTELD}",
            "budget_url": reverse("fundyear:index") if _has_url("fundyear:index") else "",
        }


class AdviceAskedPanel(Component):
    """Advice on applications asked of the HWZ moderator, oldest request first."""

    name = "fonds_advice_asked"
    order = 45
    template_name = "fonds/admin/panels/advice_asked.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        user = self.request.user
        asked = perms.exclude_involved(
            in_reach(
                HwzAdvice.objects.filter(given_at=None, application__status=Status.ADVIES_HWZ),
                user,
                lookup="application__wijk",
            ),
            user,
            prefix="application__",
        ).select_related("application", "application__wijk", "requested_by")
        return {
            "advices": list(asked.order_by("requested_at", "pk")[:LIMIT]),
            "list_url": reverse("fonds:advice_list"),
        }


def _has_url(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def panels_for(request) -> list[Component]:
    """The panels this person's roles (groups) are made for; someone without one of
    these roles, such as a redacteur, keeps Wagtail's own panels."""
    names = role_names(request)
    user = request.user
    panels: list[Component] = []
    if names & REVIEWER_ROLES and user.has_perm(perms.REVIEW):
        panels.append(ReviewerPanel(request))
    if roles.ONDERSTEUNER in names:
        panels.append(TermsAtRiskPanel(request))
    if roles.COORDINATOR in names and user.has_perm(perms.CONFIRM):
        panels.append(CoordinatorPanel(request))
    if roles.HWZ_MODERATOR in names and user.has_perm(perms.ADVISE):
        panels.append(AdviceAskedPanel(request))
    return panels
