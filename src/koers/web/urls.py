from django.urls import path

from koers.web import views

app_name = "web"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("thema/<str:chapter>/", views.theme, name="theme"),
    path("opgave/<str:code>/", views.task, name="task"),
    path("indicator/<str:code>/", views.indicator, name="indicator"),
    path("programma/<int:pk>/", views.programme, name="programme"),
    path("zoeken/", views.search, name="search"),
]
