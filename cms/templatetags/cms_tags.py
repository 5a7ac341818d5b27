import hashlib

from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Site

from portal.sections import nav_items

register = template.Library()


def localized_root(site):
    """The site's home page in the language of the URL (one query, none in Dutch)."""
    from wagtail.models import Page

    root = site.root_page
    language = translation.get_language()
    if not language or language == settings.LANGUAGE_CODE:
        return root
    translated = Page.objects.filter(
        translation_key=root.translation_key, locale__language_code=language, live=True
    ).first()
    return translated or root


MAIN_NAV_KEY = "main-nav:{host}:{language}"


def _menu_pages(request) -> list[tuple[str, str, str]]:
    """The site's top-level menu pages in the active language, as (title, url, url_path):
    read from the page tree (the site lookup and one or two queries)."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    root = localized_root(site)
    return [
        (page.title, page.get_url(request) or "", page.url_path)
        for page in root.get_children().live().in_menu()
    ]


def menu_pages(request) -> list[tuple[str, str, str]]:
    """The menu pages, kept in the cache per host and language under the page cache's
    generation (portal.page_cache), which every publish, unpublish, move or deletion of a
    page, and every change of a site or a view restriction, replaces: a kept menu is only
    used under the generation it was read under, so it is never older than the pages.
    One cache round trip instead of the site lookup and the page queries on every page."""
    from portal import page_cache

    host = hashlib.sha256(request.get_host().encode()).hexdigest()[:16]
    key = MAIN_NAV_KEY.format(host=host, language=translation.get_language() or "")
    return page_cache.kept_value(key, lambda: _menu_pages(request))


@register.inclusion_tag("cms/includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The site's top-level menu pages, with the current section marked."""
    request = context.get("request")
    items = []
    if request is not None:
        current = getattr(context.get("page"), "url_path", request.path)
        items = [
            {"title": title, "url": url, "is_current": bool(current) and current.startswith(path)}
            for title, url, path in menu_pages(request)
        ]
    path = request.path if request else ""
    app_items = [
        {"title": label, "url": url, "is_current": path.startswith(url)}
        for label, url, _order in nav_items()
    ]
    return {"items": items, "app_items": app_items, "request": request}
