"""Write the whole database as one Koers document (docs/export-format.md).

The document's shape is the one the loader reads (`koers.imports.branches`). The number
of queries does not depend on the size of the plan: every level is fetched once with
prefetch_related.
"""

import json
from contextvars import ContextVar
from typing import Any

from django.db.models import Model, Prefetch, QuerySet

from koers.budgets.classification import Editions
from koers.imports.branches import DOCUMENT, Branch, Ref
from koers.monitor.models import Area, Category, Dimension, Source
from koers.monitor.tree import indicators_with_figures, programmes_with_items
from koers.plans.models import Contact, Framework, Municipality, Partner, Task, Team, Theme


def _frameworks() -> QuerySet[Framework]:
    tasks = (
        Task.objects.select_related("framework")
        .order_by("order", "code")
        .prefetch_related(
            "ambitions",
            "taakvelden",
            Prefetch("indicators", queryset=indicators_with_figures("area__code", "period")),
        )
    )
    return (
        Framework.objects.select_related("municipality")
        .order_by("municipality__cbs_code", "start_year", "title")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.prefetch_related(Prefetch("tasks", tasks))),
            Prefetch("programmes", queryset=programmes_with_items(with_notes=True)),
        )
    )


_EDITIONS: ContextVar[Editions | None] = ContextVar("koers_export_editions", default=None)


def _editions() -> Editions:
    return _EDITIONS.get() or Editions()


def export_document() -> dict:
    roots: dict[str, QuerySet] = {
        "municipalities": Municipality.objects.order_by("cbs_code").prefetch_related(
            Prefetch("teams", queryset=Team.objects.order_by("name")),
            Prefetch(
                "contacts",
                queryset=Contact.objects.select_related("organisation", "team", "user").order_by(
                    "name"
                ),
            ),
        ),
        "areas": Area.objects.select_related("municipality").order_by("code"),
        "sources": Source.objects.order_by("code"),
        "dimensions": Dimension.objects.order_by("order", "code").prefetch_related(
            Prefetch("categories", queryset=Category.objects.order_by("order", "code"))
        ),
        "partners": Partner.objects.order_by("name"),
        "frameworks": _frameworks(),
    }
    token = _EDITIONS.set(Editions())  # read once for the whole document
    try:
        return {
            "format": "koers",
            "version": 1,
            **{branch.key: [dump(branch, obj) for obj in roots[branch.key]] for branch in DOCUMENT},
        }
    finally:
        _EDITIONS.reset(token)


def export_json() -> str:
    return json.dumps(export_document(), ensure_ascii=False, indent=2) + "\n"


def dump(branch: Branch, obj: Model) -> dict[str, Any]:
    """One object with everything under it; the refs that identify it come first."""
    identity = [ref for ref in branch.refs if ref.identity]
    others = [ref for ref in branch.refs if not ref.identity]
    return {
        **{ref.key: _name(ref, obj) for ref in identity},
        **{field.key: field.dump(obj) for field in branch.fields},
        **{ref.key: _name(ref, obj) for ref in others},
        **{
            child.key: [dump(child, item) for item in getattr(obj, child.key).all()]
            for child in branch.children
        },
    }


def _name(ref: Ref, obj: Model) -> Any:
    if ref.listed:
        year, editions = getattr(obj, ref.within).start_year, _editions()
        if ref.many:
            return [editions.label(item, year) for item in getattr(obj, ref.key).all()]
        named = getattr(obj, ref.key)
        return editions.label(named, year) if named is not None else None
    if ref.many:
        return sorted(getattr(item, ref.natural) for item in getattr(obj, ref.key).all())
    named = getattr(obj, ref.key)
    return getattr(named, ref.natural) if named is not None else None
