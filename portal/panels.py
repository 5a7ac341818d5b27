"""The one shape of every panel on the admin dashboard, whatever app adds it: a heading,
an optional introduction and figures, rows as a table or a list, a Dutch empty state and
links onward. Apps subclass DashboardPanel (fonds/panels.py, signalen/panels.py, ...) and
register their panels with Wagtail's `construct_homepage_panels` hook; each row's cells
are built in Python, once, so the template only places them."""

from __future__ import annotations

from wagtail.admin.ui.components import Component


class DashboardPanel(Component):
    """One panel of the dashboard. A subclass names its heading, slug (the panel's
    `data-panel`) and empty state, and returns its rows from `panel_data`: a list of
    rows of cells (a table under `headers`) or of single items (a list)."""

    template_name = "portal/admin/panels/panel.html"
    order = 40
    slug = ""
    heading = ""
    headers: tuple = ()
    empty = ""

    def __init__(self, request):
        self.request = request

    def panel_data(self) -> dict:
        """What this panel shows beyond the defaults below; without rows it shows `empty`."""
        return {}

    def get_context_data(self, parent_context):
        return {
            "panel": self,
            "heading": self.heading,
            "intro": "",
            "figures": None,
            "no_figures": "",
            "subheading": "",
            "headers": self.headers,
            "rows": [],
            "empty": self.empty,
            "links": [],
            **self.panel_data(),
        }
