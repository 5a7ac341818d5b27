from django import template
from wagtail.models import Site

from portal.sections import nav_items

register = template.Library()


def localized_root(site):
    """The site's home page in the language of the URL (one query, none in Dutch)."""
    from django.conf import settings
    from django.utils import translation
    from wagtail.models import Page

    root = site.root_page
    language = translation.get_language()
    if not language or language == settings.LANGUAGE_CODE:
        return root
    translated = Page.objects.filter(
        translation_key=root.translation_key, locale__language_code=language, live=True
    ).first()
    return translated or root


@register.inclusion_tag("cms/includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The site's top-level menu pages, with the current section marked."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site:
        root = localized_root(site)
        items = list(root.get_children().live().in_menu())
        current = getattr(context.get("page"), "url_path", request.path if request else "")
        for item in items:
            item.is_current = bool(current) and current.startswith(item.url_path)
    path = request.path if request else ""
    app_items = [
        {"title": label, "url": url, "is_current": path.startswith(url)}
        for label, url, _order in nav_items()
    ]
    return {"items": items, "app_items": app_items, "request": request}
