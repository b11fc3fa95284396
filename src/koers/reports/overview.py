"""The bestuurlijke samenvatting: the editor's key message and what the report says in short.

A pure reading of the report content (koers.reports.content), no database: how many tasks,
indicators, actions and results have which status, what moved since the previous report,
which figures arrived and which are overdue, and the money. The points are sentences in the
report's language, so every format prints the same summary.
"""

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.budgets.models import euros
from koers.monitor.status import STATUS_RANK, verdict_label
from koers.reports import structure


def _tasks(content: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for theme in content["themes"]:
        yield from theme["tasks"]


def _actions_and_results(content: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    return [
        item
        for task in _tasks(content)
        for ambition in task["programme_ambitions"]
        for item in ambition[key]
    ]


def status_counts(items: Iterable[Mapping[str, Any]]) -> list[structure.StatusCount]:
    """How many items have each status, in the order of `koers.monitor.status.STATUS_ORDER`."""
    counts = Counter(item["status"] for item in items)
    return [
        {"status": code, "label": verdict_label(code), "count": count}
        for code, count in sorted(counts.items(), key=lambda pair: STATUS_RANK.get(pair[0], 99))
    ]


def _told(counts: list[structure.StatusCount]) -> str:
    """ "3 op koers, 1 achter op koers en 2 wacht op meting"."""
    return get_text_list([f"{c['count']} {c['label']}" for c in counts], _("and"))


def _year(period: str) -> int | None:
    found = re.match(r"\d{4}", period or "")
    return int(found.group()) if found else None


def overdue_figures(content: Mapping[str, Any]) -> list[structure.OverdueFigure]:
    """Indicators whose next figure was expected before the reporting date, longest first."""
    on = content["reporting_date"]
    found: list[structure.OverdueFigure] = []
    for task in _tasks(content):
        for indicator in task["indicators"]:
            upcoming = indicator["next_measurement"]
            if upcoming and upcoming["due"] and upcoming["due"] < on:
                latest = indicator["latest"] or indicator["baseline"]
                found.append(
                    {
                        "task": task["code"],
                        "indicator": indicator["code"],
                        "name": indicator["name"],
                        "period": upcoming["period"],
                        "due": upcoming["due"],
                        "latest_period": latest["period"] if latest else None,
                    }
                )
    return sorted(found, key=lambda f: (f["due"], f["task"], f["name"]))


def build_overview(content: Mapping[str, Any], key_message: str = "") -> structure.Overview:
    """The summary of a report whose other parts are built (themes, changes, summary)."""
    tasks = list(_tasks(content))
    indicators = [i for task in tasks for i in task["indicators"]]
    actions = _actions_and_results(content, "actions")
    results = _actions_and_results(content, "results")
    overdue = overdue_figures(content)
    start_year = content["scope"]["start_year"]
    in_plan = [
        (indicator["code"], figure)
        for indicator in indicators
        for figure in indicator["measurements"]
        if (_year(figure["period"]) or 0) >= start_year
    ]
    overview: structure.Overview = {
        "key_message": key_message.strip(),
        "points": [],
        "tasks": status_counts(tasks),
        "indicators": status_counts(indicators),
        "actions": status_counts(actions),
        "results": status_counts(results),
        "figures_in_plan_period": len(in_plan),
        "indicators_with_figures_in_plan_period": len({code for code, _f in in_plan}),
        "overdue": overdue,
    }
    overview["points"] = list(_points(content, overview, len(indicators)))
    return overview


def _points(
    content: Mapping[str, Any], overview: structure.Overview, indicators: int
) -> Iterator[str]:
    if overview["tasks"]:
        yield _standing(
            overview["tasks"],
            lambda n: ngettext(
                "Of the %(total)d task: %(counts)s.", "Of the %(total)d tasks: %(counts)s.", n
            ),
        )
    if overview["indicators"]:
        yield _standing(
            overview["indicators"],
            lambda n: ngettext(
                "Of the %(total)d indicator: %(counts)s.",
                "Of the %(total)d indicators: %(counts)s.",
                n,
            ),
        )
    yield _figures_point(content, overview, indicators)
    if overview["overdue"]:
        oldest = overview["overdue"][0]
        yield ngettext(
            "For %(count)d indicator the next figure is overdue: %(name)s (expected around "
            "%(due)s).",
            "For %(count)d indicators the next figure is overdue, the longest for %(name)s "
            "(expected around %(due)s).",
            len(overview["overdue"]),
        ) % {
            "count": len(overview["overdue"]),
            "name": oldest["name"],
            "due": date.fromisoformat(oldest["due"]).strftime("%d-%m-%Y"),
        }
    if overview["actions"]:
        yield _standing(
            overview["actions"],
            lambda n: ngettext(
                "Of the %(total)d action: %(counts)s.", "Of the %(total)d actions: %(counts)s.", n
            ),
        )
    else:
        yield _("No programme sets out actions for this subject yet.")
    if overview["results"]:
        yield _standing(
            overview["results"],
            lambda n: ngettext(
                "Of the %(total)d result: %(counts)s.", "Of the %(total)d results: %(counts)s.", n
            ),
        )
    yield from _changes_point(content)
    budget = content["summary"]["budget"]
    if any(budget.values()):
        yield _(
            "Budget: %(planned)s planned and %(reserved)s already reserved elsewhere; "
            "%(spent)s spent up to the reporting date."
        ) % {
            "planned": euros(budget["planned_cents"]),
            "reserved": euros(budget["reserved_cents"]),
            "spent": euros(budget["spent_cents"]),
        }


def _standing(counts: list[structure.StatusCount], phrase: Callable[[int], str]) -> str:
    """ "Of the 52 actions: 2 done and 50 late." in the phrase's words."""
    total = sum(c["count"] for c in counts)
    return phrase(total) % {"total": total, "counts": _told(counts)}


def _figures_point(content: Mapping[str, Any], overview: structure.Overview, total: int) -> str:
    count = overview["figures_in_plan_period"]
    if not count:
        return _("No figures from the plan period (from %(year)d) are known yet.") % {
            "year": content["scope"]["start_year"]
        }
    return ngettext(
        "From the plan period (from %(year)d) %(count)d figure is known, for %(with)d of "
        "the %(total)d indicators.",
        "From the plan period (from %(year)d) %(count)d figures are known, for %(with)d of "
        "the %(total)d indicators.",
        count,
    ) % {
        "year": content["scope"]["start_year"],
        "count": count,
        "with": overview["indicators_with_figures_in_plan_period"],
        "total": total,
    }


def _changes_point(content: Mapping[str, Any]) -> Iterator[str]:
    changes = content["changes"]
    previous = changes.get("previous")
    if not previous:
        return
    moved = len(changes["statuses"])
    parts = [
        ngettext("%(count)d status moved", "%(count)d statuses moved", moved) % {"count": moved},
        ngettext(
            "%(count)d action completed",
            "%(count)d actions completed",
            len(changes["actions_completed"]),
        )
        % {"count": len(changes["actions_completed"])},
        ngettext(
            "%(count)d action became late",
            "%(count)d actions became late",
            len(changes["actions_newly_late"]),
        )
        % {"count": len(changes["actions_newly_late"])},
        ngettext(
            "%(count)d new or corrected figure",
            "%(count)d new or corrected figures",
            len(changes["measurements"]),
        )
        % {"count": len(changes["measurements"])},
    ]
    yield _("Since the previous report (reporting date %(date)s): %(parts)s.") % {
        "date": date.fromisoformat(previous["reporting_date"]).strftime("%d-%m-%Y"),
        "parts": get_text_list(parts, _("and")),
    }


def tasks_with_work(summary: structure.Summary) -> tuple[list[structure.SummaryTheme], int]:
    """The summary's themes with only the tasks that have actions or money, and how many
    tasks that leaves out: a document does not print rows of zeros."""
    themes: list[structure.SummaryTheme] = []
    left_out = 0
    for theme in summary["themes"]:
        tasks = [t for t in theme["tasks"] if t["actions"]["total"] or any(t["budget"].values())]
        left_out += len(theme["tasks"]) - len(tasks)
        if tasks:
            themes.append({**theme, "tasks": tasks})
    return themes, left_out
