"""Write the whole database as one Koers document (docs/export-format.md).

The number of queries does not depend on the size of the plan: every level is fetched
once with prefetch_related.
"""

import json

from django.db.models import Prefetch

from koers.imports import fields as f
from koers.monitor.models import Area, Source
from koers.monitor.tree import indicators_with_figures, programmes_with_items
from koers.plans.models import (
    Framework,
    Municipality,
    Partner,
    Programme,
    Task,
)


def export_document() -> dict:
    frameworks = (
        Framework.objects.select_related("municipality")
        .order_by("municipality__cbs_code", "start_year", "title")
        .prefetch_related(
            "themes",
            Prefetch(
                "tasks",
                queryset=Task.objects.order_by("order", "code").prefetch_related(
                    "ambitions",
                    Prefetch(
                        "indicators", queryset=indicators_with_figures("area__code", "period")
                    ),
                ),
            ),
            Prefetch("programmes", queryset=programmes_with_items(with_notes=True)),
        )
    )
    return {
        "format": "koers",
        "version": 1,
        "municipalities": [
            _dump(m, f.MUNICIPALITY) for m in Municipality.objects.order_by("cbs_code")
        ],
        "areas": [
            {
                **_dump(a, f.AREA),
                "municipality": a.municipality.cbs_code if a.municipality else None,
            }
            for a in Area.objects.select_related("municipality").order_by("code")
        ],
        "sources": [_dump(s, f.SOURCE) for s in Source.objects.order_by("code")],
        "partners": [_dump(p, f.PARTNER) for p in Partner.objects.order_by("name")],
        "frameworks": [_framework(framework) for framework in frameworks],
    }


def export_json() -> str:
    return json.dumps(export_document(), ensure_ascii=False, indent=2) + "\n"


def _dump(obj, spec: list[f.Field]) -> dict:
    return {field.key: field.dump(obj) for field in spec}


def _codes(tasks) -> list[str]:
    return sorted(task.code for task in tasks)


def _framework(framework: Framework) -> dict:
    tasks_by_theme: dict[int, list[Task]] = {}
    for task in framework.tasks.all():
        tasks_by_theme.setdefault(task.theme_id, []).append(task)
    return {
        "municipality": framework.municipality.cbs_code,
        **_dump(framework, f.FRAMEWORK),
        "themes": [
            {
                **_dump(theme, f.THEME),
                "tasks": [_task(task) for task in tasks_by_theme.get(theme.pk, [])],
            }
            for theme in framework.themes.all()
        ],
        "programmes": [_programme(programme) for programme in framework.programmes.all()],
    }


def _task(task: Task) -> dict:
    return {
        **_dump(task, f.TASK),
        "ambitions": [_dump(ambition, f.AMBITION) for ambition in task.ambitions.all()],
        "indicators": [
            {
                **_dump(indicator, f.INDICATOR),
                "source": indicator.source.code if indicator.source else None,
                "targets": [
                    {
                        **_dump(target, f.TARGET),
                        "values": [_dump(value, f.TARGET_VALUE) for value in target.values.all()],
                    }
                    for target in indicator.targets.all()
                ],
                "measurements": [
                    {
                        "area": m.area.code,
                        **_dump(m, f.MEASUREMENT),
                        "source": m.source.code if m.source else None,
                    }
                    for m in indicator.measurements.all()
                ],
                "assessments": [_dump(a, f.ASSESSMENT) for a in indicator.assessments.all()],
            }
            for indicator in task.indicators.all()
        ],
    }


def _programme(programme: Programme) -> dict:
    return {
        **_dump(programme, f.PROGRAMME),
        "theme": programme.theme.chapter,
        "ambitions": [
            {
                "task": ambition.task.code,
                **_dump(ambition, f.PROGRAMME_AMBITION),
                "actions": [
                    {
                        **_dump(action, f.ACTION),
                        "owner": action.owner.name if action.owner else None,
                        "partners": sorted(p.name for p in action.partners.all()),
                        "references": _codes(action.references.all()),
                        "notes": [
                            {
                                **_dump(note, f.NOTE),
                                "author": note.author.get_username() if note.author else None,
                            }
                            for note in action.notes.all()
                        ],
                    }
                    for action in ambition.actions.all()
                ],
                "results": [
                    {
                        **_dump(result, f.RESULT),
                        "action": result.action.code if result.action else None,
                        "references": _codes(result.references.all()),
                    }
                    for result in ambition.results.all()
                ],
            }
            for ambition in programme.ambitions.all()
        ],
        "budget_lines": [
            {
                "task": line.task.code,
                **_dump(line, f.BUDGET_LINE),
                "spending": [_dump(spent, f.SPENDING) for spent in line.spending.all()],
            }
            for line in programme.budget_lines.all()
        ],
    }
