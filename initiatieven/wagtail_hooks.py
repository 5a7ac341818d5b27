"""Where initiatives appear: the admin's moderation pages, the home page, neighbourhood
pages, 'Mijn overzicht' and the main menu."""

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from portal import sections

from . import selectors
from .models import CommentReport, Initiative, Status
from .permissions import moderated_wijken
from .viewsets import InitiativesGroup


@hooks.register("register_admin_viewset")
def register_initiatives():
    return InitiativesGroup()


class ModerationQueuePanel(Component):
    name = "initiatieven_queue"
    order = 50
    template_name = "initiatieven/admin/queue_panel.html"

    def __init__(self, wijken):
        self.wijken = wijken

    def get_context_data(self, parent_context):
        waiting = Initiative.objects.filter(wijk__in=self.wijken).aggregate(
            submitted=Count("pk", filter=Q(status=Status.INGEDIEND))
        )
        reports = (
            CommentReport.objects.filter(
                resolved_at=None, comment__initiative__wijk__in=self.wijken
            )
            .values("comment")
            .distinct()
            .count()
        )
        return {
            "submitted": waiting["submitted"],
            "reports": reports,
            "queue_url": reverse("initiatieven_initiative:index") + "?status=ingediend",
            "reports_url": reverse("initiatieven_comment:index"),
        }


@hooks.register("construct_homepage_panels")
def add_queue_panel(request, panels):
    wijken = moderated_wijken(request.user)
    if request.user.has_perm("initiatieven.moderate_initiative"):
        panels.append(ModerationQueuePanel(wijken))


@hooks.register(sections.MAIN_NAV)
def nav_item():
    return (_("Initiatieven"), reverse("initiatieven:overview"), 10)


@hooks.register(sections.HOME)
def home_section(request, **context):
    initiatives = list(selectors.public_initiatives().order_by("-published_at", "-pk")[:3])
    return render_to_string(
        "initiatieven/includes/public_section.html",
        {
            "initiatives": initiatives,
            "heading": _("Nieuwe bewonersinitiatieven"),
            "section_id": "home",
            "more_url": reverse("initiatieven:overview"),
            "more_label": _("Alle initiatieven"),
        },
        request=request,
    )


@hooks.register(sections.NEIGHBOURHOOD)
def neighbourhood_section(request, *, wijk, **context):
    initiatives = list(
        selectors.public_initiatives().filter(wijk=wijk).order_by("-published_at", "-pk")[:6]
    )
    return render_to_string(
        "initiatieven/includes/public_section.html",
        {
            "initiatives": initiatives,
            "heading": _("Initiatieven in %(wijk)s") % {"wijk": wijk.name},
            "section_id": "wijk",
            "more_url": reverse("initiatieven:overview") + f"?wijk={wijk.pk}",
            "more_label": _("Alle initiatieven in deze wijk"),
        },
        request=request,
    )


@hooks.register(sections.SEARCH)
def search_section(request, *, query, **context):
    return render_to_string(
        "initiatieven/includes/search_section.html",
        {"initiatives": selectors.search_public_initiatives(query), "query": query},
        request=request,
    )


@hooks.register(sections.MY_OVERVIEW)
def my_initiatives(request, **context):
    initiatives = (
        Initiative.objects.of_team_member(request.user)
        .select_related("wijk")
        .order_by("-updated_at")
    )
    return render_to_string(
        "initiatieven/includes/my_section.html", {"initiatives": initiatives}, request=request
    )


@hooks.register(sections.DEMO_DATA)
def demo_data(*, scale, wijken):
    from . import demo

    demo.load(scale=scale, wijken=wijken)
