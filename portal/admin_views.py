"""Admin pages of the shared core: the history of a person's roles and werkgebied."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import BaseObjectMixin, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.users.views.users import EditView, HistoryView

from .selectors import user_role_history

ROLE_HISTORY_LABEL = _("Geschiedenis van rollen en werkgebied")


class UserRoleHistoryView(
    PermissionCheckedMixin, BaseObjectMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Who gave this person which role, werkgebied or access, and when. Administrators
    only: the same permission as editing users."""

    any_permission_required = ["add", "change", "delete"]
    template_name = "portal/admin/user_role_history.html"
    page_title = ROLE_HISTORY_LABEL
    header_icon = "history"
    index_url_name = None
    edit_url_name = None

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        items = [
            {"url": reverse(self.index_url_name), "label": _("Gebruikers")},
            {"url": reverse(self.edit_url_name, args=[self.object.pk]), "label": str(self.object)},
            {"url": "", "label": ROLE_HISTORY_LABEL, "sublabel": str(self.object)},
        ]
        return self.breadcrumbs_items + items

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                label=_("Bewerken"),
                url=reverse(self.edit_url_name, args=[self.object.pk]),
                icon_name="edit",
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"person": self.object, "changes": user_role_history(self.object)})
        return context


class PortalUserEditView(EditView):
    """Wagtail's user edit page, with a link to the history of roles and werkgebied."""

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            Button(
                ROLE_HISTORY_LABEL,
                url=reverse("wagtailusers_users:role_history", args=[self.object.pk]),
                icon_name="history",
                priority=40,
            ),
        ]


class PortalUserHistoryView(HistoryView):
    """Wagtail's history of a user (edits, sign-ins), linking to the role history."""

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                label=ROLE_HISTORY_LABEL,
                url=reverse("wagtailusers_users:role_history", args=[self.object.pk]),
                icon_name="history",
            ),
        ]
