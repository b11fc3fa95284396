"""Who made a change and why, for the record django-simple-history keeps of every save."""

from typing import Any

from django.db.models import Model


def record(obj: Model, user: Any, reason: str | None = None) -> Model:
    """Let the next save or delete of `obj` be recorded as `user`'s, with `reason`.

    `user` None (the command line) leaves simple-history's own choice: the request's user
    or nobody.
    """
    if user is not None:
        obj._history_user = user  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    return obj
