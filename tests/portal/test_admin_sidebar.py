"""The admin sidebar is kept per person for a short time (portal.admin_sidebar): the
kept one must never outlive a change of role, nor reach another person."""

import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from portal.admin_sidebar import sidebar_key
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

PROPS = re.compile(
    r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S
)


def sidebar(client) -> str:
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return PROPS.search(response.content.decode()).group(1)


def menu_names(client) -> set[str]:
    """The names of the menu items (and submenu items) in the sidebar the person got."""
    names = set()

    def walk(node):
        if isinstance(node, dict):
            kind = str(node.get("_type", ""))
            if kind.endswith("MenuItem") and isinstance(node["_args"][0], dict):
                name = node["_args"][0]["name"]
                names.add(name["_val"] if isinstance(name, dict) else name)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(sidebar(client)))
    return names


def signed_in(role, **kwargs):
    user = UserFactory(role=role, **kwargs)
    client = Client()
    client.force_login(user)
    return user, client


def test_the_sidebar_is_kept_and_served_from_the_cache(settings):
    settings.ADMIN_SIDEBAR_CACHE_SECONDS = 60
    user, client = signed_in("coordinator")
    shown = sidebar(client)
    user.refresh_from_db()
    assert shown in cache.get(sidebar_key(user))
    assert sidebar(client) == shown


def test_a_new_role_shows_in_the_menu_at_the_next_request(settings):
    settings.ADMIN_SIDEBAR_CACHE_SECONDS = 60
    user, client = signed_in("redacteur")
    assert "leefbaarheidsfonds" not in menu_names(client)
    user.groups.add(Group.objects.get(name="coordinator"))
    assert "leefbaarheidsfonds" in menu_names(client)
    user.groups.remove(Group.objects.get(name="coordinator"))
    assert "leefbaarheidsfonds" not in menu_names(client)


def test_a_permission_of_ones_own_shows_at_the_next_request(settings):
    settings.ADMIN_SIDEBAR_CACHE_SECONDS = 60
    user, client = signed_in("redacteur")
    assert "leefbaarheidsfonds" not in menu_names(client)
    user.user_permissions.add(Permission.objects.get(codename="view_application"))
    assert "leefbaarheidsfonds" in menu_names(client)


def test_page_permissions_of_a_group_show_at_the_next_request(settings):
    settings.ADMIN_SIDEBAR_CACHE_SECONDS = 60
    user, client = signed_in("coordinator")
    assert "explorer" not in menu_names(client)
    GroupPagePermission.objects.create(
        group=Group.objects.get(name="coordinator"),
        page=Page.objects.get(depth=1),
        permission=Permission.objects.get(codename="change_page"),
    )
    assert "explorer" in menu_names(client)


def test_two_people_with_different_roles_never_see_each_others_menu(settings):
    settings.ADMIN_SIDEBAR_CACHE_SECONDS = 60
    coordinator, coordinator_client = signed_in("coordinator", first_name="Corrie")
    editor, editor_client = signed_in("redacteur", first_name="Redmer")
    for _ in range(2):
        mine = sidebar(coordinator_client)
        theirs = sidebar(editor_client)
        assert "Corrie" in mine and "Redmer" not in mine
        assert "Redmer" in theirs and "Corrie" not in theirs
        assert "leefbaarheidsfonds" in menu_names(coordinator_client)
        assert "leefbaarheidsfonds" not in menu_names(editor_client)
