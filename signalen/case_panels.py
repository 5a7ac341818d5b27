"""Dashboard panels of the contact log and the dossiers: for staff in the neighbourhoods
their follow-ups that are due and the open dossiers in their wijken; for the coordinator
the open referrals per partner, overdue follow-ups first. Each panel reads a bounded
number of rows with a fixed number of queries (the fund's panel base and template)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.panels import DashboardPanel

from . import case_permissions as access
from .models import ContactMoment, Dossier, DossierStatus, Referral

LIMIT = 10


def _day(value) -> str:
    return date_format(value, "j F Y")


class FollowUpsPanel(DashboardPanel):
    """My contacts whose follow-up date has come, oldest first."""

    name = "signalen_my_follow_ups"
    slug = "my-follow-ups"
    order = 42
    heading = gettext_lazy("Mijn opvolgingen")
    empty = gettext_lazy("U heeft geen opvolgingen die nu aan de beurt zijn.")

    def panel_data(self):
        user = self.request.user
        today = timezone.localdate()
        due = (
            access.visible(ContactMoment.objects.all(), user)
            .filter(logged_by=user, follow_up_on__lte=today)
            .select_related("wijk")
            .order_by("follow_up_on", "pk")[:LIMIT]
        )
        return {
            "rows": [
                format_html(
                    '<a href="{}">{}</a> – {}, {}',
                    reverse("signalen_case:contact", args=[contact.pk]),
                    _("opvolgen sinds %(date)s") % {"date": _day(contact.follow_up_on)}
                    if contact.follow_up_on < today
                    else _("vandaag opvolgen"),
                    contact.get_channel_display(),
                    contact.wijk.name,
                )
                for contact in due
            ],
            "links": [
                (_("Alle opvolgingen"), reverse("signalen_case:contacts") + "?opvolgen=1"),
                (_("Contact vastleggen"), reverse("signalen_case:contact_log")),
            ],
        }


class OpenDossiersPanel(DashboardPanel):
    """The open dossiers in the wijken where I work, the most recently opened first."""

    name = "signalen_open_dossiers"
    slug = "open-dossiers"
    order = 43
    heading = gettext_lazy("Open dossiers in mijn wijken")
    empty = gettext_lazy("Er zijn geen open dossiers in uw wijken.")

    def panel_data(self):
        dossiers = (
            access.visible(Dossier.objects.filter(status=DossierStatus.OPEN), self.request.user)
            .select_related("wijk")
            .order_by("-opened_at", "-pk")[:LIMIT]
        )
        return {
            "rows": [
                format_html(
                    '<a href="{}">{}</a> – {} ({})',
                    reverse("signalen_case:dossier", args=[dossier.pk]),
                    dossier.reference,
                    dossier.title,
                    dossier.wijk.name,
                )
                for dossier in dossiers
            ],
            "links": [
                (_("Alle open dossiers"), reverse("signalen_case:dossiers") + "?status=open")
            ],
        }


class ReferralsPanel(DashboardPanel):
    """Open referrals per partner, the partner with the most overdue follow-ups first."""

    name = "signalen_referrals"
    slug = "open-referrals"
    order = 44
    heading = gettext_lazy("Open doorverwijzingen per partner")
    headers = (
        gettext_lazy("Partner"),
        gettext_lazy("Open"),
        gettext_lazy("Opvolging te laat"),
    )
    empty = gettext_lazy("Er zijn geen open doorverwijzingen.")

    def panel_data(self):
        today = timezone.localdate()
        per_partner = (
            Referral.objects.filter(closed_at=None)
            .values("partner_id", "partner__name")
            .annotate(
                open_count=Count("pk"),
                overdue=Count("pk", filter=Q(follow_up_on__lt=today)),
            )
            .order_by("-overdue", "-open_count", "partner__name")[:LIMIT]
        )
        url = reverse("signalen_case:referrals")
        return {
            "rows": [
                (
                    format_html(
                        '<a href="{}?partner={}">{}</a>',
                        url,
                        row["partner_id"],
                        row["partner__name"],
                    ),
                    row["open_count"],
                    row["overdue"],
                )
                for row in per_partner
            ],
            "links": [(_("Alle open doorverwijzingen"), url)],
        }


def panels_for(request) -> list:
    user = request.user
    panels = []
    if access.casework_reach(user) and not access.is_overseer(user):
        panels += [FollowUpsPanel(request), OpenDossiersPanel(request)]
    if access.is_overseer(user):
        # The coordinator's panel is the referrals per partner; the dossiers of every
        # wijk are one click away in the menu (each panel costs a query on the dashboard).
        panels.append(ReferralsPanel(request))
    return panels
