"""Parts of every admin page that are the same for everyone, made once per process: Wagtail's
keyboard shortcuts dialog for each way it can look, the fixed parts of the admin's
configuration for its scripts, and the addresses of the admin's static files.

Every admin page carries the dialog that lists the keyboard shortcuts: some twenty rows
through a template with a dialog, help blocks and icons, about a tenth of a small admin
page. What it shows depends only on the language, whether the person switched shortcuts
off (their profile, read by the request already), whether the browser runs on a Mac (the
key labels), and whether comments are on: the dialog is rendered by Wagtail's own tag and
template the first time, and kept in this process under those four (nothing of the
database, nothing of one person beyond that switch; a deploy starts new processes).

The configuration (`{% wagtail_config %}`, read by the admin's scripts on every page) holds
the admin's API and page addresses and some fifty translated strings for the scripts:
these depend only on the language and the URL prefix, and are made once per process for
each; the CSRF token, the locales (a query, as in Wagtail), the active content locale and
the person's shortcuts switch are put in at each request. The static files' addresses
(`{% versioned_static %}`, some fifteen per page) depend only on the file and the static
files' setting, fixed for a process (kept per STATIC_URL; a changed storage setting
empties them).
"""

from __future__ import annotations

import re

from django.template.loader import get_template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .fragment_cache import forget_in_process, in_process

TEMPLATE = "wagtailadmin/shared/keyboard_shortcuts_dialog.html"


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


def fixed_config() -> dict:
    """The parts of Wagtail's admin configuration that are the same for every request in
    this language under this URL prefix (wagtailadmin_tags.wagtail_config)."""
    from django.urls import get_script_prefix, get_urlconf, reverse
    from wagtail.admin.localization import get_js_translation_strings
    from wagtail.admin.templatetags.wagtailadmin_tags import i18n_enabled

    def make() -> dict:
        return {
            "ADMIN_API": {
                "PAGES": reverse("wagtailadmin_api:pages:listing"),
                "DOCUMENTS": reverse("wagtailadmin_api:documents:listing"),
                "IMAGES": reverse("wagtailadmin_api:images:listing"),
                "EXTRA_CHILDREN_PARAMETERS": "",
            },
            "ADMIN_URLS": {
                "DISMISSIBLES": reverse("wagtailadmin_dismissibles"),
                "PAGES": reverse("wagtailadmin_explore_root"),
                "BLOCK_PREVIEW": reverse("wagtailadmin_block_preview"),
            },
            "I18N_ENABLED": i18n_enabled(),
            "STRINGS": get_js_translation_strings(),
        }

    return in_process(("admin-config", get_language(), get_script_prefix(), get_urlconf()), make)


# A view that reads kept parts from the cache anyway may put the locales beside them
# (locales_part below) on the request under this name: no query for them then.
KEPT_LOCALES = "_admin_locales"
LOCALES_SCOPE = "admin-locales"


def locales() -> list[dict]:
    """The locales as Wagtail's configuration lists them (one query)."""
    from django.utils.encoding import force_str
    from wagtail.models import Locale

    return [
        {"code": locale.language_code, "display_name": force_str(locale.get_display_name())}
        for locale in Locale.objects.all()
    ]


def locales_part():
    """The locales (locales()) as a part for portal.fragment_cache.fragments(): kept in
    the cache under a token that a saved or deleted locale replaces (connect_locales),
    per language (their names are translated)."""
    import json

    from . import fragment_cache

    code = fragment_cache.code_version(__file__)
    return (LOCALES_SCOPE, 0, get_language(), lambda: json.dumps(locales()), code)


def keep_locales(request, kept: str) -> None:
    """Put the locales read with locales_part() on the request for wagtail_config."""
    import json

    setattr(request, KEPT_LOCALES, json.loads(str(kept)))


def connect_locales() -> None:
    from wagtail.models import Locale

    from . import fragment_cache

    fragment_cache.connect(Locale, LOCALES_SCOPE, lambda locale: 0)


def wagtail_config(context) -> dict:
    """Wagtail's `{% wagtail_config %}` (the same keys, in the same order), with the parts
    that are the same for every request made once per process (fixed_config)."""
    from django.conf import settings
    from django.http.request import HttpHeaders
    from django.middleware.csrf import get_token

    request = context["request"]
    fixed = fixed_config()
    config = {
        "CSRF_TOKEN": get_token(request),
        "CSRF_HEADER_NAME": HttpHeaders.parse_header_name(settings.CSRF_HEADER_NAME),
        "ADMIN_API": dict(fixed["ADMIN_API"]),
        "ADMIN_URLS": dict(fixed["ADMIN_URLS"]),
        "I18N_ENABLED": fixed["I18N_ENABLED"],
        "LOCALES": getattr(request, KEPT_LOCALES, None) or locales(),
        "STRINGS": fixed["STRINGS"],
    }
    if locale := context.get("locale"):
        config["ACTIVE_CONTENT_LOCALE"] = locale.language_code
    user = getattr(request, "user", None)
    config["KEYBOARD_SHORTCUTS_ENABLED"] = (
        user.wagtail_userprofile.keyboard_shortcuts
        if hasattr(user, "wagtail_userprofile")
        else True
    )
    return config


def versioned_static(path: str) -> str:
    """Wagtail's `{% versioned_static %}`: the address of a static file with Wagtail's
    version, kept per process for each file and STATIC_URL."""
    from django.conf import settings
    from wagtail.admin.staticfiles import versioned_static as wagtail_versioned_static

    return in_process(
        ("admin-static", path, settings.STATIC_URL), lambda: wagtail_versioned_static(path)
    )


def _forget(*, setting, **_kwargs) -> None:
    if setting in {"STATIC_URL", "STORAGES", "STATICFILES_STORAGE", "ROOT_URLCONF"}:
        forget_in_process()


def install() -> None:
    """Put the kept dialog in place of Wagtail's `{% keyboard_shortcuts_dialog %}` tag,
    and the configuration and static addresses in place of `{% wagtail_config %}` and
    `{% versioned_static %}` (before any admin template is compiled: PortalConfig.ready)."""
    from django.core.signals import setting_changed
    from wagtail.admin.templatetags import wagtailadmin_tags

    wagtailadmin_tags.register.simple_tag(wagtail_config, takes_context=True, name="wagtail_config")
    wagtailadmin_tags.register.simple_tag(versioned_static, name="versioned_static")
    setting_changed.connect(_forget, dispatch_uid="portal-admin-chrome-settings")
    connect_locales()

    wagtail_dialog = wagtailadmin_tags.keyboard_shortcuts_dialog  # returns its context

    def keyboard_shortcuts_dialog(context):
        key = ("admin-shortcuts-dialog", *dialog_key(context.get("request")))
        html = in_process(key, lambda: get_template(TEMPLATE).render(wagtail_dialog(context)))
        return mark_safe(html)  # noqa: S308 - Wagtail's template output, kept as is

    wagtailadmin_tags.register.simple_tag(
        keyboard_shortcuts_dialog, takes_context=True, name="keyboard_shortcuts_dialog"
    )
