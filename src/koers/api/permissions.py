"""Who may write through the API: a login (token or session); what the user's role allows
is decided by the services of each app, as on the pages."""

from typing import Any

from rest_framework import permissions


class ReadOrRole(permissions.BasePermission):
    """Everyone reads; writing needs a login (token or session) and the user's role."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated and request.user.is_active)
