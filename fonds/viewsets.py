"""The staff queue of fund applications in the Wagtail admin, limited to the wijken of
each person's role, sorted by urgency, with a badge for the working days left."""

import django_filters
from django.db.models import F, Q
from django.urls import path
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from portal.fields import MoneyField, single_line
from portal.viewsets import (
    ChangeOnlyPermissionPolicy,
    EuroColumn,
    ReadableInspectView,
    ReadOnlyPermissionPolicy,
    WijkScopedViewSet,
)

from . import admin_views
from . import permissions as perms
from .letters import PLACEHOLDERS
from .models import Application, FundYear, LetterTemplate, Status, WijkBudget


def reviewers_to_filter_on():
    from django.contrib.auth import get_user_model

    codename = perms.REVIEW.split(".")[1]
    return (
        get_user_model()
        .objects.filter(
            Q(groups__permissions__codename=codename)
            | Q(user_permissions__codename=codename)
            | Q(is_superuser=True)
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )


class ApplicationFilterSet(WagtailFilterSet):
    overdue = django_filters.BooleanFilter(
        label=_("Termijn verstreken"),
        method="filter_overdue",
        widget=django_filters.widgets.BooleanWidget(),
    )

    # Only people who review (or reviewed) applications, not every account of the site:
    # the select is sent with every page of the queue.
    reviewer = django_filters.ModelChoiceFilter(
        label=_("Behandelaar"),
        queryset=lambda request: reviewers_to_filter_on(),
    )

    class Meta:
        model = Application
        fields = ["status", "wijk", "reviewer"]

    # The form's class, made from the filters once per process: none of them depends on
    # the request or the person (the wijk and reviewer choices are querysets that every
    # form evaluates anew), and making the fields and the class took a tenth of the queue.
    _form_classes: dict = {}

    def get_form_class(self):
        key = (type(self), tuple(self.filters))
        form_class = ApplicationFilterSet._form_classes.get(key)
        if form_class is None:
            form_class = ApplicationFilterSet._form_classes[key] = super().get_form_class()
        return form_class

    def filter_overdue(self, queryset, name, value):
        late = Q(queue_due__lt=timezone.now(), paused_since=None)
        if value is None:
            return queryset
        return queryset.filter(late) if value else queryset.exclude(late)


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
        Column("term", label=_("Termijn")),
        EuroColumn("amount_requested", label=_("Gevraagd bedrag")),
    ]
    filterset_class = ApplicationFilterSet
    search_fields = ["title"]  # and names, e-mail, references: ApplicationIndexView
    form_fields = ["title"]
    inspect_view_enabled = True
    inspect_view_class = admin_views.ApplicationInspectView
    index_view_class = admin_views.ApplicationIndexView
    # Wagtail's listing with the filters drawer from the cache (fonds.queue_cache)
    index_template_name = "fonds/admin/queue_index.html"
    my_wijken_by_default = True  # starts on the person's werkgebied; "Alle wijken tonen"

    @property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(self.model)

    def get_queryset(self, request):
        # Most urgent first: open work by the due moment of its running term (an indexed
        # column kept by the services), closed applications after it, newest first.
        return (
            self.scoped_queryset(request)
            .exclude(status=Status.CONCEPT)
            .select_related("wijk", "reviewer")
            .order_by(F("queue_due").asc(nulls_last=True), "-pk")
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "action/<int:pk>/<slug:name>/",
                self._scoped(admin_views.application_action),
                name="action",
            ),
            path(
                "brief/<int:pk>/<int:letter_pk>/",
                self._scoped(admin_views.letter_pdf),
                name="letter",
            ),
            path("bevestigen/", admin_views.acknowledge_many, name="acknowledge_many"),
            path("invoeren/", admin_views.intake, name="intake"),
            path("invoeren/<int:pk>/", admin_views.intake, name="intake_edit"),
        ]


class MoneyFormMixin:
    """Budgets are entered as euros like every other amount (see portal.fields)."""

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.get_internal_type() == "DecimalField":
            kwargs["form_class"] = MoneyField
            kwargs["allow_zero"] = True
        return super().formfield_for_dbfield(db_field, **kwargs)


class _ThroughService:
    """An admin create or edit view that saves through the fund's service (row locks,
    the checks again, history), showing a refusal beside the form instead of saving."""

    service = None  # (instance, user) -> instance

    def form_valid(self, form):
        from django.core.exceptions import ValidationError

        self.form = form
        try:
            self.object = type(self).service(form.instance, self.request.user)
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        from wagtail.log_actions import log

        log(instance=self.object, action=self.log_action, content_changed=True)
        return self.save_action()


