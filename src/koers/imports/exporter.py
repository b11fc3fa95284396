"""Write the whole database as one Koers document (docs/export-format.md).

The document's shape is the one the loader reads (`koers.imports.branches`). The number
of queries does not depend on the size of the plan: every level is fetched once with
prefetch_related.
"""

import json
from typing import Any

from django.db.models import Model, Prefetch, QuerySet

from koers.imports.branches import DOCUMENT, Branch, Ref
from koers.monitor.models import Area, Source
from koers.monitor.tree import indicators_with_figures, programmes_with_items
from koers.plans.models import Contact, Framework, Municipality, Partner, Task, Team, Theme


def _frameworks() -> QuerySet[Framework]:
    tasks = Task.objects.order_by("order", "code").prefetch_related(
        "ambitions",
        Prefetch("indicators", queryset=indicators_with_figures("area__code", "period")),
    )
    return (
        Framework.objects.select_related("municipality")
        .order_by("municipality__cbs_code", "start_year", "title")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.prefetch_related(Prefetch("tasks", tasks))),
            Prefetch("programmes", queryset=programmes_with_items(with_notes=True)),
        )
    )


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
        "partners": Partner.objects.order_by("name"),
        "frameworks": _frameworks(),
    }
    return {
        "format": "koers",
        "version": 1,
        **{branch.key: [dump(branch, obj) for obj in roots[branch.key]] for branch in DOCUMENT},
    }


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
    if ref.many:
        return sorted(getattr(item, ref.natural) for item in getattr(obj, ref.key).all())
    named = getattr(obj, ref.key)
    return getattr(named, ref.natural) if named is not None else None
