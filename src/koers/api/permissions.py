"""Who may write through the API: the roles of the pages, checked per object."""

from typing import Any

from rest_framework import permissions

from koers.monitor.models import Measurement
from koers.plans.models import Action
from koers.web.permissions import can_enter_figures, can_update_action


class ReadOrRole(permissions.BasePermission):
    """Everyone reads; writing needs a login (token or session) and the user's role."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated and request.user.is_active)

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if isinstance(obj, Measurement):
            return can_enter_figures(request.user, obj.indicator.task)
        if isinstance(obj, Action):
            return can_update_action(request.user, obj, obj.ambition.task.theme)
        return bool(request.user.is_superuser)
