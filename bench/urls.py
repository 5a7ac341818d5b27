"""The load suite's URLconf: the site's own (portal.urls) and the floor pages the real
pages are measured against. Only bench.settings (and bench/profile_pages.py) use it;
portal.urls has no floor."""

from functools import cache

from django.http import HttpResponse
from django.template import engines
from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.views import serve

from portal.urls import urlpatterns as site_urlpatterns

FLOOR_SLUG = "bench-floor"


def floor_django(request):
    """A bare Django view: the cost of the middleware and a response, nothing else."""
    return HttpResponse("Fijne Wijk: bare Django view\n", content_type="text/plain")


def floor_wagtail(request):
    """A bare Wagtail page (bench.floor.FloorPage), served the way Wagtail serves every
    page: site lookup, routing from the site's root, the serve hooks, its template."""
    return serve(request, f"{FLOOR_SLUG}/")


@cache
def _admin_floor_template():
    return engines["django"].from_string(
        '{% extends "wagtailadmin/base.html" %}'
        "{% block titletag %}Vloer{% endblock %}"
        "{% block content %}<p>Fijne Wijk: bare Wagtail admin view</p>{% endblock %}"
    )


@require_admin_access
def floor_admin(request):
    """A bare Wagtail admin view: an empty page that extends wagtailadmin/base.html, under
    /admin/ (so the admin's own middleware, its access check and its chrome: the sidebar,
    the menus, the scripts and styles), for a signed-in member of staff. What every admin
    page costs before it shows anything of its own."""
    return HttpResponse(_admin_floor_template().render({}, request))


urlpatterns = [
    path("_floor/django/", floor_django, name="floor_django"),
    path("_floor/wagtail/", floor_wagtail, name="floor_wagtail"),
    # Before the site's own admin/ patterns, so it is found first.
    path("admin/_floor/", floor_admin, name="floor_admin"),
    # Appended, not include()d: the site's patterns use i18n_patterns, which Django
    # allows only in the root URLconf.
    *site_urlpatterns,
]
