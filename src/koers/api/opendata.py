"""Open data: the published plan, its statuses and its figures as CSV and JSON downloads,
each with the licence the administrator chose (CC0 or CC BY)."""

import csv
import io
import json
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.api.models import OpenDataLicence
from koers.monitor.models import Indicator, Measurement
from koers.monitor.status import verdict_label
from koers.monitor.tree import load_plans
from koers.plans.models import Task

DATASETS = {
    "plan": ["framework", "theme", "task", "task_title", "kind", "code", "text"],
    "statuses": ["framework", "kind", "code", "title", "status", "label", "reason"],
    "measurements": [
        "task",
        "indicator",
        "indicator_name",
        "area",
        "area_name",
        "period",
        "value",
        "margin",
        "status",
        "source",
    ],
}


def _licence() -> dict[str, str]:
    chosen = OpenDataLicence.current()
    return {
        "id": chosen.licence,
        "name": str(chosen.get_licence_display()),
        "url": chosen.url,
        "attribution": chosen.attribution,
    }


def _plan_rows() -> list[dict[str, Any]]:
    rows = []
    tasks = Task.objects.select_related("theme", "framework").prefetch_related(
        "ambitions", "indicators"
    )
    for task in tasks.order_by("framework", "order"):
        where = {
            "framework": task.framework.title,
            "theme": task.theme.chapter,
            "task": task.code,
            "task_title": task.title,
        }
        rows += [
            {**where, "kind": "ambition", "code": "", "text": a.text} for a in task.ambitions.all()
        ]
        rows += [
            {**where, "kind": "indicator", "code": i.code, "text": i.sentence or i.name}
            for i in task.indicators.all()
            if i.role == Indicator.Role.MONITOR
        ]
    return rows


def _status_rows(on: date) -> list[dict[str, Any]]:
    return [
        {
            "framework": plan.framework.title,
            "kind": node.kind,
            "code": node.code,
            "title": node.title,
            "status": node.status.code,
            "label": verdict_label(node.status.code),
            "reason": node.status.reason,
        }
        for plan in load_plans(on, confirmed_only=True)
        for root in [plan.node, *plan.programmes]
        for node in root.walk()
    ]


def _measurement_rows() -> list[dict[str, Any]]:
    figures = Measurement.objects.filter(confirmed=True).select_related(
        "indicator__task", "indicator__source", "area", "source"
    )
    return [
        {
            "task": m.indicator.task.code,
            "indicator": m.indicator.code,
            "indicator_name": m.indicator.name,
            "area": m.area.code,
            "area_name": m.area.name,
            "period": m.period,
            "value": str(m.value),
            "margin": "" if m.margin is None else str(m.margin),
            "status": m.status,
            "source": (m.source or m.indicator.source).name
            if (m.source or m.indicator.source)
            else "",
        }
        for m in figures.order_by(
            "indicator__task__order", "indicator__order", "area__code", "period"
        )
    ]


def index(request: HttpRequest) -> JsonResponse:
    """Which datasets there are, in which formats, under which licence."""
    return JsonResponse(
        {
            "licence": _licence(),
            "datasets": [
                {
                    "name": name,
                    "columns": columns,
                    "formats": {
                        fmt: request.build_absolute_uri(reverse("api:open-data", args=[name, fmt]))
                        for fmt in ("csv", "json")
                    },
                }
                for name, columns in DATASETS.items()
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def dataset(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if name not in DATASETS or fmt not in {"csv", "json"}:
        raise Http404(_("No such dataset."))
    if name == "plan":
        rows = _plan_rows()
    elif name == "statuses":
        try:
            on = date.fromisoformat(request.GET.get("peildatum", ""))
        except ValueError:
            on = date.today()
        rows = _status_rows(on)
    else:
        rows = _measurement_rows()
    licence = _licence()
    if fmt == "json":
        response = HttpResponse(
            json.dumps(
                {"licence": licence, "columns": DATASETS[name], "data": rows},
                ensure_ascii=False,
                default=str,
            ),
            content_type="application/json",
        )
    else:
        out = io.StringIO()
        writer = csv.DictWriter(out, DATASETS[name], lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="koers-{name}.csv"'
    response["Link"] = f'<{licence["url"]}>; rel="license"'
    return response
