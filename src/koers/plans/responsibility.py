"""Who is responsible for what: the person (a contact) and team of actions, results and
indicators, and the indicator's data supplier, set one at a time or for many at once (all
actions of an ambition). Editors of the item's theme only; the person and the team belong
to the item's municipality (docs/reminders.md)."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from koers.accounts.permissions import can_edit
from koers.concurrency import Versioned, claim
from koers.history import record
from koers.plans.models import Contact, Team, Theme

KEEP: Any = object()  # a role that is left as it is


def theme_of(item: Model) -> Theme:
    """The theme an action, result or indicator belongs to (its editors assign it)."""
    if hasattr(item, "ambition"):
        return item.ambition.task.theme
    return item.task.theme  # type: ignore[attr-defined]


def _check_municipality(theme: Theme, who: Contact | Team | None, field: str) -> None:
    if who is not None and who.municipality_id != theme.framework.municipality_id:
        raise ValidationError(
            {field: [_("%(name)s does not belong to this municipality.") % {"name": who}]}
        )


@transaction.atomic
def assign(
    user: Any,
    items: Sequence[Model],
    *,
    responsible: Contact | None = KEEP,
    team: Team | None = KEEP,
    data_supplier: Contact | None = KEEP,
) -> int:
    """Sets who is responsible for each item (None: nobody); returns how many changed.

    Raises PermissionDenied when the user may not edit one of the items' themes (and then
    changes none), ValidationError when a person or team is of another municipality.
    """
    roles = {"responsible": responsible, "team": team, "data_supplier": data_supplier}
    wanted = {field: value for field, value in roles.items() if value is not KEEP}
    changed = 0
    for item in items:
        theme = theme_of(item)
        if not can_edit(user, theme):
            raise PermissionDenied(_("You may not change who is responsible in this theme."))
        # Only indicators have a data supplier: chosen for a mix, it goes to those.
        own = {f: v for f, v in wanted.items() if f != "data_supplier" or hasattr(item, f)}
        for field, value in own.items():
            _check_municipality(theme, value, field)
        if all(getattr(item, f"{f}_id") == (v.pk if v else None) for f, v in own.items()):
            continue
        for field, value in own.items():
            setattr(item, field, value)
        if isinstance(item, Versioned):
            claim(item, None)  # an editor's form open on the item sees the change
        record(item, user, _("responsibility assigned")).save()
        changed += 1
    return changed
