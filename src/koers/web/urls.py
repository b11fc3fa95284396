from django.contrib.auth import views as auth
from django.urls import path

from koers.web import documents, editing, views

app_name = "web"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("thema/<str:chapter>/", views.theme, name="theme"),
    path("opgave/<str:code>/", views.task, name="task"),
    path("indicator/<str:code>/", views.indicator, name="indicator"),
    path("indicator/<str:code>/meting/", editing.measure, name="measure"),
    path("indicator/<str:code>/beoordeling/", editing.assess, name="assess"),
    path("indicator/<str:code>/meting/<int:pk>/bevestigen/", editing.confirm, name="confirm"),
    path("programma/<int:pk>/", views.programme, name="programme"),
    path("actie/<int:pk>/", editing.action, name="action"),
    path("resultaat/<int:pk>/", editing.result, name="result"),
    path("resultaat/<int:pk>/bewijs/", editing.evidence, name="evidence"),
    path("zoeken/", views.search, name="search"),
    path("documenten/importeren/", documents.upload, name="document_upload"),
    path("documenten/importeren/controle/", documents.review, name="document_review"),
    path(
        "inloggen/",
        auth.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("uitloggen/", auth.LogoutView.as_view(), name="logout"),
]
