"""Wagtail's keyboard shortcuts dialog, rendered once per process for each way it can look.

Every admin page carries the dialog that lists the keyboard shortcuts: some twenty rows
through a template with a dialog, help blocks and icons, about a tenth of a small admin
page. What it shows depends only on the language, whether the person switched shortcuts
off (their profile, read by the request already), whether the browser runs on a Mac (the
key labels), and whether comments are on: the dialog is rendered by Wagtail's own tag and
template the first time, and kept in this process under those four (nothing of the
database, nothing of one person beyond that switch; a deploy starts new processes).
"""

from __future__ import annotations

import re

from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

TEMPLATE = "wagtailadmin/shared/keyboard_shortcuts_dialog.html"
_kept: dict[tuple, str] = {}


def dialog_key(request) -> tuple:
    from wagtail.admin.templatetags.wagtailadmin_tags import get_comments_enabled

    enabled = True
    user = getattr(request, "user", None) if request is not None else None
    profile = getattr(user, "wagtail_userprofile", None) if user is not None else None
    if profile is not None:
        enabled = bool(getattr(profile, "keyboard_shortcuts", True))
    user_agent = request.headers.get("User-Agent", "") if request is not None else ""
    is_mac = bool(re.search(r"Mac|iPod|iPhone|iPad", user_agent))
    return (get_language(), enabled, is_mac, bool(get_comments_enabled()))


def install() -> None:
    """Put the kept dialog in place of Wagtail's `{% keyboard_shortcuts_dialog %}` tag
    (before any admin template is compiled: PortalConfig.ready)."""
    from wagtail.admin.templatetags import wagtailadmin_tags

    wagtail_dialog = wagtailadmin_tags.keyboard_shortcuts_dialog  # returns its context

    def keyboard_shortcuts_dialog(context):
        key = dialog_key(context.get("request"))
        html = _kept.get(key)
        if html is None:
            html = _kept[key] = get_template(TEMPLATE).render(wagtail_dialog(context))
        return mark_safe(html)  # noqa: S308 - Wagtail's template output, kept as is

    wagtailadmin_tags.register.simple_tag(
        keyboard_shortcuts_dialog, takes_context=True, name="keyboard_shortcuts_dialog"
    )
