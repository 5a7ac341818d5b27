from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from cms.sitemaps import TranslatedSitemap

from . import my_data_views, my_views, views
from .page_cache import cache_public

# Outside the language prefix: the admin, machine-read files, health and documents.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Staff sign in through allauth too (with two-factor authentication), not Wagtail's form.
    path("admin/login/", views.admin_login_redirect, name="wagtailadmin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "sitemap.xml",
        cache_public(sitemap, query=("p",)),
        {"sitemaps": {"wagtail": TranslatedSitemap}},
        name="sitemap",
    ),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# What residents and visitors read: Dutch at /…, English at /en/…. The language lives in
# the address only (no cookie, no form), so a public page is the same for everyone who
# opens that address.
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("zoeken/", cms_views.search, name="search"),
    path("mijn/", my_views.overview, name="my_overview"),
    path("mijn/berichten/", my_views.notification_list, name="my_notifications"),
    path("mijn/berichten/gelezen/", my_views.notifications_mark_read, name="my_notifications_read"),
    path("mijn/berichten/<int:pk>/", my_views.notification_open, name="my_notification_open"),
    path("mijn/voorkeuren/", my_views.preferences, name="my_preferences"),
    path("mijn/profiel/", my_data_views.profile, name="my_profile"),
    path("mijn/gegevens/download/", my_data_views.data_download, name="my_data_download"),
    path("mijn/account-verwijderen/", my_data_views.erase, name="my_erase"),
    path(
        "mijn/maatregelen/<int:pk>/bezwaar/",
        my_views.measure_objection,
        name="my_measure_objection",
    ),
    path("initiatieven/", include("initiatieven.urls")),
    path("", include("fonds.urls")),
    path("", include("signalen.urls")),
    path("", include("participatie.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
