"""Wagtail admin viewsets of the shared core."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .forms import PortalUserCreationForm, PortalUserEditForm
from .models import Buurt, ClosingDay, Complex, Wijk


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return PortalUserEditForm if for_update else PortalUserCreationForm


class WijkViewSet(ModelViewSet):
    model = Wijk
    icon = "site"
    menu_label = _("Wijken")
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    form_fields = ["name", "code", "slug", "boundary"]
    add_to_admin_menu = False


class BuurtViewSet(ModelViewSet):
    model = Buurt
    icon = "site"
    menu_label = _("Buurten")
    list_display = ["name", "code", "wijk"]
    list_filter = ["wijk"]
    search_fields = ["name", "code"]
    form_fields = ["wijk", "name", "code", "boundary"]

    def get_queryset(self, request):
        return Buurt.objects.select_related("wijk")


class ComplexViewSet(ModelViewSet):
    model = Complex
    icon = "home"
    menu_label = _("Complexen")
    list_display = ["name", "code", "buurt", "homes"]
    list_filter = ["buurt__wijk"]
    search_fields = ["name", "code", "address"]
    form_fields = ["buurt", "name", "code", "address", "homes"]

    def get_queryset(self, request):
        return Complex.objects.select_related("buurt")


class ClosingDayViewSet(ModelViewSet):
    model = ClosingDay
    icon = "date"
    menu_label = _("Sluitingsdagen")
    list_display = ["date", "description"]
    form_fields = ["date", "description"]


class NeighbourhoodGroup(ModelViewSetGroup):
    menu_label = _("Wijken en kalender")
    menu_icon = "site"
    menu_order = 300
    items = (WijkViewSet, BuurtViewSet, ComplexViewSet, ClosingDayViewSet)
