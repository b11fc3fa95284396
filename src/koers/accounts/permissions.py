"""Who may do what: read internal notes, edit a theme, update an action, enter figures.

`user` None is the operator at the command line (`koers import-measurements`, `koers
import-document`): the one who runs the server may do everything.
"""

from typing import Any

from django.db.models import Q

from koers.plans.models import Action, Task, Theme


def _role(user: Any) -> Any:
    return getattr(user, "koers_role", None) if user.is_authenticated else None


def is_insider(user: Any) -> bool:
    """Team members (any role) and administrators read internal notes and the history."""
    if user is None:
        return True
    return bool(user.is_authenticated and (user.is_superuser or _role(user) is not None))


def is_editor(user: Any) -> bool:
    """Editors (of any theme) and administrators: they make report drafts and import plans."""
    if user is None:
        return True
    role = _role(user)
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or (role is not None and role.kind == "editor"))
    )


def edits_every_theme(user: Any) -> bool:
    """Administrators and editors without chosen themes: they may add a whole framework."""
    if user is None:
        return True
    if not is_editor(user):
        return False
    return user.is_superuser or not _role(user).themes.exists()


def can_edit(user: Any, theme: Theme) -> bool:
    if user is None:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    role = _role(user)
    if role is None or role.kind != "editor":
        return False
    chosen = {t.pk for t in role.themes.all()}
    return not chosen or theme.pk in chosen


def partner_of(user: Any) -> Any:
    """The organisation of a partner user, or None."""
    if user is None or not user.is_active:
        return None
    role = _role(user)
    return role.partner if role is not None and role.kind == "partner" else None


def involved(partner: Any, action: Action) -> bool:
    if partner is None:
        return False
    return action.owner_id == partner.pk or any(p.pk == partner.pk for p in action.partners.all())


def can_update_action(user: Any, action: Action, theme: Theme) -> bool:
    """Editors of the theme, and partners whose organisation owns or shares the action."""
    return can_edit(user, theme) or involved(partner_of(user), action)


def can_enter_figures(user: Any, task: Task) -> bool:
    """Editors of the theme, and partners with an action for this task (figures unconfirmed)."""
    if can_edit(user, task.theme):
        return True
    partner = partner_of(user)
    if partner is None:
        return False
    mine = Q(partners=partner) | Q(owner=partner)
    return Action.objects.filter(mine, ambition__task=task).exists()


def can_publish(user: Any, themes: list[Theme]) -> bool:
    """Publishing a report speaks for every theme in it: the user must edit all of them."""
    return is_editor(user) and all(can_edit(user, theme) for theme in themes)
