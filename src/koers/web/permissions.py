"""The rules of who may read internal notes and who may edit which theme."""

from typing import Any

from koers.plans.models import Theme


def _role(user: Any) -> Any:
    return getattr(user, "koers_role", None) if user.is_authenticated else None


def is_insider(user: Any) -> bool:
    """Team members (any role) and administrators read internal notes and the history."""
    return bool(user.is_authenticated and (user.is_superuser or _role(user) is not None))


def can_edit(user: Any, theme: Theme) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    role = _role(user)
    if role is None or role.kind != "editor":
        return False
    chosen = {t.pk for t in role.themes.all()}
    return not chosen or theme.pk in chosen
