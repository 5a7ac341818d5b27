from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

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
