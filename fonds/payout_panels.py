"""Dashboard panels for payouts (portal.panels.DashboardPanel): the back office sees the
tranches due to be prepared, a coordinator those waiting for their approval. Two queries
each (the role's reach, the rows)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import roles
from portal.panels import DashboardPanel
from portal.selectors import role_names
from portal.templatetags.portal_tags import euro, formatted_day

from . import permissions as perms
from .models.payouts import PayoutStatus
from .payout_admin import payouts_for

LIMIT = 15


def _rows(payouts) -> list:
    return [
        format_html(
            '<a href="{}">{}</a> – {} {}, {} {}',
            reverse("fonds_application:inspect", args=[p.application_id]) + "#uitbetalingen",
            p.application.reference,
            p.get_kind_display().lower(),
            euro(p.amount),
            _("te betalen op"),
            formatted_day(p.due_date, "j F Y"),
        )
        for p in payouts
    ]


def _list(status_filter):
    return reverse("fonds_payouts:index") + status_filter


class PrepareTranchesPanel(DashboardPanel):
    """Tranches due (today or earlier) that the back office can prepare now."""

    name = "fonds_payouts_to_prepare"
    slug = "payouts-to-prepare"
    order = 46
    heading = gettext_lazy("Uitbetalingen klaar te zetten")
    empty = gettext_lazy("Er zijn geen uitbetalingen die nu klaargezet moeten worden.")

    def panel_data(self):
        today = timezone.localdate()
        due = (
            payouts_for(self.request.user)
            .filter(
                status__in=[PayoutStatus.GEPLAND, PayoutStatus.MISLUKT],
                due_date__lte=today,
                application__status__in=["toegekend", "deels_toegekend"],
            )
            .select_related("application")
            .order_by("due_date", "pk")[:LIMIT]
        )
        return {
            "intro": _("Tranches die vandaag of eerder betaald moeten worden."),
            "rows": _rows(due),
            "links": [(_("Alle uitbetalingen"), _list(f"?status={PayoutStatus.GEPLAND}"))],
        }


class ApproveTranchesPanel(DashboardPanel):
    """Tranches prepared by someone else, waiting for this coordinator's approval."""

    name = "fonds_payouts_to_approve"
    slug = "payouts-to-approve"
    order = 47
    heading = gettext_lazy("Uitbetalingen wachten op goedkeuring")
    empty = gettext_lazy("Er wachten geen uitbetalingen op uw goedkeuring.")

    def panel_data(self):
        user = self.request.user
        waiting = (
            payouts_for(user)
            .filter(status=PayoutStatus.KLAAR)
            .exclude(prepared_by=user)
            .select_related("application")
            .order_by("due_date", "pk")[:LIMIT]
        )
        return {
            "rows": _rows(waiting),
            "links": [(_("Naar de goedkeuring"), _list("?mine=on"))],
        }


def payout_panels_for(request) -> list[DashboardPanel]:
    names = role_names(request)
    user = request.user
    panels: list[DashboardPanel] = []
    if roles.ONDERSTEUNER in names and user.has_perm(perms.PREPARE_PAYOUT):
        panels.append(PrepareTranchesPanel(request))
    if roles.COORDINATOR in names and user.has_perm(perms.APPROVE_PAYOUT):
        panels.append(ApproveTranchesPanel(request))
    return panels