def _save_year(instance, user):
    from .services import fund_year_save

    return fund_year_save(fund_year=instance, user=user)


def _save_share(instance, user):
    from .services import wijk_budget_save

    return wijk_budget_save(share=instance, user=user)


class FundYearCreateView(_ThroughService, generic.CreateView):
    service = _save_year
    log_action = "wagtail.create"


class FundYearEditView(_ThroughService, generic.EditView):
    service = _save_year
    log_action = "wagtail.edit"


class WijkBudgetCreateView(_ThroughService, generic.CreateView):
    service = _save_share
    log_action = "wagtail.create"


class WijkBudgetEditView(_ThroughService, generic.EditView):
    service = _save_share
    log_action = "wagtail.edit"


class WijkBudgetDeleteView(generic.DeleteView):
    """Deleting a share goes through the service, which refuses when what is committed
    in the wijk would no longer fit in the part of the year that is not divided."""

    def delete_action(self):
        from .services import wijk_budget_delete

        wijk_budget_delete(share=self.object, user=self.request.user)

    def form_valid(self, form):
        from django.contrib import messages
        from django.core.exceptions import ValidationError
        from django.shortcuts import redirect

        try:
            return super().form_valid(form)
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return redirect(self.get_success_url())


class FundYearViewSet(MoneyFormMixin, ModelViewSet):
    model = FundYear
    add_view_class = FundYearCreateView
    edit_view_class = FundYearEditView
    icon = "table"
    menu_label = _("Budget per jaar")
    url_prefix = "fonds/budget"
    list_display = ["year", EuroColumn("budget", label=_("Budget"))]
    form_fields = ["year", "budget", "note"]
    inspect_view_enabled = True
    inspect_view_class = ReadableInspectView


class WijkBudgetViewSet(MoneyFormMixin, ModelViewSet):
    model = WijkBudget
    add_view_class = WijkBudgetCreateView
    edit_view_class = WijkBudgetEditView
    delete_view_class = WijkBudgetDeleteView
    icon = "site"
    menu_label = _("Budget per wijk")
    url_prefix = "fonds/wijkbudget"
    list_display = ["fund_year", "wijk", EuroColumn("amount", label=_("Bedrag"))]
    list_filter = ["fund_year"]
    form_fields = ["fund_year", "wijk", "amount"]


class LetterTemplateForm(WagtailAdminModelForm):
    """The subject becomes the subject of an e-mail: one line."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("subject", "subject_en"):
            if name in self.fields:
                single_line(self.fields[name])


class LetterTemplateViewSet(ModelViewSet):
    """The texts of the letters; the kinds are fixed, so there is nothing to add or delete."""

    model = LetterTemplate
    name = "fonds_lettertemplate"
    icon = "mail"
    menu_label = _("Briefsjablonen")
    url_prefix = "fonds/brieven"
    list_display = ["kind", "subject"]
    edit_handler = ObjectList(
        [
            FieldPanel("subject"),
            FieldPanel(
                "body",
                help_text=format_lazy(
                    _(
                        "Gegevens van de aanvraag vult u in met: {names}. Aanhef en ondertekening "
                        "komen er vanzelf bij."
                    ),
                    names=", ".join("{" + name + "}" for name in PLACEHOLDERS),
                ),
            ),
            FieldPanel("subject_en"),
            FieldPanel("body_en"),
        ],
        base_form_class=LetterTemplateForm,
    )

    @property
    def permission_policy(self):
        return ChangeOnlyPermissionPolicy(self.model)


class FundGroup(ModelViewSetGroup):
    menu_label = _("Leefbaarheidsfonds")
    menu_icon = "form"
    menu_order = 210
    items = (ApplicationViewSet, FundYearViewSet, WijkBudgetViewSet, LetterTemplateViewSet)


# The menu in the order of the work: applications, then paying them out, the reports
# after the activity and the overview of the money; the year's budgets and the letters'
# texts last. The payout, report and money pages live in their own modules (which import
# this one).
from .bank_views import BankStatementViewSet, PaymentBatchViewSet  # noqa: E402
from .money_views import MoneyViewSet  # noqa: E402
from .payout_admin import PayoutViewSet  # noqa: E402
from .report_admin import ReportViewSet  # noqa: E402

FundGroup.items = (
    ApplicationViewSet,
    PayoutViewSet,
    PaymentBatchViewSet,
    BankStatementViewSet,
    ReportViewSet,
    MoneyViewSet,
    FundYearViewSet,
    WijkBudgetViewSet,
    LetterTemplateViewSet,
)
