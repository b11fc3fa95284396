from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from koers.admin_scope import ScopedAdmin
from koers.api.models import OpenDataLicence


@admin.register(OpenDataLicence)
class OpenDataLicenceAdmin(ScopedAdmin):
    list_display = ["licence", "attribution"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not OpenDataLicence.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
