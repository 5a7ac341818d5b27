"""Staff's side of the accountability reports in the Wagtail admin: the "Verantwoording"
section on an application's page (status, due date, real costs against the budget per
line, the photos and receipts, and the reviewer's actions), the list "Verantwoordingen"
under the fund's menu, the actions themselves and the permission-checked downloads."""

from __future__ import annotations

from decimal import Decimal

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.permission_policies import ModelPermissionPolicy

from portal.fields import free_text
from portal.models import Wijk
from portal.viewsets import WijkScopedViewSet

from . import permissions as perms
from . import services
from .models import AccountabilityReport, ReportFile, ReportStatus, Status
from .report_transitions import REPORT_TRANSITIONS, WAITING
from .transitions import GRANTED

LATE_STATUSES = (ReportStatus.OPEN, ReportStatus.AANVULLEN)


def report_context(*, request, application, lines, can_review: bool) -> dict:
    """What the application page shows of its report: three queries (the report, its
    costs, its files), whatever the number of lines; none for an application that was
    never granted (only a grant has a report)."""
    if application.status not in (*GRANTED, Status.VERVALLEN, Status.INGETROKKEN):
        return {"report": None}
    report = (
        AccountabilityReport.objects.filter(application=application)
        .select_related("reviewed_by", "submitted_by")
        .first()
    )
    if report is None:
        return {"report": None}
    report.application = application
    costs = list(report.costs.all())
    files = list(report.files.all())
    by_line = {cost.budget_line_id: cost for cost in costs if cost.budget_line_id}
    rows = []
    for line in lines:
        cost = by_line.get(line.pk)
        actual = cost.amount if cost else None
        rows.append(
            {
                "description": line.description,
                "planned": line.amount,
                "actual": actual,
                "difference": actual - line.amount if actual is not None else None,
            }
        )
    extras = [cost for cost in costs if cost.budget_line_id is None]
    planned = sum((line.amount for line in lines), Decimal("0"))
    spent = sum((cost.amount for cost in costs), Decimal("0"))
    user = request.user
    allowed = set()
    if can_review:
        for name in ("approve", "ask_more", "not_happened"):
            transition = REPORT_TRANSITIONS[name]
            if report.status in transition.sources:
                if perms.can_move_report(user, report, transition)[0]:
                    allowed.add(name)
    today = timezone.localdate()
    return {
        "report": report,
        "report_rows": rows,
        "report_extras": extras,
        "report_planned": planned,
        "report_spent": spent,
        "report_difference": spent - planned,
        "report_photos": [f for f in files if f.kind == ReportFile.Kind.PHOTO],
        "report_receipts": [f for f in files if f.kind == ReportFile.Kind.RECEIPT],
        "report_late": report.status in LATE_STATUSES and report.due_date < today,
        "report_actions": allowed,
        "report_waiting_final": can_review
        and report.status in WAITING
        and "not_happened" not in allowed,
    }


DONE = {
    "approve": gettext_lazy(
        "De verantwoording is goedgekeurd; de aanvrager heeft bericht gekregen."
    ),
    "ask_more": gettext_lazy("De aanvrager is gevraagd de verantwoording aan te vullen."),
    "not_happened": gettext_lazy(
        "De aanvraag is afgesloten: de activiteit is niet doorgegaan. Het open geld is "
        "vrijgegeven en wat al betaald was, wordt teruggevraagd."
    ),
}


@require_POST
def report_action(request, pk: int, name: str):
    """One move on a report by staff (the viewset has checked the wijk)."""
    report = get_object_or_404(AccountabilityReport.objects.select_related("application"), pk=pk)
    user = request.user
    try:
        if name == "approve":
            services.report_approve(report=report, user=user)
        elif name == "ask_more":
            services.report_ask_more(
                report=report, user=user, text=free_text(request.POST.get("text"))
            )
        elif name == "not_happened":
            services.report_not_happened(
                report=report, user=user, reason=free_text(request.POST.get("reason"))
            )
        else:
            raise PermissionDenied
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", None) or [str(exc)]))
    else:
        messages.success(request, DONE[name])
    return redirect(
        reverse("fonds_application:inspect", args=[report.application_id]) + "#verantwoording"
    )


def report_file(request, pk: int, file_pk: int):
    """A photo or receipt of a report, for staff who review or decide in the wijk (the
    viewset has checked the wijk; HWZ advisers are refused)."""
    from .views import report_file_response

    report = get_object_or_404(
        AccountabilityReport.objects.select_related("application__wijk"), pk=pk
    )
    if not perms.can_see_report(request.user, report.application):
        raise Http404
    return report_file_response(get_object_or_404(report.files, pk=file_pk))


# --- the list -------------------------------------------------------------------------


class ReportPermissionPolicy(ModelPermissionPolicy):
    """Reports are read by the staff who review or decide on applications (the same
    permissions), and change only through the services: no add, change or delete."""

    def user_has_permission(self, user, action):
        return action == "view" and (user.has_perm(perms.REVIEW) or user.has_perm(perms.CONFIRM))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=ReportStatus.choices)
    overdue = django_filters.BooleanFilter(
        label=gettext_lazy("Te laat"),
        method="filter_overdue",
        widget=django_filters.widgets.BooleanWidget(),
    )
    wijk = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Wijk"),
        field_name="application__wijk",
        queryset=Wijk.objects.order_by("name"),
    )

    class Meta:
        model = AccountabilityReport
        fields = ["status", "wijk"]

    def filter_overdue(self, queryset, name, value):
        late = Q(status__in=LATE_STATUSES, due_date__lt=timezone.localdate())
        if value is None:
            return queryset
        return queryset.filter(late) if value else queryset.exclude(late)


def _application_url(report) -> str:
    return reverse("fonds_application:inspect", args=[report.application_id]) + "#verantwoording"


class ReportViewSet(WijkScopedViewSet):
    model = AccountabilityReport
    name = "fonds_report"
    url_prefix = "fonds/verantwoordingen"
    icon = "doc-full"
    menu_label = gettext_lazy("Verantwoordingen")
    wijk_lookup = "application__wijk"
    add_to_admin_menu = False
    inspect_view_enabled = False
    list_display = [
        TitleColumn(
            "reference",
            label=gettext_lazy("Aanvraag"),
            accessor="application.reference",
            get_url=_application_url,
        ),
        Column("title", label=gettext_lazy("Titel"), accessor="application.title"),
        Column("wijk", label=gettext_lazy("Wijk"), accessor="application.wijk"),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("due_date", label=gettext_lazy("Inleveren uiterlijk"), sort_key="due_date"),
    ]
    filterset_class = ReportFilterSet
    form_fields = ["status"]
    my_wijken_by_default = True

    @property
    def permission_policy(self):
        return ReportPermissionPolicy(self.model)

    def get_queryset(self, request):
        return (
            self.scoped_queryset(request)
            .select_related("application__wijk")
            .order_by("due_date", "pk")
        )

    def get_urlpatterns(self):
        from django.urls import path

        return [
            *super().get_urlpatterns(),
            path("actie/<int:pk>/<slug:name>/", self._scoped(report_action), name="action"),
            path("bestand/<int:pk>/<int:file_pk>/", self._scoped(report_file), name="file"),
        ]
