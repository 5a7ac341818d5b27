"""Wagtail admin viewsets of the shared core."""

import django_filters
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from .admin_views import PortalUserEditView, PortalUserHistoryView, UserRoleHistoryView
from .forms import PortalUserCreationForm, PortalUserEditForm
from .models import Buurt, ClosingDay, Complex, ParticipationMeasure, Wijk

ALL_WIJKEN_PARAM = "alle_wijken"


class RequestQuerysetIndexView(IndexView):
    """An index whose rows come from the viewset's get_queryset(request).

    With `my_wijken_lookup` set, the list starts on the person's own wijken (their
    werkgebied, for roles that reach every wijk) until they choose to show all wijken or
    filter on a wijk themselves."""

    queryset_for_request = None  # set by PortalModelViewSet
    my_wijken_lookup = None  # set by WijkScopedViewSet.my_wijken_by_default

    @cached_property
    def my_wijk_ids(self) -> list[int]:
        from .permissions import my_wijk_ids

        return my_wijk_ids(self.request.user) if self.my_wijken_lookup else []

    @cached_property
    def limited_to_my_wijken(self) -> bool:
        return (
            bool(self.my_wijk_ids)
            and self.request.GET.get(ALL_WIJKEN_PARAM) != "1"
            and not self.request.GET.get("wijk")  # a wijk chosen in the filters wins
        )

    def get_base_queryset(self):
        queryset = self.queryset_for_request(self.request)
        if self.limited_to_my_wijken:
            queryset = queryset.filter(**{f"{self.my_wijken_lookup}__in": self.my_wijk_ids})
        return queryset

    def get_header_buttons(self):
        buttons = super().get_header_buttons()
        if not self.my_wijk_ids:
            return buttons
        query = self.request.GET.copy()
        query.pop("p", None)
        if self.limited_to_my_wijken:
            query[ALL_WIJKEN_PARAM] = "1"
            label = _("Alle wijken tonen (nu alleen mijn wijken)")
        else:
            query.pop(ALL_WIJKEN_PARAM, None)
            query.pop("wijk", None)
            label = _("Alleen mijn wijken tonen")
        url = f"{self.request.path}?{query.urlencode()}" if query else self.request.path
        return [HeaderButton(label, url=url, icon_name="site"), *buttons]


class PortalModelViewSet(ModelViewSet):
    """ModelViewSet whose index lists get_queryset(request) (Wagtail's ModelViewSet, unlike
    SnippetViewSet, has no such hook)."""

    index_view_class = RequestQuerysetIndexView

    def get_queryset(self, request):
        return self.model._default_manager.all()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(queryset_for_request=self.get_queryset, **kwargs)


class UserViewSet(WagtailUserViewSet):
    edit_view_class = PortalUserEditView
    history_view_class = PortalUserHistoryView

    def get_form_class(self, for_update=False):
        return PortalUserEditForm if for_update else PortalUserCreationForm

    @property
    def role_history_view(self):
        return UserRoleHistoryView.as_view(
            model=self.model,
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
            edit_url_name=self.get_url_name("edit"),
        )

    def get_urlpatterns(self):
        from django.urls import path

        return [
            *super().get_urlpatterns(),
            path("rollen/<str:pk>/", self.role_history_view, name="role_history"),
        ]


class WijkViewSet(ModelViewSet):
    model = Wijk
    icon = "site"
    menu_label = _("Wijken")
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    form_fields = ["name", "code", "slug", "boundary"]
    add_to_admin_menu = False


class BuurtViewSet(PortalModelViewSet):
    model = Buurt
    icon = "site"
    menu_label = _("Buurten")
    list_display = ["name", "code", "wijk"]
    list_filter = ["wijk"]
    search_fields = ["name", "code"]
    form_fields = ["wijk", "name", "code", "boundary"]

    def get_queryset(self, request):
        return Buurt.objects.select_related("wijk")


class ComplexViewSet(PortalModelViewSet):
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


class WijkScopedViewSet(PortalModelViewSet):
    """A ModelViewSet that shows each person only the objects in the wijken their role
    reaches (portal.permissions.wijken_in_reach), in the list and in every view of one
    object: an id from another wijk answers 404, whatever the URL."""

    wijk_lookup = "wijk"  # the path from the model to its Wijk
    # The list starts on the person's werkgebied ("my wijken") for roles that reach every
    # wijk; they can show all wijken (portal.permissions.my_wijk_ids).
    my_wijken_by_default = False

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            my_wijken_lookup=self.wijk_lookup if self.my_wijken_by_default else None, **kwargs
        )

    def scoped_queryset(self, request):
        from .permissions import in_reach

        return in_reach(self.model._default_manager.all(), request.user, self.wijk_lookup)

    def get_queryset(self, request):
        return self.scoped_queryset(request)

    def _scoped(self, view):
        from functools import wraps

        from django.http import Http404

        from .permissions import reaches_every_wijk

        # With the plain scope, a person reaching every wijk is refused nothing: the view
        # itself answers 404 for an id that does not exist, so no query is needed here.
        plain_scope = type(self).scoped_queryset is WijkScopedViewSet.scoped_queryset

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            pk = kwargs.get("pk")
            if (
                pk is not None
                and not (plain_scope and reaches_every_wijk(request.user))
                and not self.scoped_queryset(request).filter(pk=pk).exists()
            ):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    def get_urlpatterns(self):
        from django.urls import URLPattern

        patterns = []
        for pattern in super().get_urlpatterns():
            if isinstance(pattern, URLPattern) and "pk" in pattern.pattern.converters:
                pattern.callback = self._scoped(pattern.callback)
            patterns.append(pattern)
        return patterns


class LimitedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions minus the actions in `refused`, whatever the person's role."""

    refused: tuple[str, ...] = ()

    def user_has_permission(self, user, action):
        if action in self.refused:
            return False
        return super().user_has_permission(user, action)


class ReadOnlyPermissionPolicy(LimitedPermissionPolicy):
    """No add, change or delete: the object changes only through its services (buttons of
    a custom view), never through a generic edit form."""

    refused = ("add", "change", "delete", "copy")


class ChangeOnlyPermissionPolicy(LimitedPermissionPolicy):
    """No add or delete: a fixed set of objects that staff may edit."""

    refused = ("add", "delete", "copy")


def readable(value):
    """A stored value as a person reads it in the admin: a dash for nothing, money with
    the euro sign, a moment in Amsterdam time."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone
    from django.utils.formats import date_format

    from .templatetags.portal_tags import euro

    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return str(_("Ja") if value else _("Nee"))
    if isinstance(value, Decimal):
        return euro(value)
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "j F Y H:i")
    return value


class ReadableInspectMixin:
    """Inspect views of our models: no "None", amounts in euros, times in Amsterdam."""

    def get_field_display_value(self, field_name, field):
        return readable(super().get_field_display_value(field_name, field))


class ReadableInspectView(ReadableInspectMixin, InspectView):
    pass


class EuroColumn(Column):
    """A listing column of an amount, with the euro sign."""

    def get_value(self, instance):
        from .templatetags.portal_tags import euro

        return euro(super().get_value(instance)) or "–"


class MeasureInspectView(ReadableInspectMixin, InspectView):
    template_name = "portal/admin/measure_inspect.html"

    def get_fields(self):
        return [
            "user",
            "scope",
            "reason",
            "imposed_by",
            "created_at",
            "ends_at",
            "objection",
            "objected_at",
            "lifted_at",
            "lifted_by",
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["in_force"] = self.object.is_in_force()
        context["can_lift"] = self.request.user.has_perm("portal.change_participationmeasure")
        return context


def measure_state(measure) -> str:
    from django.utils import timezone

    if measure.lifted_at:
        return str(_("opgeheven"))
    if measure.ends_at and measure.ends_at <= timezone.now():
        return str(_("afgelopen"))
    if measure.objected_at:
        return str(_("loopt, bezwaar gemaakt"))
    return str(_("loopt"))


class MeasureViewSet(ModelViewSet):
    """Moderation measures with their reason, end date and any objection; a coordinator
    lifts one here. Measures are imposed from a reported comment, never in a form here."""

    model = ParticipationMeasure
    name = "measures"
    url_prefix = "maatregelen"
    icon = "lock"
    menu_label = _("Maatregelen")
    menu_order = 650
    add_to_admin_menu = True
    list_display = [
        "user",
        "scope",
        "reason",
        "imposed_by",
        "created_at",
        "ends_at",
        Column("state", label=_("stand"), accessor=measure_state),
    ]
    list_filter = ["scope", "lifted_at"]
    form_fields = ["reason"]
    inspect_view_enabled = True
    inspect_view_class = MeasureInspectView

    @property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(self.model)

    def get_queryset(self, request):
        return ParticipationMeasure.objects.select_related("user", "imposed_by")

    def get_urlpatterns(self):
        from django.urls import path

        return [*super().get_urlpatterns(), path("lift/<int:pk>/", self.lift_view, name="lift")]

    @staticmethod
    def lift_view(request, pk: int):
        from django.contrib import messages
        from django.core.exceptions import PermissionDenied, ValidationError
        from django.shortcuts import get_object_or_404, redirect

        from .services import measure_lift

        if request.method != "POST":
            raise PermissionDenied
        measure = get_object_or_404(ParticipationMeasure, pk=pk)
        try:
            measure_lift(measure=measure, by=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("De maatregel is opgeheven; de bewoner is op de hoogte."))
        return redirect("measures:inspect", pk=pk)


class YesNoFilterAdapter(BaseFilterAdapter):
    """A yes/no filter's chip above a listing reads "Termijn verstreken: Ja", not "True"."""

    def get_active_filters(self):
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            str(_("Ja") if self.value else _("Nee")),
            self.get_url_without_filter_param(self.name),
        )


register_filter_adapter_class(django_filters.BooleanFilter, YesNoFilterAdapter)
