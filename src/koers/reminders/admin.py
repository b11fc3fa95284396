from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from koers.admin_scope import ScopedAdmin
from koers.reminders.models import Digest


@admin.register(Digest)
class DigestAdmin(ScopedAdmin):
    """Every reminder e-mail sent, or tried: the log of sends (read only)."""

    list_display = ["sent_at", "address", "period", "items", "subject", "error"]
    list_filter = ["period"]
    search_fields = ["address", "subject"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
