"""The report as open data: JSON (the content without its charts) and one flat CSV.

Both are described in docs/reports.md; the JSON follows schema/report-v1.schema.json.
"""

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from koers.cells import csv_row
from koers.reports import structure

CSV_COLUMNS = [
    "reporting_date",
    "kind",
    "theme",
    "task",
    "programme",
    "code",
    "title",
    "status",
    "status_label",
    "reason",
    "area",
    "period",
    "value",
    "unit",
    "baseline_value",
    "baseline_period",
    "target",
    "amount_euro",
    "spent_euro",
    "taakveld",
    "source",
]


def tasks_of(content: structure.Report) -> Iterator[structure.Task]:
    for theme in content["themes"]:
        yield from theme["tasks"]


def open_content(content: structure.Report) -> dict[str, Any]:
    """The content without the chart specifications, which are drawing, not data."""
    return {
        **content,
        "themes": [
            {
                **theme,
                "tasks": [
                    {
                        **task,
                        "indicators": [
                            {k: v for k, v in i.items() if k not in {"chart", "chart_svg"}}
                            for i in task["indicators"]
                        ],
                    }
                    for task in theme["tasks"]
                ],
            }
            for theme in content["themes"]
        ],
    }


def render_json(content: structure.Report) -> bytes:
    return json.dumps(open_content(content), ensure_ascii=False, indent=2).encode()


def _euro(cents: int | None) -> str:
    return "" if cents is None else f"{cents / 100:.2f}"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _status(item: Mapping[str, Any]) -> dict[str, str]:
    return {k: item[k] for k in ("status", "status_label", "reason")}


def csv_rows(content: structure.Report) -> Iterator[dict[str, str]]:
    """One row per theme, task, indicator, figure, action, result and budget line."""
    for theme in content["themes"]:
        chapter = theme["chapter"]
        yield {
            "kind": "theme",
            "theme": chapter,
            "code": chapter,
            "title": theme["title"],
            **_status(theme),
        }
        for task in theme["tasks"]:
            where = {"theme": chapter, "task": task["code"]}
            yield {
                "kind": "task",
                **where,
                "code": task["code"],
                "title": task["title"],
                **_status(task),
            }
            for i in task["indicators"]:
                latest: Mapping[str, Any] = i["latest"] or {}
                base: Mapping[str, Any] = i["baseline"] or {}
                yield {
                    "kind": "indicator",
                    **where,
                    "code": i["code"],
                    "title": i["name"],
                    **_status(i),
                    "period": _text(latest.get("period")),
                    "value": _text(latest.get("value")),
                    "unit": i["unit"],
                    "baseline_value": _text(base.get("value")),
                    "baseline_period": _text(base.get("period")),
                    "target": i["target"],
                    "source": _text(i["source"]),
                }
                for m in i["measurements"]:
                    yield {
                        "kind": "measurement",
                        **where,
                        "code": i["code"],
                        "title": i["name"],
                        "area": m["area"],
                        "period": m["period"],
                        "value": _text(m["value"]),
                        "unit": i["unit"],
                        "source": _text(m["source"]),
                    }
            for ambition in task["programme_ambitions"]:
                at = {**where, "programme": ambition["programme"]}
                items: list[tuple[str, Sequence[Mapping[str, Any]]]] = [
                    ("action", ambition["actions"]),
                    ("result", ambition["results"]),
                ]
                for kind, listed in items:
                    for item in listed:
                        yield {
                            "kind": kind,
                            **at,
                            "code": item["code"],
                            "title": item["text"],
                            **_status(item),
                        }
            for line in task["budget_lines"]:
                yield {
                    "kind": "budget_line",
                    **where,
                    "programme": line["programme"],
                    "title": line["resource"] or line["description"],
                    "amount_euro": _euro(line["amount_cents"]),
                    "spent_euro": _euro(line["spent_cents"]),
                    "taakveld": line.get("taakveld", ""),
                    "source": line["funding_source"],
                }


def render_csv(content: structure.Report) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    for row in csv_rows(content):
        writer.writerow(csv_row({**row, "reporting_date": content["reporting_date"]}))
    # A byte order mark, so that Excel opens the UTF-8 file with its accents intact.
    return ("\ufeff" + out.getvalue()).encode()
