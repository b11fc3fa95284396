"""Open data: the published plan, its statuses and its figures as CSV and JSON downloads,
each with the licence the administrator chose (CC0 or CC BY)."""

import csv
import io
import json
from datetime import date
from typing import Any

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.api.models import OpenDataLicence
from koers.cells import csv_row
from koers.dates import peildatum
from koers.monitor.models import Indicator, Measurement
from koers.monitor.reading import withheld_of
from koers.monitor.status import verdict_label
from koers.monitor.tree import cached_trees
from koers.plans.choice import NoPlanNamed, chosen_framework
from koers.plans.models import Framework, Task

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
        "category",
        "category_name",
        "value",
        "margin",
        "status",
        "source",
        "withheld",
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


def _plan_rows(framework: Framework) -> list[dict[str, Any]]:
    rows = []
    tasks = Task.objects.filter(framework=framework).select_related("theme", "framework")
    for task in tasks.prefetch_related("ambitions", "indicators").order_by("order"):
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


def _status_rows(framework: Framework, on: date) -> list[dict[str, Any]]:
    return [
        {
            "framework": framework.title,
            "kind": node.kind,
            "code": node.code,
            "title": node.title,
            "status": node.status.code,
            "label": verdict_label(node.status.code),
            "reason": node.status.reason,
        }
        for root in cached_trees(framework, on, confirmed_only=True)
        for node in root.walk()
    ]


def _measurement_rows(framework: Framework) -> list[dict[str, Any]]:
    """Every published figure; one withheld by the disclosure rules is a row without its
    value (and margin), saying why."""
    mine = Measurement.objects.filter(confirmed=True, indicator__task__framework=framework)
    why = {mark.pk: mark.explanation for mark in withheld_of(mine)}
    figures = mine.select_related(
        "indicator__task", "indicator__source", "area", "source", "category"
    )
    return [
        {
            "task": m.indicator.task.code,
            "indicator": m.indicator.code,
            "indicator_name": m.indicator.name,
            "area": m.area.code,
            "area_name": m.area.name,
            "period": m.period,
            "category": m.category.code if m.category else "",
            "category_name": m.category.name if m.category else "",
            "value": "" if m.pk in why else str(m.value),
            "margin": "" if m.margin is None or m.pk in why else str(m.margin),
            "status": m.status,
            "source": (m.source or m.indicator.source).name
            if (m.source or m.indicator.source)
            else "",
            "withheld": why.get(m.pk, ""),
        }
        for m in figures.order_by(
            "indicator__task__order", "indicator__order", "area__code", "period", "category__code"
        )
    ]


def index(request: HttpRequest) -> JsonResponse:
    """Which datasets there are, per plan, in which formats, under which licence."""
    frameworks = Framework.objects.select_related("municipality").order_by(
        "municipality__name", "start_year", "pk"
    )
    return JsonResponse(
        {
            "licence": _licence(),
            "plans": [
                {
                    "municipality": framework.municipality.cbs_code,
                    "municipality_name": framework.municipality.name,
                    "framework": framework.pk,
                    "title": framework.title,
                    "datasets": [
                        {
                            "name": name,
                            "columns": columns,
                            "formats": {
                                fmt: request.build_absolute_uri(
                                    reverse("api:open-data", args=[name, fmt])
                                    + f"?framework={framework.pk}"
                                )
                                for fmt in ("csv", "json")
                            },
                        }
                        for name, columns in DATASETS.items()
                    ],
                }
                for framework in frameworks
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _framework(request: HttpRequest) -> Framework:
    """The plan a download is of: ?framework=N or ?municipality=GM0246 (its current one)."""
    number = request.GET.get("framework", "")
    if number and not number.isdigit():
        raise Http404(_("No such framework."))
    try:
        found = chosen_framework(int(number) if number else None, request.GET.get("municipality"))
    except NoPlanNamed as error:
        raise BadRequest(str(error)) from None
    if found is None:
        raise Http404(_("No such framework."))
    return found


def dataset(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if name not in DATASETS or fmt not in {"csv", "json"}:
        raise Http404(_("No such dataset."))
    framework = _framework(request)
    if name == "plan":
        rows = _plan_rows(framework)
    elif name == "statuses":
        rows = _status_rows(framework, peildatum(request.GET))
    else:
        rows = _measurement_rows(framework)
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
        writer.writerows(csv_row(row) for row in rows)
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        slug = f"{framework.municipality.slug}-{framework.slug}"
        response["Content-Disposition"] = f'attachment; filename="koers-{slug}-{name}.csv"'
    response["Link"] = f'<{licence["url"]}>; rel="license"'
    return response
