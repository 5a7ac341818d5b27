"""Wagtail admin viewsets: the moderation queue of initiatives and the reported comments,
each limited to the wijken of the moderator."""

from functools import wraps

import django_filters
from django.db.models import Count, F, Q
from django.http import Http404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies import ModelPermissionPolicy

from portal.viewsets import ReadOnlyPermissionPolicy, RequestQuerysetIndexView, WijkScopedViewSet

from . import admin_views
from .models import PRIVATE_CONCEPT, Comment, ConceptReadLog, Initiative, Status
from .permissions import can_inspect_private_concept


class InitiativeFilterSet(WagtailFilterSet):
    """The status filter does not offer concept: concepts are never listed here."""

    status = django_filters.ChoiceFilter(
        label=_("status"),
        choices=[(value, label) for value, label in Status.choices if value != Status.CONCEPT],
    )

    class Meta:
        model = Initiative
        fields = ["status", "wijk", "pillar"]


def _moderation_clock(request):
    """Today, one working-day calendar and the moderation term (the acknowledgement
    term of the response-terms setting), read once per page and kept on the request."""
    clock = getattr(request, "_moderation_clock", None)
    if clock is None:
        from portal.workdays import WorkingCalendar, response_terms

        today = timezone.localdate()
        clock = (today, WorkingCalendar.around(today, days=120), response_terms())
        if request is not None:
            request._moderation_clock = clock
    return clock


class ModerationAgeColumn(Column):
    """How long ago the initiative was submitted, in days."""

    cell_template_name = "initiatieven/admin/age_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        today = _moderation_clock(parent_context.get("request"))[0]
        submitted = instance.submitted_at
        context["age"] = (today - timezone.localtime(submitted).date()).days if submitted else None
        return context


class ModerationTermColumn(Column):
    """Working days left to moderate a submitted initiative (the acknowledgement term,
    counted from submission), with the same badge as the fund queue. One calendar and
    one read of the setting serve the whole page."""

    cell_template_name = "fonds/admin/term_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        from portal.workdays import add_working_days

        context = super().get_cell_context_data(instance, parent_context)
        today, calendar, terms = _moderation_clock(parent_context.get("request"))
        left = due = None
        if instance.status == Status.INGEDIEND and instance.submitted_at:
            days = terms.acknowledgement_days
            try:
                due = calendar.add(instance.submitted_at, days)
            except ValueError:  # submitted before the calendar's span: long ago
                due = add_working_days(instance.submitted_at, days)
            left = calendar.days_left(due, today)
        context.update(
            {"paused": False, "left": left, "due": due, "late": -left if left is not None else 0}
        )
        return context


class InitiativeIndexView(RequestQuerysetIndexView):
    """The moderation queue. The title links to the initiative's page, the one thing a
    row's "more" menu offered (moderation happens there): no dropdown per row keeps
    the table light to send and to render."""

    def get_list_more_buttons(self, instance):
        return []


class InitiativeViewSet(WijkScopedViewSet):
    model = Initiative
    name = "initiatieven_initiative"
    url_prefix = "initiatieven/initiatieven"
    icon = "group"
    menu_label = _("Initiatieven")
    list_display = [
        "title",
        "wijk",
        "status",
        "submitted_at",
        ModerationAgeColumn("age", label=_("Wacht sinds")),
        ModerationTermColumn("term", label=_("Termijn")),
        "support_count",
    ]
    filterset_class = InitiativeFilterSet
    search_fields = ["title", "description"]
    form_fields = ["title", "description", "needs", "estimated_cost", "wijk", "complex", "pillar"]
    inspect_view_enabled = True
    inspect_view_class = admin_views.InitiativeInspectView
    index_view_class = InitiativeIndexView
    my_wijken_by_default = True  # starts on the person's werkgebied; "Alle wijken tonen"

    @property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(self.model)

    def scoped_queryset(self, request):
        """The wijken of the person's role, never a private concept (for no role)."""
        return super().scoped_queryset(request).submitted()

    def get_queryset(self, request):
        return (
            self.scoped_queryset(request)
            .select_related("wijk")
            .order_by(F("submitted_at").desc(nulls_last=True), "-pk")
        )

    def _inspect_scoped(self, view):
        """Like _scoped, and an administrator may also open a private concept (the inspect
        view logs each such read)."""

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            pk = kwargs.get("pk")
            if not self.scoped_queryset(request).filter(pk=pk).exists() and not (
                can_inspect_private_concept(request.user)
                and Initiative.objects.filter(PRIVATE_CONCEPT, pk=pk).exists()
            ):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns()
        for pattern in patterns:
            if getattr(pattern, "name", None) == "inspect":
                pattern.callback = self._inspect_scoped(pattern.callback.__wrapped__)
        return [
            *patterns,
            path(
                "moderate/<int:pk>/<slug:name>/",
                self._scoped(admin_views.moderate),
                name="moderate",
            ),
        ]


class ReportedCommentViewSet(WijkScopedViewSet):
    model = Comment
    name = "initiatieven_comment"
    url_prefix = "initiatieven/reacties"
    wijk_lookup = "initiative__wijk"
    icon = "warning"
    menu_label = _("Gemelde reacties")
    list_display = [
        "__str__",
        "initiative",
        "author",
        Column("open_reports", label=_("Open meldingen")),
        "created_at",
    ]
    form_fields = ["body"]
    inspect_view_enabled = True
    inspect_view_class = admin_views.CommentInspectView

    @property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(self.model)

    def get_queryset(self, request):
        return (
            self.scoped_queryset(request)
            .filter(reports__isnull=False)
            .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at=None)))
            .select_related("initiative", "author")
            .order_by("-open_reports", "-created_at")
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "action/<int:pk>/<slug:name>/",
                self._scoped(admin_views.comment_action),
                name="action",
            ),
        ]


class SuperuserOnlyPolicy(ModelPermissionPolicy):
    """Read by administrators only; nobody adds, changes or deletes."""

    def user_has_permission(self, user, action):
        return action in ("view", "inspect") and user.is_active and user.is_superuser


class ConceptReadLogViewSet(ModelViewSet):
    """Every read of a private concept by an administrator, for administrators."""

    model = ConceptReadLog
    name = "initiatieven_concept_reads"
    url_prefix = "initiatieven/inzage-concepten"
    icon = "view"
    menu_label = _("Inzage in concepten")
    list_display = ["read_at", "user", "initiative", "view"]
    form_fields = ["view"]

    @property
    def permission_policy(self):
        return SuperuserOnlyPolicy(self.model)


class InitiativesGroup(ModelViewSetGroup):
    menu_label = _("Initiatieven")
    menu_icon = "group"
    menu_order = 200
    items = (InitiativeViewSet, ReportedCommentViewSet, ConceptReadLogViewSet)
