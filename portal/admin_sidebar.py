"""Wagtail's admin sidebar, kept for a short time per person.

Every admin page serialises the sidebar (the main menu, the search area, the account
menu): each menu item asks the person's permissions whether it is shown, and telepath
packs the lot into JSON, about 5 ms a page. The result depends only on who the person is
(their name, e-mail and avatar), their role (groups, werkgebied, permissions: the role
facts the request already read, portal.permissions), the language and the
page/collection permissions of groups; the menu item that is active is marked by the
browser from the URL, so one page's sidebar serves every page.

The kept sidebar sits in the Django cache under a key made of all of that, for
ADMIN_SIDEBAR_CACHE_SECONDS (0: not kept). A change of a person's role gives a new key at
their next request; a change of a group's page or collection permissions, of a group, a
site or a user profile (avatar, dismissed hints) renews a version that is part of every
key. What else a menu may depend on (the page tree under a person's explorable root)
shows up within the short time.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .permissions import role_facts

VERSION_KEY = "admin-sidebar:version"


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def renew(**kwargs) -> None:
    """Every kept sidebar is out of date (connected to the signals in PortalConfig)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def sidebar_key(user) -> str:
    facts = role_facts(user)
    who = repr(
        (
            user.get_username(),
            getattr(user, "first_name", ""),
            getattr(user, "email", ""),
            user.is_superuser,
            user.is_staff,
            user.is_active,
            sorted(facts.groups),
            sorted(facts.werkgebied),
            sorted(facts.own_permissions),
            sorted(facts.group_permissions),
            facts.totp_active,
        )
    )
    digest = hashlib.sha256(who.encode()).hexdigest()[:32]
    return f"admin-sidebar:{_version()}:{user.pk}:{get_language()}:{digest}"


def install() -> None:
    """Put the kept sidebar in place of Wagtail's `{% sidebar_props %}` tag (before any
    admin template is compiled: PortalConfig.ready)."""
    from wagtail.admin.templatetags import wagtailadmin_tags

    wagtail_sidebar_props = wagtailadmin_tags.sidebar_props

    def sidebar_props(context):
        seconds = getattr(settings, "ADMIN_SIDEBAR_CACHE_SECONDS", 0)
        user = getattr(context.get("request"), "user", None)
        if not seconds or user is None or not user.is_authenticated:
            return wagtail_sidebar_props(context)
        key = sidebar_key(user)
        props = cache.get(key)
        if props is None:
            props = wagtail_sidebar_props(context)
            cache.set(key, str(props), seconds)
        return mark_safe(props)  # noqa: S308 - Wagtail's json_script output, kept as is

    wagtailadmin_tags.register.simple_tag(sidebar_props, takes_context=True)
