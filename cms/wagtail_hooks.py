from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal import page_cache

from .models import Instrument, Partner, Pillar


class PillarViewSet(SnippetViewSet):
    model = Pillar
    icon = "list-ul"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class InstrumentViewSet(SnippetViewSet):
    model = Instrument
    icon = "cogs"
    list_display = ["name", "kind", "character", "pillar"]
    list_filter = ["kind", "character", "pillar"]
    search_fields = ["name", "description"]


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    list_display = ["name", "kind"]
    search_fields = ["name", "description"]


class PolicyGroup(SnippetViewSetGroup):
    menu_label = _("Beleid")
    menu_icon = "doc-full"
    menu_order = 250
    items = (PillarViewSet, InstrumentViewSet, PartnerViewSet)


register_snippet(PolicyGroup)


@hooks.register("on_serve_page", order=100)
def page_cache_opt_in(serve):
    """A page type with `cache_public` is kept in the page cache (portal.page_cache). The
    order puts this inside Wagtail's check of view restrictions: a page that asks for a
    password or a sign-in never gets here."""

    def inner(page, request, args, kwargs):
        if getattr(page, "cache_public", False):
            page_cache.allow(request, query=getattr(page, "cache_query", ()))
        return serve(page, request, args, kwargs)

    return inner


@hooks.register("fijnewijk_personal_data")
def contact_form_personal_data():
    from .personal_data import contact_form_part

    return contact_form_part()
