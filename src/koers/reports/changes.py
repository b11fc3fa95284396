"""What changed since the previous published report: a pure comparison of two contents.

No database access: both reports are plain content (koers.reports.content), so a report
compares itself with what the council received last time, not with today's database.
"""

from collections.abc import Iterator, Mapping
from typing import Any

Item = dict[str, Any]


def _items(content: Mapping[str, Any]) -> Iterator[tuple[tuple[str, int], Item]]:
    """Every theme, task, indicator, action and result of a report, keyed by kind and id."""
    for theme in content["themes"]:
        yield ("theme", theme["id"]), {**theme, "code": theme["chapter"]}
        for task in theme["tasks"]:
            yield ("task", task["id"]), task
            for indicator in task["indicators"]:
                yield ("indicator", indicator["id"]), indicator
            for ambition in task["programme_ambitions"]:
                for action in ambition["actions"]:
                    yield ("action", action["id"]), {**action, "task": task["code"]}
                for result in ambition["results"]:
                    yield ("result", result["id"]), {**result, "task": task["code"]}


def _figures(content: Mapping[str, Any]) -> dict[tuple[str, str, str], Item]:
    return {
        (indicator["code"], figure["area"], figure["period"]): {
            **figure,
            "indicator": indicator["code"],
            "indicator_name": indicator["name"],
            "unit": indicator["unit"],
        }
        for theme in content["themes"]
        for task in theme["tasks"]
        for indicator in task["indicators"]
        for figure in indicator["measurements"]
    }


def _title(item: Item) -> str:
    return item.get("title") or item.get("name") or item.get("text") or ""


def report_changes(
    previous: Mapping[str, Any] | None, current: Mapping[str, Any]
) -> dict[str, Any]:
    """Statuses that moved, new or corrected figures, actions completed and newly late."""
    if previous is None:
        return {
            "previous": None,
            "statuses": [],
            "measurements": [],
            "actions_completed": [],
            "actions_newly_late": [],
        }
    before = dict(_items(previous))
    statuses, completed, newly_late = [], [], []
    for (kind, _id), item in _items(current):
        old = before.get((kind, _id))
        entry = {"kind": kind, "code": item["code"], "title": _title(item)}
        if kind in {"action", "result"}:
            entry["task"] = item["task"]
        if old is not None and old["status"] != item["status"]:
            statuses.append(
                {
                    **entry,
                    "from": old["status"],
                    "from_label": old["status_label"],
                    "to": item["status"],
                    "to_label": item["status_label"],
                }
            )
        if kind != "action":
            continue
        was = old["status"] if old is not None else None
        if item["status"] == "done" and was != "done":
            completed.append(entry)
        if item["status"] == "late" and was != "late":
            newly_late.append(entry)
    old_figures = _figures(previous)
    figures = []
    for key, figure in _figures(current).items():
        old = old_figures.get(key)
        if old is None or old["value"] != figure["value"]:
            figures.append(
                {
                    "indicator": figure["indicator"],
                    "indicator_name": figure["indicator_name"],
                    "unit": figure["unit"],
                    "area_name": figure["area_name"],
                    "period": figure["period"],
                    "value": figure["value"],
                    "previous_value": old["value"] if old is not None else None,
                }
            )
    return {
        "previous": {
            "report_id": previous.get("report_id"),
            "title": previous["title"],
            "reporting_date": previous["reporting_date"],
            "published_at": previous.get("published_at"),
        },
        "statuses": statuses,
        "measurements": figures,
        "actions_completed": completed,
        "actions_newly_late": newly_late,
    }
