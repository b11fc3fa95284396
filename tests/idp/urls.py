from django.contrib.auth import views as auth
from django.urls import include, path

urlpatterns = [
    path("login/", auth.LoginView.as_view(template_name="idp_login.html"), name="login"),
    path("", include("oidc_provider.urls", namespace="oidc_provider")),
]
