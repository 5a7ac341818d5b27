"""Staff management of resident groups in the Wagtail admin: start a group, change it,
assign its HWZ moderators (through participatie.services, with history); memberships and
meetings to read. Each person sees only the groups in the wijken their role reaches."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSetGroup

from portal.models import User
from portal.roles import HWZ_MODERATOR
from portal.viewsets import ReadOnlyPermissionPolicy, WijkScopedViewSet

from . import services
from .models import (
    Meeting,
    Membership,
    MembershipRole,
    MembershipStatus,
    ResidentGroup,
)


class GroupAdminForm(WagtailAdminModelForm):
    moderators = forms.ModelMultipleChoiceField(
        label=_("HWZ-moderatoren"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Zij keuren aanmeldingen goed, plannen bijeenkomsten en sturen berichten aan de "
            "leden, op hun eigen pagina's onder /moderator/."
        ),
    )

    class Meta:
        model = ResidentGroup
        fields = [
            "name",
            "slug",
            "kind",
            "wijk",
            "complex",
            "description",
            "meets_when",
            "open_membership",
            "meetings_public",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moderators"].queryset = User.objects.filter(
            groups__name=HWZ_MODERATOR, is_active=True
        ).order_by("first_name", "last_name", "pk")
        if self.for_user is not None:
            from portal.permissions import wijken_in_reach

            self.fields["wijk"].queryset = wijken_in_reach(self.for_user).order_by("name")
        if self.instance.pk:
            self.fields["moderators"].initial = list(
                self.instance.memberships.filter(
                    status=MembershipStatus.ACTIVE, role=MembershipRole.MODERATOR
                ).values_list("user", flat=True)
            )


class _SavesThroughServices:
    def save_instance(self):
        group = self.form.save(commit=False)
        try:
            services.group_save(group=group, user=self.request.user)
            services.set_moderators(
                group=group,
                moderators=list(self.form.cleaned_data.get("moderators") or []),
                user=self.request.user,
            )
        except (ValidationError, PermissionDenied) as exc:
            raise PermissionDenied(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        return group


class GroupCreateView(_SavesThroughServices, CreateView):
    pass


class GroupEditView(_SavesThroughServices, EditView):
    pass


class GroupViewSet(WijkScopedViewSet):
    model = ResidentGroup
    name = "participatie_group"
    url_prefix = "participatie/groepen"
    icon = "group"
    menu_label = _("Bewonersgroepen")
    list_display = ["name", "kind", "wijk", "active"]
    list_filter = ["wijk", "kind", "active"]
    search_fields = ["name", "description"]
    form_fields = GroupAdminForm.Meta.fields
    add_view_class = GroupCreateView
    edit_view_class = GroupEditView
    my_wijken_by_default = True

    def get_form_class(self, for_update=False):
        return GroupAdminForm

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("wijk")


class MembershipViewSet(WijkScopedViewSet):
    model = Membership
    name = "participatie_membership"
    url_prefix = "participatie/lidmaatschappen"
    icon = "user"
    menu_label = _("Lidmaatschappen")
    wijk_lookup = "group__wijk"
    list_display = ["user", "group", "status", "role", "requested_at"]
    list_filter = ["status", "role", "group"]
    form_fields = ["status"]  # never offered: the policy refuses add and change
    inspect_view_enabled = True
    inspect_view_fields = [
        "group",
        "status",
        "role",
        "requested_at",
        "decided_at",
        "decided_by",
        "decline_reason",
        "ended_at",
    ]

    @property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(self.model)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "group")


class MeetingViewSet(WijkScopedViewSet):
    model = Meeting
    name = "participatie_meeting"
    url_prefix = "participatie/bijeenkomsten"
    icon = "date"
    menu_label = _("Bijeenkomsten")
    wijk_lookup = "group__wijk"
    list_display = ["title", "group", "starts_at", "status", "going_count", "capacity"]
    list_filter = ["status", "group"]
    search_fields = ["title"]
    form_fields = ["title"]  # never offered: the policy refuses add and change
    inspect_view_enabled = True
    inspect_view_fields = [
        "group",
        "title",
        "starts_at",
        "ends_at",
        "place",
        "online_url",
        "agenda",
        "capacity",
        "going_count",
        "status",
        "cancel_reason",
        "minutes_published_at",
    ]

    @property
    def permission_policy(self):
        return ReadOnlyPermissionPolicy(self.model)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("group")


class GroupsGroup(ModelViewSetGroup):
    menu_label = _("Samen wonen")
    menu_icon = "group"
    menu_order = 220
    items = (GroupViewSet, MembershipViewSet, MeetingViewSet)
