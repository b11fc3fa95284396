from django.urls import path

from koers.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.new, name="new"),
    path("volgende/", views.prepare, name="prepare"),
    path("kalender/", views.plan_year, name="plan_year"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/weergave/", views.view, name="view"),
    path("<int:pk>/bestand/<str:fmt>/", views.download, name="download"),
    path("<int:pk>/toelichting/<str:code>/", views.explain, name="explain"),
    path("<int:pk>/kernboodschap/", views.key_message, name="key_message"),
    path("<int:pk>/toelichtingen/", views.explain_all, name="explain_all"),
    path("<int:pk>/publiceren/", views.publish_view, name="publish"),
    path("actueel/<str:scope>/<int:pk>/<str:fmt>/", views.live, name="live"),
]
