"""Every write to a plan moves its framework's `data_version` on, in the same transaction.

Statuses are kept per data version (`koers.monitor.tree`), so what a page or the API shows
is never older than the last write, whichever path wrote it: a service, the loader, the
admin. Saves and deletions are seen by signals; writes that bypass them (bulk inserts of
figures) call `touch` themselves.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import F, Model, Q
from django.db.models.signals import m2m_changed, post_delete, post_save

# Per model: the foreign key a changed object names its parent by, and the filter on
# Framework that finds the frameworks of that parent.
_PATHS: dict[str, tuple[str, str]] = {
    "plans.Framework": ("pk", "pk"),
    "plans.Theme": ("framework_id", "pk"),
    "plans.Task": ("framework_id", "pk"),
    "plans.Programme": ("framework_id", "pk"),
    "plans.Ambition": ("task_id", "tasks"),
    "plans.ProgrammeAmbition": ("programme_id", "programmes"),
    "plans.Action": ("ambition_id", "programmes__ambitions"),
    "plans.Result": ("ambition_id", "programmes__ambitions"),
    "plans.ActionNote": ("action_id", "programmes__ambitions__actions"),
    "plans.Contact": ("municipality_id", "municipality"),
    "plans.Team": ("municipality_id", "municipality"),
    "monitor.Indicator": ("task_id", "tasks"),
    "monitor.Target": ("indicator_id", "tasks__indicators"),
    "monitor.TargetValue": ("target_id", "tasks__indicators__targets"),
    "monitor.Measurement": ("indicator_id", "tasks__indicators"),
    "monitor.Assessment": ("indicator_id", "tasks__indicators"),
    "monitor.PeerGroup": ("municipality_id", "municipality"),
    "budgets.BudgetLine": ("programme_id", "programmes"),
    "budgets.Spending": ("budget_line_id", "programmes__budget_lines"),
    "budgets.ProgrammeAmount": ("programme_id", "programmes"),
    "budgets.TaskTaakveld": ("task_id", "tasks"),
}
# Shared by every plan: a change to one of these is a change to all of them.
_EVERY_PLAN = {
    "monitor.Area",
    "monitor.Source",
    "plans.Partner",
    "plans.Municipality",
    "budgets.TaakveldList",
    "budgets.Taakveld",
}

_deferred: ContextVar[bool] = ContextVar("koers_versions_deferred", default=False)


def touch(frameworks: Q | None = None) -> None:
    """Move the data version of these frameworks (all when None) on by one."""
    from koers.plans.models import Framework

    rows = Framework.objects.all() if frameworks is None else Framework.objects.filter(frameworks)
    rows.update(data_version=F("data_version") + 1)


def municipality_lookup(model: type[Model]) -> str | None:
    """The lookup from `model` to the municipality whose plan holds it
    ("ambition__programme__framework__municipality" for an action); None for the lists
    every plan shares."""
    parts = []
    while model._meta.label != "plans.Framework":
        if model._meta.label not in _PATHS:
            return None
        name = _PATHS[model._meta.label][0].removesuffix("_id")
        parts.append(name)
        model = model._meta.get_field(name).related_model  # type: ignore[assignment]
    return "__".join([*parts, "municipality"])


def frameworks_of(obj: Model) -> Q | None:
    """The frameworks a changed object belongs to, as a filter; None for all of them."""
    label = obj._meta.label
    if label in _EVERY_PLAN:
        return None
    parent, path = _PATHS[label]
    return Q(**{path: getattr(obj, parent)})


@contextmanager
def one_change() -> Iterator[None]:
    """Many writes as one change (a document load): every plan is touched once at the end
    instead of at each save."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)
    touch()  # only after success: a failed load rolls back and has nothing to announce


@contextmanager
def untouched() -> Iterator[None]:
    """Writes that bring back what was (a restored backup, data versions included): no
    plan moves on. Kept statuses are per process; restart the web processes after."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def _changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if _deferred.get() or kwargs.get("raw"):
        return
    label = instance._meta.label
    if label in _PATHS or label in _EVERY_PLAN:
        touch(frameworks_of(instance))


def _links_changed(sender: type[Model], instance: Model, action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        _changed(type(instance), instance)


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="koers-versions-save")
    post_delete.connect(_changed, dispatch_uid="koers-versions-delete")
    m2m_changed.connect(_links_changed, dispatch_uid="koers-versions-links")
