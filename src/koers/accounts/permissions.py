"""Who may do what: read internal notes, edit a theme, update an action, enter figures.

A role holds for one municipality: an editor of Heerde edits Heerde's themes and nothing of
Epe's, and reads Epe's plans as residents do. Superusers administer the whole installation.

`user` None is the operator at the command line (`koers import-measurements`, `koers
import-document`): the one who runs the server may do everything.
"""

from typing import Any

from django.db.models import Q

from koers.plans.models import Action, Framework, Task, Theme


def _role(user: Any) -> Any:
    return getattr(user, "koers_role", None) if user.is_authenticated else None


def _framework_ids(role: Any) -> set[int]:
    """The frameworks of the role's municipality, read once per role object (per request)."""
    if not hasattr(role, "_koers_frameworks"):
        role._koers_frameworks = set(
            Framework.objects.filter(municipality_id=role.municipality_id).values_list(
                "pk", flat=True
            )
            if role.municipality_id is not None
            else ()
        )
    return role._koers_frameworks


def _serves(role: Any, framework_id: int | None) -> bool:
    """Whether the role holds for this framework's municipality (any, when None)."""
    if role is None or role.municipality_id is None:
        return False
    return framework_id is None or framework_id in _framework_ids(role)


# No municipality has this id: the administrator of none.
NO_MUNICIPALITY = 0


def administered_municipality(user: Any) -> int | None:
    """The municipality a staff user administers in the Django admin: that of their role
    (an administrator limited to one municipality); None for superusers, who administer
    all. Staff without a role with a municipality administer none."""
    if user.is_superuser:
        return None
    role = _role(user)
    if role is None or role.municipality_id is None:
        return NO_MUNICIPALITY
    return role.municipality_id


def is_insider(user: Any, framework: Framework | None = None) -> bool:
    """Team members of the plan's municipality (any role) and administrators read internal
    notes, unconfirmed figures and the history. Without a framework: of any municipality."""
    if user is None:
        return True
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or _serves(_role(user), framework.pk if framework else None))


def is_editor(user: Any, framework: Framework | None = None) -> bool:
    """Editors (of any theme) of the plan's municipality, and administrators: they make
    report drafts and import plans. Without a framework: of any municipality."""
    if user is None:
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    role = _role(user)
    return (
        role is not None
        and role.kind == "editor"
        and _serves(role, framework.pk if framework else None)
    )


def edits_every_theme(user: Any, municipality_id: int | None) -> bool:
    """Administrators, and editors of the municipality without chosen themes: they may add
    a whole framework to it. Nobody but an administrator adds a new municipality (None)."""
    if user is None:
        return True
    if not is_editor(user):
        return False
    if user.is_superuser:
        return True
    role = _role(user)
    return (
        municipality_id is not None
        and role.municipality_id == municipality_id
        and not role.themes.exists()
    )


def can_edit(user: Any, theme: Theme) -> bool:
    if user is None:
        return True
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    role = _role(user)
    if role is None or role.kind != "editor" or not _serves(role, theme.framework_id):
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
    """Editors of the theme, and partners of the municipality whose organisation owns or
    shares the action."""
    if can_edit(user, theme):
        return True
    return involved(partner_of(user), action) and _serves(_role(user), theme.framework_id)


def can_enter_figures(user: Any, task: Task) -> bool:
    """Editors of the theme, and partners of the municipality with an action for this task
    (their figures wait for an editor's confirmation)."""
    if can_edit(user, task.theme):
        return True
    partner = partner_of(user)
    if partner is None or not _serves(_role(user), task.framework_id):
        return False
    mine = Q(partners=partner) | Q(owner=partner)
    return Action.objects.filter(mine, ambition__task=task).exists()


def can_publish(user: Any, themes: list[Theme]) -> bool:
    """Publishing a report speaks for every theme in it: the user must edit all of them."""
    return is_editor(user) and all(can_edit(user, theme) for theme in themes)


def sees_unpublished(user: Any) -> bool:
    """Whether a user reads figures that are not published (unconfirmed ones, and those the
    disclosure rules withhold): administrators and the people of a municipality."""
    if user is None or (user.is_authenticated and user.is_superuser):
        return True
    role = _role(user)
    return role is not None and role.municipality_id is not None


def readable_figures(user: Any) -> Q:
    """The measurements a user reads: confirmed ones, and unconfirmed ones of the plans of
    their own municipality (all of them for administrators)."""
    if user is None or (user.is_authenticated and user.is_superuser):
        return Q()
    role = _role(user)
    if role is None or role.municipality_id is None:
        return Q(confirmed=True)
    return Q(confirmed=True) | Q(indicator__task__framework__municipality_id=role.municipality_id)
