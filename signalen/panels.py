"""The dashboard panel for the people who handle meldingen: in their reach, the meldingen
whose running term has passed and those due today (a bounded number of rows, a fixed
number of queries). Built on the fund's panel base, so every panel looks the same."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.panels import DashboardPanel
from portal.selectors import calendar_for
from portal.templatetags.portal_tags import term_badge

from .permissions import handles_meldingen


class MeldingenPanel(DashboardPanel):
    name = "signalen_meldingen_due"
    slug = "meldingen-due"
    order = 35
    heading = gettext_lazy("Meldingen: termijn verstreken of vandaag")
    headers = (
        gettext_lazy("Melding"),
        gettext_lazy("Wijk"),
        gettext_lazy("Status"),
        gettext_lazy("Termijn"),
    )
    empty = gettext_lazy("Geen meldingen met een verstreken termijn of een termijn van vandaag.")

    def panel_data(self):
        from .admin_meldingen import overdue_and_due_today

        overdue, today_rows = overdue_and_due_today(self.request.user)
        # The working-day calendar only when there is a row to show its days left.
        today, calendar = calendar_for(self.request) if overdue or today_rows else (None, None)
        rows = [
            (
                format_html(
                    '<a href="{}">{}</a> – {}',
                    reverse("signalen_meldingen:detail", args=[m.pk]),
                    m.reference,
                    m.get_signal_type_display(),
                ),
                m.wijk.name if m.wijk_id else "–",
                m.get_status_display(),
                term_badge(calendar.days_left(m.queue_due, today)),
            )
            for m in [*overdue, *today_rows]
        ]
        queue = reverse("signalen_meldingen:index")
        return {
            "rows": rows,
            "links": [
                (_("Naar de meldingen"), queue),
                (_("Alleen verstreken"), f"{queue}?overdue=1"),
            ],
        }


def panels_for(request) -> list:
    return [MeldingenPanel(request)] if handles_meldingen(request.user) else []
