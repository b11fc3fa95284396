"""Optimistic locking: every editable item carries a version that each save moves on by one.

A writer says which version it saw; the save claims the row with one compare-and-set UPDATE
(`... WHERE id = %s AND version = %s`). On PostgreSQL that UPDATE holds the row lock until
the transaction ends, so of two writers who saw the same version exactly one wins, however
close together they save; the other gets `Conflict` and nothing of theirs is written.
"""

from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """An item writers change one at a time: its version moves on by one with every save."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class Conflict(Exception):
    """Someone else saved the item after the writer read it."""

    def __init__(self, current_version: int | None = None) -> None:
        self.current_version = current_version
        super().__init__(
            _(
                "Someone else changed this item after you opened it. Your changes have not "
                "been saved; look at the new values and enter yours again."
            )
        )


def claim(obj: Versioned, expected: int | None) -> None:
    """Move `obj`'s version on by one, if it is still `expected` (any version when None).

    Call inside the transaction that then saves `obj`; raises `Conflict` when the row has
    moved on, or was deleted, since the writer read it.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("claim() belongs inside the transaction that saves the item")
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    if expected is not None:
        rows = rows.filter(version=expected)
    if not rows.update(version=F("version") + 1):
        current = type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True)
        raise Conflict(next(iter(current), None))
    if expected is not None:
        obj.version = expected + 1
    else:
        obj.version = type(obj)._default_manager.values_list("version", flat=True).get(pk=obj.pk)


def parse_version(value: Any) -> int | None:
    """A version as a client sends it: 3, "3" or an ETag '"3"' (W/ allowed); None if absent."""
    if value is None or value == "":
        return None
    text = str(value).strip()
    text = text.removeprefix("W/").strip('"')
    if not text.isdigit() or len(text) > 18:
        raise ValueError(text)
    return int(text)
