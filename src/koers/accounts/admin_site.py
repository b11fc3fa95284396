"""The admin asks local administrators for a second factor (django-otp, a code from an
authenticator app); who logged in with the municipality's provider had theirs there."""

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import HttpRequest
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

SSO_BACKEND = "koers.accounts.sso.Backend"


def second_factor_done(request: HttpRequest) -> bool:
    user: Any = request.user
    return user.is_verified() or request.session.get(BACKEND_SESSION_KEY) == SSO_BACKEND


class AdminSite(OTPAdminSite):
    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    # The setting is read per request, so that tests and the demo can turn it off.
    @property
    def login_form(self) -> Any:
        return OTPAdminAuthenticationForm if settings.KOERS_ADMIN_OTP else None

    @property
    def login_template(self) -> str | None:
        return OTPAdminSite.login_template if settings.KOERS_ADMIN_OTP else None

    def has_permission(self, request: HttpRequest) -> bool:
        allowed = admin.AdminSite.has_permission(self, request)
        if not settings.KOERS_ADMIN_OTP:
            return allowed
        return allowed and second_factor_done(request)
