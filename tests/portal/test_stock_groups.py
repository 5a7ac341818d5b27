"""Wagtail's stock groups and their default workflow are gone; only our roles are groups,
and a group an administrator makes later still needs two-factor authentication."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from portal.forms import PortalUserCreationForm
from portal.permissions import has_powers_beyond_resident, needs_two_factor
from portal.roles import ROLES

from .factories import UserFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("portal.migrations.0006_remove_stock_wagtail_groups")


def test_after_migrating_only_our_roles_are_groups():
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert set(Group.objects.values_list("name", flat=True)) == set(ROLES)
    assert not Workflow.objects.exists()
    assert not GroupApprovalTask.objects.exists()
    assert Page.get_first_root_node().get_workflow() is None


def test_the_user_form_offers_only_our_roles():
    form = PortalUserCreationForm()
    offered = {choice.instance.name for choice, _label in form.fields["groups"].choices}
    assert offered == set(ROLES)


def _stock_setup():
    """What Wagtail's own migrations make: the two groups with admin access and the
    default workflow whose one task only Moderators approve."""
    access = Permission.objects.get(codename="access_admin")
    editors = Group.objects.create(name="Editors")
    moderators = Group.objects.create(name="Moderators")
    editors.permissions.add(access)
    moderators.permissions.add(access)
    task = GroupApprovalTask.objects.create(
        name="Moderators approval",
        content_type=ContentType.objects.get_for_model(GroupApprovalTask),
    )
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=Page.get_first_root_node())
    return editors, moderators


def test_the_migration_removes_the_stock_groups_and_their_workflow():
    editors, _moderators = _stock_setup()
    member = UserFactory(two_factor=False)
    member.groups.add(editors)
    assert needs_two_factor(member)

    migration.remove_stock_groups(apps, None)

    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not Workflow.objects.exists()
    assert not GroupApprovalTask.objects.exists()
    assert Page.get_first_root_node().get_workflow() is None
    assert not member.groups.exists()
    assert not has_powers_beyond_resident(member)


def test_the_migration_keeps_a_task_an_administrator_gave_to_our_role():
    _editors, moderators = _stock_setup()
    task = GroupApprovalTask.objects.get()
    task.groups.add(Group.objects.get(name="redacteur"))

    migration.remove_stock_groups(apps, None)

    assert not Group.objects.filter(pk=moderators.pk).exists()
    assert list(GroupApprovalTask.objects.get().groups.values_list("name", flat=True)) == [
        "redacteur"
    ]
    assert Workflow.objects.get().active


def test_a_group_made_later_with_admin_access_needs_two_factor(client):
    group = Group.objects.create(name="Communicatie extern")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = UserFactory(two_factor=False)
    user.groups.add(group)
    client.force_login(user)

    for path in ("/admin/", "/admin/pages/", "/mijn/", "/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/2fa/totp/activate/?next=")


def test_the_migration_switches_off_a_workflow_pages_went_through():
    _stock_setup()
    author = UserFactory(role="redacteur")
    page = Page.get_first_root_node()
    page.save_revision(user=author)
    state = Workflow.objects.get().start(page, author)

    migration.remove_stock_groups(apps, None)

    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED
    workflow = Workflow.objects.get()
    assert not workflow.active
    assert not GroupApprovalTask.objects.get().active
    assert page.get_workflow() is None
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
