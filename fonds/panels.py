"""The admin dashboard's panels for the people of the fund, one per role: the reviewer's
own applications by term, the ondersteuner's terms at risk across the team, the
coordinator's year and the decisions waiting for them, and the advice asked of an HWZ
moderator. Each panel reads a bounded number of rows with a fixed number of queries.

Every panel has the shape of portal.panels.DashboardPanel, shared with the other apps'
panels. Each row's cells are built here, once, so the template only places them."""

from __future__ import annotations

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import roles
from portal.panels import DashboardPanel
from portal.permissions import in_reach
from portal.selectors import calendar_for, role_names
from portal.templatetags.portal_tags import euro, term_badge

from . import permissions as perms
from .models import Application, FundYear, HwzAdvice, Status
from .selectors import budget_position
from .transitions import OPEN

REVIEWER_ROLES = {roles.LEEFBAARHEIDSMEDEWERKER, roles.SOCIAAL_BEHEERDER, roles.WIJKBEHEERDER}
LIMIT = 15
# What staff work on: every open status but a resident's own concept.
OPEN_FOR_STAFF = sorted(OPEN - {Status.CONCEPT})


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


def _application_link(application, text=None):
    return format_html(
        '<a href="{}">{}</a>',
        reverse("fonds_application:inspect", args=[application.pk]),
        text or application.reference or application.title,
    )


class ReviewerPanel(DashboardPanel):
    """My applications, most urgent term first."""

    name = "fonds_my_applications"
    slug = "my-applications"
    heading = gettext_lazy("Mijn aanvragen, dringendste eerst")
    headers = (gettext_lazy("Aanvraag"), gettext_lazy("Status"), gettext_lazy("Termijn"))
    empty = gettext_lazy("U behandelt nu geen aanvragen.")

    def panel_data(self):
        user = self.request.user
        mine = (
            Application.objects.filter(reviewer=user, status__in=OPEN_FOR_STAFF)
            .select_related("wijk")
            .order_by(F("queue_due").asc(nulls_last=True), "pk")[:LIMIT]
        )
        return {
            "rows": [
                (
                    format_html("{} – {}", _application_link(a), a.title),
                    a.get_status_display(),
                    term_badge(row["left"], row["paused"]),
                )
                for row in term_rows(self.request, mine)
                for a in (row["application"],)
            ],
            "links": [(_("Naar mijn aanvragen in de wachtrij"), f"{_queue()}?reviewer={user.pk}")],
        }


class TermsAtRiskPanel(DashboardPanel):
    """Every term that ends within one working day or has passed, across the team:
    applications with their reviewer, and initiatives waiting for moderation."""

    name = "fonds_terms_at_risk"
    slug = "terms-at-risk"
    heading = gettext_lazy("Termijnen in gevaar")
    headers = (gettext_lazy("Wat"), gettext_lazy("In handen van"), gettext_lazy("Termijn"))
    empty = gettext_lazy("Geen termijnen in gevaar.")

    def panel_data(self):
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
        rows = [
            (
                format_html("{} – {}", _application_link(a, a.reference), a.title),
                str(a.reviewer) if a.reviewer else _("nog niemand"),
                term_badge(row["left"], row["paused"]),
            )
            for row in term_rows(self.request, at_risk)
            for a in (row["application"],)
        ]
        rows += [
            (
                format_html(
                    '<a href="{}">{}</a> ({})',
                    reverse("initiatieven_initiative:inspect", args=[row["initiative"].pk]),
                    row["initiative"].title,
                    _("initiatief"),
                ),
                _("moderatoren van %(wijk)s") % {"wijk": row["initiative"].wijk.name},
                term_badge(row["left"]),
            )
            for row in initiatives
        ]
        return {
            "intro": _(
                "Alles wat binnen één werkdag afloopt of al te laat is, met wie het in "
                "handen heeft."
            ),
            "rows": rows,
            "links": [
                (_("Aanvragen met een verstreken termijn"), f"{_queue()}?overdue=true"),
                (
                    _("Initiatieven in moderatie"),
                    reverse("initiatieven_initiative:index") + "?status=ingediend",
                ),
            ],
        }


class CoordinatorPanel(DashboardPanel):
    """The year's budget and the proposals waiting for this coordinator's confirmation."""

    name = "fonds_coordinator"
    slug = "coordinator"
    empty = gettext_lazy("Er wachten geen voorstellen op uw bevestiging.")

    def panel_data(self):
        user = self.request.user
        year = FundYear.objects.filter(year=timezone.localdate().year).first()
        position = budget_position(year) if year else None
        waiting = (
            perms.exclude_involved(
                in_reach(Application.objects.filter(status=Status.BESLUIT_VOORGESTELD), user),
                user,
            )
            .exclude(proposed_by=user)
            .select_related("wijk", "proposed_by")
            .order_by("queue_due", "pk")[:LIMIT]
        )
        links = [
            (_("Alle voorgestelde besluiten"), f"{_queue()}?status={Status.BESLUIT_VOORGESTELD}")
        ]
        if _has_url("fundyear:index"):
            links.append((_("Budget per jaar"), reverse("fundyear:index")))
        if perms.can_view_money(user):  # the money overview (w5-overview)
            links.insert(0, (_("Geldoverzicht per wijk"), reverse("fonds_money:overview")))
        return {
            "heading": _("Het fonds in %(year)s") % {"year": year.year}
            if year
            else _("Het fonds dit jaar"),
            "figures": [
                (_("Budget"), euro(position.budget)),
                (_("Vastgelegd"), euro(position.committed)),
                (_("Uitbetaald"), euro(position.paid)),
                (_("Beschikbaar"), euro(position.available)),
            ]
            if position
            else None,
            "no_figures": _("Er is nog geen budget voor dit jaar ingevoerd."),
            "subheading": _("Wacht op uw bevestiging"),
            "rows": [
                format_html(
                    "{} – {}: {}{} ({} {})",
                    _application_link(a, a.reference),
                    a.title,
                    a.get_proposed_outcome_display(),
                    f" {euro(a.proposed_amount)}" if a.proposed_amount else "",
                    _("voorgesteld door"),
                    a.proposed_by or _("onbekend"),
                )
                for a in waiting
            ],
            "links": links,
        }


