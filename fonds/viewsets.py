"""The staff queue of fund applications in the Wagtail admin, limited to the wijken of
each person's role, sorted by urgency, with a badge for the working days left."""

from django.db.models import Case, F, IntegerField, Value, When
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from portal.viewsets import ReadOnlyPermissionPolicy, WijkScopedViewSet

from . import admin_views
from .models import Application, FundYear, Status, WijkBudget


class TermColumn(Column):
    """Working days left on the term that runs now: acknowledgement, then the answer."""

    cell_template_name = "fonds/admin/term_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        from portal.workdays import working_days_left

        context = super().get_cell_context_data(instance, parent_context)
        due = (
            instance.acknowledge_due if instance.status == Status.INGEDIEND else instance.answer_due
        )
        open_ = instance.status not in (
            Status.CONCEPT,
            Status.TOEGEKEND,
            Status.DEELS_TOEGEKEND,
            Status.AFGEWEZEN,
            Status.INGETROKKEN,
        )
        context["paused"] = instance.paused_since is not None
        context["left"] = working_days_left(due) if (due and open_) else None
        context["due"] = due
        context["late"] = -context["left"] if context["left"] is not None else 0
        return context


class ApplicationViewSet(WijkScopedViewSet):
    model = Application
    name = "fonds_application"
    url_prefix = "fonds/aanvragen"
    icon = "form"
    menu_label = _("Aanvragen")
    list_display = [
        "reference",
        "title",
        "wijk",
        "status",
        "reviewer",
        TermColumn("term", label=_("Termijn")),
        "amount_requested",
    ]
    list_filter = ["status", "wijk", "reviewer"]
    search_fields = ["reference", "title"]
    form_fields = ["title"]
    inspect_view_enabled = True
    inspect_view_class = admin_views.ApplicationInspectView

    @property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(self.model)

    def get_queryset(self, request):
        # Most urgent first: open work by its due moment, then the rest.
        due = Case(
            When(status=Status.INGEDIEND, then=F("acknowledge_due")), default=F("answer_due")
        )
        closed = Case(
            When(
                status__in=[
                    Status.CONCEPT,
                    Status.TOEGEKEND,
                    Status.DEELS_TOEGEKEND,
                    Status.AFGEWEZEN,
                    Status.INGETROKKEN,
                ],
                then=Value(1),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
        return (
            self.scoped_queryset(request)
            .exclude(status=Status.CONCEPT)
            .select_related("wijk", "reviewer")
            .annotate(current_due=due, is_closed=closed)
            .order_by("is_closed", F("current_due").asc(nulls_last=True), "pk")
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "action/<int:pk>/<slug:name>/",
                self._scoped(admin_views.application_action),
                name="action",
            ),
        ]


class FundYearViewSet(ModelViewSet):
    model = FundYear
    icon = "table"
    menu_label = _("Budget per jaar")
    url_prefix = "fonds/budget"
    list_display = ["year", "budget"]
    form_fields = ["year", "budget", "note"]
    inspect_view_enabled = True


class WijkBudgetViewSet(ModelViewSet):
    model = WijkBudget
    icon = "site"
    menu_label = _("Budget per wijk")
    url_prefix = "fonds/wijkbudget"
    list_display = ["fund_year", "wijk", "amount"]
    list_filter = ["fund_year"]
    form_fields = ["fund_year", "wijk", "amount"]


class FundGroup(ModelViewSetGroup):
    menu_label = _("Leefbaarheidsfonds")
    menu_icon = "form"
    menu_order = 210
    items = (ApplicationViewSet, FundYearViewSet, WijkBudgetViewSet)
