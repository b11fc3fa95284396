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

# From a changed object to the frameworks it belongs to: a filter on Framework.
_PATHS: dict[str, str] = {
    "plans.Ambition": "tasks",
    "plans.ProgrammeAmbition": "programmes",
    "plans.Action": "programmes__ambitions",
    "plans.Result": "programmes__ambitions",
    "plans.ActionNote": "programmes__ambitions__actions",
    "monitor.Indicator": "tasks",
    "monitor.Target": "tasks__indicators",
    "monitor.TargetValue": "tasks__indicators__targets",
    "monitor.Measurement": "tasks__indicators",
    "monitor.Assessment": "tasks__indicators",
    "budgets.BudgetLine": "programmes",
    "budgets.Spending": "programmes__budget_lines",
}
# The foreign key of each model that the path above starts from.
_PARENT: dict[str, str] = {
    "plans.Framework": "pk",
    "plans.Theme": "framework_id",
    "plans.Task": "framework_id",
    "plans.Programme": "framework_id",
    "plans.Ambition": "task_id",
    "plans.ProgrammeAmbition": "programme_id",
    "plans.Action": "ambition_id",
    "plans.Result": "ambition_id",
    "plans.ActionNote": "action_id",
    "monitor.Indicator": "task_id",
    "monitor.Target": "indicator_id",
    "monitor.TargetValue": "target_id",
    "monitor.Measurement": "indicator_id",
    "monitor.Assessment": "indicator_id",
    "budgets.BudgetLine": "programme_id",
    "budgets.Spending": "budget_line_id",
}
_DIRECT = {"plans.Framework", "plans.Theme", "plans.Task", "plans.Programme"}
# Shared by every plan: a change to one of these is a change to all of them.
_EVERY_PLAN = {"monitor.Area", "monitor.Source", "plans.Partner", "plans.Municipality"}

_deferred: ContextVar[bool] = ContextVar("koers_versions_deferred", default=False)


def touch(frameworks: Q | None = None) -> None:
    """Move the data version of these frameworks (all when None) on by one."""
    from koers.plans.models import Framework

    rows = Framework.objects.all() if frameworks is None else Framework.objects.filter(frameworks)
    rows.update(data_version=F("data_version") + 1)


def frameworks_of(obj: Model) -> Q | None:
    """The frameworks a changed object belongs to, as a filter; None for all of them."""
    label = obj._meta.label
    if label in _EVERY_PLAN:
        return None
    parent = getattr(obj, _PARENT[label])
    if label in _DIRECT:
        return Q(pk=parent)
    return Q(**{_PATHS[label]: parent})


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


def _changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if _deferred.get() or kwargs.get("raw"):
        return
    label = instance._meta.label
    if label in _PARENT or label in _EVERY_PLAN:
        touch(frameworks_of(instance))


def _links_changed(sender: type[Model], instance: Model, action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        _changed(type(instance), instance)


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="koers-versions-save")
    post_delete.connect(_changed, dispatch_uid="koers-versions-delete")
    m2m_changed.connect(_links_changed, dispatch_uid="koers-versions-links")