class AdviceAskedPanel(DashboardPanel):
    """Advice on applications asked of the HWZ moderator, oldest request first."""

    name = "fonds_advice_asked"
    slug = "advice-asked"
    order = 45
    heading = gettext_lazy("Advies gevraagd aan de HWZ")
    empty = gettext_lazy("Er is nu geen advies aan u gevraagd.")

    def panel_data(self):
        from django.utils.formats import date_format

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
            "rows": [
                format_html(
                    '<a href="{}">{}</a> – {} ({}), {}',
                    reverse("fonds:advice", args=[advice.application.pk]),
                    advice.application.reference,
                    advice.application.title,
                    advice.application.wijk.name,
                    _("gevraagd op %(date)s")
                    % {"date": date_format(timezone.localtime(advice.requested_at), "j F Y")},
                )
                for advice in asked.order_by("requested_at", "pk")[:LIMIT]
            ],
            "links": [(_("Alle adviesvragen"), reverse("fonds:advice_list"))],
        }


def _has_url(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def panels_for(request) -> list[DashboardPanel]:
    """The panels this person's roles (groups) are made for; someone without one of
    these roles, such as a redacteur, keeps Wagtail's own panels."""
    names = role_names(request)
    user = request.user
    panels: list[DashboardPanel] = []
    if names & REVIEWER_ROLES and user.has_perm(perms.REVIEW):
        panels.append(ReviewerPanel(request))
    if roles.ONDERSTEUNER in names:
        panels.append(TermsAtRiskPanel(request))
    if roles.COORDINATOR in names and user.has_perm(perms.CONFIRM):
        panels.append(CoordinatorPanel(request))
    if roles.HWZ_MODERATOR in names and user.has_perm(perms.ADVISE):
        panels.append(AdviceAskedPanel(request))
    # accountability reports (w5-report)
    if names & REVIEWER_ROLES and user.has_perm(perms.REVIEW):
        panels.append(ReportsPanel(request))
    return panels


# --- accountability reports (w5-report) -----------------------------------------------


class ReportsPanel(DashboardPanel):
    """Accountability reports in the person's wijken: handed in and waiting for review
    ("te beoordelen"), and past their due date without a report ("te laat"). One query,
    at most LIMIT rows of each kind."""

    name = "fonds_reports"
    slug = "reports"
    order = 46
    heading = gettext_lazy("Verantwoordingen")
    headers = (gettext_lazy("Aanvraag"), gettext_lazy("Wat"), gettext_lazy("Datum"))
    empty = gettext_lazy("Er zijn geen verantwoordingen te beoordelen of te laat.")

    def panel_data(self):
        from django.utils.formats import date_format

        from .models import AccountabilityReport, ReportStatus

        user = self.request.user
        today = timezone.localdate()
        mine = perms.exclude_involved(
            in_reach(AccountabilityReport.objects.all(), user, lookup="application__wijk"),
            user,
            prefix="application__",
        ).select_related("application")
        # One query for both kinds (each at most LIMIT rows shown).
        rows_read = list(
            mine.filter(
                Q(status=ReportStatus.INGEDIEND)
                | Q(status__in=[ReportStatus.OPEN, ReportStatus.AANVULLEN], due_date__lt=today)
            ).order_by("due_date", "pk")[: LIMIT * 4]
        )
        to_review = sorted(
            (r for r in rows_read if r.status == ReportStatus.INGEDIEND),
            key=lambda r: (r.submitted_at or timezone.now(), r.pk),
        )[:LIMIT]
        late = [r for r in rows_read if r.status != ReportStatus.INGEDIEND][:LIMIT]

        def link(report):
            return format_html(
                '<a href="{}#verantwoording">{}</a> – {}',
                reverse("fonds_application:inspect", args=[report.application_id]),
                report.application.reference,
                report.application.title,
            )

        rows = [
            (
                link(report),
                _("te beoordelen"),
                date_format(timezone.localtime(report.submitted_at), "j M")
                if report.submitted_at
                else "–",
            )
            for report in to_review
        ] + [(link(report), _("te laat"), date_format(report.due_date, "j M")) for report in late]
        index = reverse("fonds_report:index")
        return {
            "intro": _("Te beoordelen: %(review)d. Te laat: %(late)d.")
            % {"review": len(to_review), "late": len(late)},
            "rows": rows,
            "links": [
                (_("Te beoordelen"), f"{index}?status={ReportStatus.INGEDIEND}"),
                (_("Te laat"), f"{index}?overdue=true"),
            ],
        }
