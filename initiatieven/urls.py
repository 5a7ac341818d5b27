from django.urls import path

from . import views

app_name = "initiatieven"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("nieuw/", views.propose, name="propose"),
    path("vergelijkbaar/", views.similar, name="similar"),
    path("uitnodiging/<str:token>/", views.invite_accept, name="invite_accept"),
    path("reactie/<int:pk>/melden/", views.report, name="report"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bewerken/", views.edit, name="edit"),
    path("<int:pk>/actie/<slug:name>/", views.transition, name="transition"),
    path("<int:pk>/steunen/", views.support, name="support"),
    path("<int:pk>/reageren/", views.comment, name="comment"),
    path("<int:pk>/voortgang/", views.progress_update, name="update"),
    path("<int:pk>/uitnodigen/", views.invite, name="invite"),
    path("<int:pk>/foto/<int:photo_pk>/verwijderen/", views.photo_delete, name="photo_delete"),
]
