"""Wagtail admin viewsets: the moderation queue of initiatives and the reported comments,
each limited to the wijken of the moderator."""

from django.db.models import Count, F, Q
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSetGroup

from portal.viewsets import ReadOnlyPermissionPolicy, WijkScopedViewSet

from . import admin_views
from .models import Comment, Initiative


class InitiativeViewSet(WijkScopedViewSet):
    model = Initiative
    name = "initiatieven_initiative"
    url_prefix = "initiatieven/initiatieven"
    icon = "group"
    menu_label = _("Initiatieven")
    list_display = ["title", "wijk", "status", "submitted_at", "support_count"]
    list_filter = ["status", "wijk", "pillar"]
    search_fields = ["title", "description"]
    form_fields = ["title", "description", "needs", "estimated_cost", "wijk", "complex", "pillar"]
    inspect_view_enabled = True
    inspect_view_class = admin_views.InitiativeInspectView
    my_wijken_by_default = True  # starts on the person's werkgebied; "Alle wijken tonen"

    @property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(self.model)

    def get_queryset(self, request):
        return (
            self.scoped_queryset(request)
            .select_related("wijk")
            .order_by(F("submitted_at").desc(nulls_last=True), "-pk")
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
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


class InitiativesGroup(ModelViewSetGroup):
    menu_label = _("Initiatieven")
    menu_icon = "group"
    menu_order = 200
    items = (InitiativeViewSet, ReportedCommentViewSet)
