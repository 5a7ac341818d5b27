from django.urls import path

from . import views

app_name = "signalen"

urlpatterns = [
    path("melden/", views.melding_new, name="new"),
    path("melden/verstuurd/<str:reference>/", views.melding_sent, name="sent"),
    path("mijn/meldingen/", views.mine, name="mine"),
    path("mijn/meldingen/<str:reference>/", views.mine_detail, name="mine_detail"),
    path("meldingen/foto/<int:pk>/", views.photo, name="photo"),
    path("meldingen/foto/<int:pk>/groot/", views.photo, {"size": "full"}, name="photo_full"),
]
