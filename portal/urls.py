from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views

from . import my_views, views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Staff sign in through allauth too (with two-factor authentication), not Wagtail's form.
    path("admin/login/", views.admin_login_redirect, name="wagtailadmin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
    path("zoeken/", cms_views.search, name="search"),
    path("mijn/", my_views.overview, name="my_overview"),
    path("mijn/berichten/", my_views.notification_list, name="my_notifications"),
    path("mijn/berichten/gelezen/", my_views.notifications_mark_read, name="my_notifications_read"),
    path("mijn/berichten/<int:pk>/", my_views.notification_open, name="my_notification_open"),
    path("mijn/voorkeuren/", my_views.preferences, name="my_preferences"),
    path(
        "mijn/maatregelen/<int:pk>/bezwaar/",
        my_views.measure_objection,
        name="my_measure_objection",
    ),
    path("initiatieven/", include("initiatieven.urls")),
    path("", include("fonds.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
