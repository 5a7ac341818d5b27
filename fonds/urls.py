from django.urls import path

from . import cofunding_views, views

app_name = "fonds"

urlpatterns = [
    path("fonds/aanvragen/nieuw/", views.apply, name="apply"),
    path("fonds/aanvragen/<int:pk>/bewerken/", views.edit, name="edit"),
    path("fonds/advies/", views.advice_list, name="advice_list"),
    path("fonds/advies/<int:pk>/", views.advice, name="advice"),
    path("fonds/advies/<int:pk>/terugtrekken/", views.advice_conflict, name="advice_conflict"),
    path("mijn/aanvragen/", views.mine, name="mine"),
    path("mijn/aanvragen/<int:pk>/", views.mine_detail, name="mine_detail"),
    path("mijn/aanvragen/<int:pk>/antwoord/", views.answer, name="answer"),
    path("mijn/aanvragen/<int:pk>/brief/<int:letter_pk>/", views.letter_pdf, name="letter_pdf"),
    path("mijn/aanvragen/<int:pk>/intrekken/", views.withdraw, name="withdraw"),
    # accountability reports (w5-report)
    path("mijn/aanvragen/<int:pk>/verantwoording/", views.report, name="report"),
    path(
        "mijn/aanvragen/<int:pk>/verantwoording/niet-doorgegaan/",
        views.report_not_happened,
        name="report_not_happened",
    ),
    path(
        "mijn/aanvragen/<int:pk>/verantwoording/bestand/<int:file_pk>/",
        views.report_file,
        name="report_file",
    ),
    # Co-funding through Stripe (issue 14, w5-cofund).
    path("initiatieven/<int:pk>/meebetalen/", cofunding_views.contribute, name="contribute"),
    path(
        "initiatieven/<int:pk>/meebetalen/<str:token>/",
        cofunding_views.pay,
        name="contribute_pay",
    ),
    path(
        "initiatieven/<int:pk>/meebetalen/<str:token>/klaar/",
        cofunding_views.done,
        name="contribute_done",
    ),
    path("stripe/webhook/", cofunding_views.webhook, name="stripe_webhook"),
]
