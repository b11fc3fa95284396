"""The login page: the municipality's single sign-on when it is configured, and local
accounts (the demo, partners without an account at the municipality)."""

from typing import Any

from django.contrib.auth import views as auth

from koers.accounts import sso


class LoginView(auth.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["sso"] = sso.enabled()
        context["sso_failed"] = self.request.GET.get("sso") == "mislukt"
        return context
