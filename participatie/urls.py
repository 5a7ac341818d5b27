from django.urls import path

from . import views

app_name = "participatie"

urlpatterns = [
    path("bewonersgroepen/", views.overview, name="overview"),
    path("bewonersgroepen/bijeenkomst/<int:pk>/", views.meeting_detail, name="meeting"),
    path("bewonersgroepen/bijeenkomst/<int:pk>/agenda.ics", views.meeting_ics, name="meeting_ics"),
    path("bewonersgroepen/bijeenkomst/<int:pk>/aanmelden/", views.rsvp, name="rsvp"),
    path("bewonersgroepen/bijeenkomst/<int:pk>/afmelden/", views.cancel_rsvp, name="cancel_rsvp"),
    path("bewonersgroepen/<slug:slug>/", views.group_detail, name="group"),
    path("bewonersgroepen/<slug:slug>/agenda.ics", views.group_feed, name="group_feed"),
    path("bewonersgroepen/<slug:slug>/aanmelden/", views.join, name="join"),
    path("bewonersgroepen/<slug:slug>/opzeggen/", views.leave, name="leave"),
    path("bewonersgroepen/<slug:slug>/naam/", views.name_consent, name="name_consent"),
    path("moderator/", views.moderator_home, name="moderator"),
    path("moderator/groep/<int:pk>/", views.moderator_group, name="moderator_group"),
    path(
        "moderator/groep/<int:pk>/bijeenkomst/nieuw/",
        views.moderator_meeting_new,
        name="moderator_meeting_new",
    ),
    path("moderator/groep/<int:pk>/bericht/", views.moderator_announce, name="moderator_announce"),
    path(
        "moderator/aanmelding/<int:pk>/afwijzen/",
        views.moderator_decline,
        name="moderator_decline",
    ),
    path(
        "moderator/bijeenkomst/<int:pk>/annuleren/",
        views.moderator_meeting_cancel,
        name="moderator_meeting_cancel",
    ),
    path(
        "moderator/bijeenkomst/<int:pk>/verslag/",
        views.moderator_minutes,
        name="moderator_minutes",
    ),
]
