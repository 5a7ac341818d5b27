"""The load suite's URLconf: the site's own (portal.urls) and the two floor pages the real
pages are measured against. Only bench.settings uses it; portal.urls has no floor."""

from django.http import HttpResponse
from django.urls import path
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


urlpatterns = [
    path("_floor/django/", floor_django, name="floor_django"),
    path("_floor/wagtail/", floor_wagtail, name="floor_wagtail"),
    # Appended, not include()d: the site's patterns use i18n_patterns, which Django
    # allows only in the root URLconf.
    *site_urlpatterns,
]
