"""The content of a progress report: everything it says, as plain JSON-ready data.

Read from the status tree (`koers.monitor.tree.load_plan`) plus three small queries, so a
report costs the same number of queries whatever the size of the plan. A published report
stores this content; every format (HTML, PDF, Word, Excel, CSV, JSON) renders from it.
The shape is described in docs/reports.md and checked by schema/report-v1.schema.json.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any, overload

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koers.budgets.models import BudgetLine
from koers.budgets.totals import LineMoney, spent_by_line, totals
from koers.monitor.charts import Breakdown, breakdowns, indicator_spec, shown_bands
from koers.monitor.models import Indicator, Measurement, Source
from koers.monitor.peers import Band
from koers.monitor.periods import period_end
from koers.monitor.status import (
    Point,
    Status,
    baseline_and_latest,
    describe_target,
    verdict_label,
)
from koers.monitor.tree import Node, Plan, indicator_facts, is_home, load_plan, target_spec
from koers.monitor.vocabulary import StatusCode
from koers.plans.models import Action, ActionNote, Framework
from koers.reports import structure
from koers.reports.changes import report_changes
from koers.reports.overview import build_overview

FORMAT = "koers-report"
VERSION = 1
_EMPTY_OVERVIEW: structure.Overview = {
    "key_message": "",
    "points": [],
    "tasks": [],
    "indicators": [],
    "actions": [],
    "results": [],
    "figures_in_plan_period": 0,
    "indicators_with_figures_in_plan_period": 0,
    "overdue": [],
}


class ScopeError(LookupError):
    """The framework or programme a report asks for does not exist."""


def build_content(
    framework_id: int,
    programme_id: int | None,
    on: date,
    *,
    explanations: dict[int, str] | None = None,
    key_message: str = "",
    previous: dict[str, Any] | None = None,
    report: Any = None,
) -> structure.Report:
    """The report on a framework (or one of its programmes) on reporting date `on`.

    Only confirmed figures count, as on the residents' pages: a report is a public document.
    `explanations` maps task ids to the adviser's text and `key_message` is the editor's
    kernboodschap; `previous` is the content of the previous published report, for the
    section on what changed.
    """
    found = Framework.objects.select_related("municipality").filter(pk=framework_id).first()
    if found is None:
        raise ScopeError(_("No framework with number %(id)s.") % {"id": framework_id})
    plan = load_plan(found, on, confirmed_only=True)
    programmes = [p for p in plan.programmes if programme_id in (None, p.obj.pk)]
    if programme_id is not None and not programmes:
        raise ScopeError(_("No programme with number %(id)s.") % {"id": programme_id})
    framework = plan.framework
    scope_node = programmes[0] if programme_id is not None else plan.node
    reader = _Reader(plan, programmes, on, explanations or {})
    themes = reader.themes(programme_id is not None)
    scope = _scope(framework, scope_node if programme_id is not None else None)
    generated_at = _now()
    content: structure.Report = {
        "format": FORMAT,
        "version": VERSION,
        "language": get_language() or "nl",
        "title": report_title(
            scope_node.title if programme_id is not None else framework.title, on
        ),
        "reporting_date": on.isoformat(),
        "generated_at": generated_at,
        "state": report.state if report is not None else "live",
        "report_id": report.pk if report is not None else None,
        "published_at": None,
        "published_by": None,
        "scope": scope,
        "municipality": {
            "name": framework.municipality.name,
            "cbs_code": framework.municipality.cbs_code,
        },
        **_status(scope_node.status),
        "programmes": [
            {
                "id": p.obj.pk,
                "title": p.title,
                "theme": p.obj.theme.chapter,
                "start_year": p.obj.start_year,
                "end_year": p.obj.end_year,
                **_status(p.status),
            }
            for p in programmes
        ],
        "overview": _EMPTY_OVERVIEW,  # drawn from the finished content below
        "summary": _summary(themes),
        "themes": themes,
        "sources": reader.sources(),
        "changes": {},
        "colophon": _colophon(framework.municipality.name, scope, on, generated_at),
    }
    content["changes"] = report_changes(previous, content)
    content["overview"] = build_overview(content, key_message)
    return content


def _now() -> str:
    return timezone.localtime().replace(microsecond=0).isoformat()


def report_title(subject: str, on: date) -> str:
    return _("Progress report %(subject)s, %(date)s") % {
        "subject": subject,
        "date": on.strftime("%d-%m-%Y"),
    }


def _scope(framework: Framework, programme: Node | None) -> structure.Scope:
    years = programme.obj if programme is not None else framework
    return {
        "kind": "programme" if programme is not None else "framework",
        "framework_id": framework.pk,
        "framework_title": framework.title,
        "programme_id": programme.obj.pk if programme is not None else None,
        "programme_title": programme.title if programme is not None else None,
        "start_year": years.start_year,
        "end_year": years.end_year,
    }


def _status(status: Status | None) -> structure.StatusFields:
    if status is None:
        return {"status": "not_judged", "status_label": verdict_label("not_judged"), "reason": ""}
    label = verdict_label(status.code)
    if status.verdict:
        label = f"{label}: {verdict_label(status.verdict)}"
    return {"status": status.code, "status_label": label, "reason": status.reason}


@overload
def _number(value: Decimal) -> float | int: ...
@overload
def _number(value: Decimal | None) -> float | int | None: ...
def _number(value: Decimal | None) -> float | int | None:
    """A JSON number that prints as the decimal it came from (at most four places)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _date(day: date | None) -> str | None:
    return day.isoformat() if day else None


class _Reader:
    """Turns the status tree of one plan into report items, with the notes and spending."""

    def __init__(
        self, plan: Plan, programmes: list[Node], on: date, explanations: dict[int, str]
    ) -> None:
        self.plan = plan
        self.programmes = programmes
        self.on = on
        self.explanations = explanations
        self.figures: list[tuple[structure.Figure, Source | None]] = []
        programme_ids = [p.obj.pk for p in programmes]
        # Residents read reports: only public notes, the latest up to the reporting date.
        self.notes: dict[int, ActionNote] = {}
        for note in ActionNote.objects.filter(
            action__ambition__programme__in=programme_ids, public=True, noted_on__lte=on
        ).order_by("action_id", "noted_on", "created_at", "pk"):
            self.notes[note.action_id] = note
        self.spent = spent_by_line(programme_ids, on)

    # -- themes and tasks ------------------------------------------------------------------

    def themes(self, programme_only: bool) -> list[structure.Theme]:
        ambitions_by_task: dict[int, list[tuple[Node, Node]]] = defaultdict(list)
        for programme in self.programmes:
            for ambition in programme.children:
                ambitions_by_task[ambition.obj.task_id].append((programme, ambition))
        lines_by_task: dict[int, list[tuple[Node, BudgetLine]]] = defaultdict(list)
        for programme in self.programmes:
            for line in programme.obj.budget_lines.all():
                lines_by_task[line.task_id].append((programme, line))
        wanted_themes = {p.obj.theme_id for p in self.programmes}
        themes: list[structure.Theme] = []
        for theme in self.plan.node.children:
            tasks = [
                self._task(task, ambitions_by_task[task.obj.pk], lines_by_task[task.obj.pk])
                for task in theme.children
                if not programme_only
                or theme.obj.pk in wanted_themes
                or task.obj.pk in ambitions_by_task
            ]
            if tasks:
                themes.append(
                    {
                        "id": theme.obj.pk,
                        "chapter": theme.code,
                        "title": theme.title,
                        **_status(theme.status),
                        "tasks": tasks,
                    }
                )
        return themes

    def _task(
        self,
        node: Node,
        ambitions: list[tuple[Node, Node]],
        lines: list[tuple[Node, BudgetLine]],
    ) -> structure.Task:
        task = node.obj
        monitors = [i for i in task.indicators.all() if i.role == Indicator.Role.MONITOR]
        return {
            "id": task.pk,
            "code": task.code,
            "title": task.title,
            **_status(node.status),
            "explanation": self.explanations.get(task.pk, ""),
            "ambitions": [{"text": a.text, "means": list(a.means)} for a in task.ambitions.all()],
            "indicators": [self._indicator(i) for i in monitors],
            "programme_ambitions": [self._ambition(p, a) for p, a in ambitions],
            "budget_lines": [self._budget_line(p, line) for p, line in lines],
        }

    # -- indicators ------------------------------------------------------------------------

    def _indicator(self, indicator: Indicator) -> structure.Indicator:
        framework = self.plan.framework
        targets = list(indicator.targets.all())
        status = self.plan.of(indicator)
        facts = indicator_facts(indicator, targets[0] if targets else None, framework)
        base, latest = baseline_and_latest(facts, self.on)
        known = [
            m
            for m in indicator.measurements.all()
            if not m.period or period_end(m.period) <= self.on
        ]
        latest_elsewhere: dict[int, Measurement] = {}
        for m in known:  # ordered by period: the last one per area wins
            if m.period and not is_home(m, framework):
                latest_elsewhere[m.area_id] = m
        figures = [self._figure(m, indicator) for m in known]
        self.figures.extend(
            (f, m.source or indicator.source) for f, m in zip(figures, known, strict=True)
        )
        goal = "; ".join(describe_target(target_spec(t), indicator.unit) for t in targets)
        return {
            "id": indicator.pk,
            "code": indicator.code,
            "name": indicator.name,
            "sentence": indicator.sentence,
            "unit": indicator.unit,
            "unit_label": indicator.get_unit_display(),
            "direction": indicator.direction,
            "kind": indicator.kind,
            **_status(status),
            "target": goal,
            "baseline": _point(base),
            "latest": _point(latest),
            "benchmarks": [
                self._figure(m, indicator)
                for m in sorted(latest_elsewhere.values(), key=lambda m: _area_rank(m))
            ],
            "next_measurement": (
                {"period": status.next_period, "due": _date(status.next_due)}
                if status is not None and status.next_period
                else None
            ),
            "peer_band": _peer_band(shown_bands(indicator, until=self.on)),
            "source": indicator.source.name if indicator.source else None,
            "measurements": figures,
            "breakdowns": [
                _breakdown(part, indicator)
                for part in breakdowns(indicator, framework, until=self.on)
            ],
            "withheld": [
                {
                    "area": mark.area.code,
                    "area_name": mark.area.name,
                    "period": mark.period,
                    "category": mark.category.name if mark.category else None,
                    "reason": mark.explanation,
                }
                for mark in getattr(indicator, "withheld", [])
                if not mark.period or period_end(mark.period) <= self.on
            ],
            "chart": indicator_spec(indicator, framework, until=self.on),
        }

    def _figure(self, m: Measurement, indicator: Indicator) -> structure.Figure:
        source = m.source or indicator.source
        return {
            "area": m.area.code,
            "area_name": m.area.name,
            "area_kind": m.area.kind,
            "period": m.period,
            "value": _number(m.value),
            "margin": _number(m.margin),
            "provisional": m.status == Measurement.Status.PROVISIONAL,
            "source": source.name if source else None,
        }

    def sources(self) -> list[structure.Source]:
        """Every source the report's figures come from, with the periods it gave."""
        found: dict[str, dict[str, Any]] = {}
        for figure, source in self.figures:
            name = figure["source"] or _("Source not stated")
            entry = found.setdefault(
                name,
                {
                    "name": name,
                    "publisher": source.publisher if source else "",
                    "url": source.url if source else "",
                    "periods": set(),
                    "figures": 0,
                },
            )
            entry["figures"] += 1
            if figure["period"]:
                entry["periods"].add(figure["period"])
        return [
            {
                "name": entry["name"],
                "publisher": entry["publisher"],
                "url": entry["url"],
                "periods": sorted(entry["periods"]),
                "figures": entry["figures"],
            }
            for entry in sorted(found.values(), key=lambda e: e["name"].lower())
        ]

    # -- programme items -------------------------------------------------------------------

    def _ambition(self, programme: Node, ambition: Node) -> structure.ProgrammeAmbition:
        return {
            "id": ambition.obj.pk,
            "programme_id": programme.obj.pk,
            "programme": programme.title,
            "number": ambition.obj.number,
            "text": ambition.title,
            **_status(ambition.status),
            "actions": [self._action(n) for n in ambition.children if n.kind == "action"],
            "results": [self._result(n) for n in ambition.children if n.kind == "result"],
        }

    def _action(self, node: Node) -> structure.Action:
        action: Action = node.obj
        note = self.notes.get(action.pk)
        return {
            "id": action.pk,
            "code": action.code,
            "text": action.text,
            **_status(node.status),
            "owner": action.owner.name if action.owner else None,
            "partners": sorted(p.name for p in action.partners.all()),
            "planned_start": _date(action.planned_start),
            "deadline": _date(action.deadline),
            "planned_text": action.planned_text,
            "progress": action.progress,
            "latest_note": {"date": note.noted_on.isoformat(), "text": note.text} if note else None,
        }

    def _result(self, node: Node) -> structure.Result:
        result = node.obj
        return {
            "id": result.pk,
            "code": result.code,
            "text": result.text,
            **_status(node.status),
            "achieved_on": _date(result.achieved_on) if node.status.code == "achieved" else None,
            "evidence": result.evidence if node.status.code == "achieved" else "",
        }

    def _budget_line(self, programme: Node, line: BudgetLine) -> structure.BudgetLine:
        return {
            "id": line.pk,
            "programme": programme.title,
            "resource": line.resource,
            "description": line.description,
            "amount_cents": line.amount_cents,
            "kind": line.kind,
            "kind_label": line.get_kind_display(),
            "funding_source": line.funding_source,
            "reserved_elsewhere": line.reserved_elsewhere,
            "spent_cents": self.spent.get(line.pk, 0),
            "taakveld": line.taakveld.code if line.taakveld else "",
            "taakveld_name": line.taakveld.name if line.taakveld else "",
        }


def _breakdown(part: Breakdown, indicator: Indicator) -> structure.Breakdown:
    def cell(found: Any) -> structure.BreakdownCell:
        if found is None or not isinstance(found, Measurement):
            return {"value": None, "withheld": found is not None}
        return {"value": _number(found.value), "withheld": False}

    return {
        "dimension": part.dimension,
        "period": part.period,
        "areas": [area.name for area in part.areas],
        "rows": [
            {"category": category.name, "cells": [cell(found) for found in cells]}
            for category, cells in part.rows()
        ],
    }


def _peer_band(bands: list[Band]) -> structure.PeerBand | None:
    """The newest band with a year (or the one without, when that is all there is)."""
    dated = [b for b in bands if b.period] or bands
    if not dated:
        return None
    band = dated[-1]
    return {
        "period": band.period,
        "count": band.count,
        "low": _number(band.low),
        "median": _number(band.median),
        "high": _number(band.high),
    }


AREA_RANK = {"municipality": 0, "district": 1, "region": 2, "ggd_region": 3, "country": 4}


def _area_rank(m: Measurement) -> tuple[int, str]:
    return AREA_RANK.get(m.area.kind, 9), m.area.name


def _point(point: Point | None) -> structure.Point | None:
    if point is None:
        return None
    return {"period": point.period, "value": _number(point.value), "provisional": point.provisional}


# -- summary ---------------------------------------------------------------------------------


def _counts(tasks: list[structure.Task]) -> structure.Counts:
    actions = [a for t in tasks for amb in t["programme_ambitions"] for a in amb["actions"]]

    def count(code: str) -> int:
        return sum(a["status"] == code for a in actions)

    return {
        "total": len(actions),
        "done": count(StatusCode.DONE),
        "on_schedule": count(StatusCode.ON_SCHEDULE),
        "late": count(StatusCode.LATE),
        "not_started": count(StatusCode.NOT_STARTED),
        "cancelled": count(StatusCode.CANCELLED),
    }


def _budget(tasks: list[structure.Task]) -> structure.Budget:
    money = totals(
        LineMoney(line["amount_cents"], line["reserved_elsewhere"], line["spent_cents"])
        for t in tasks
        for line in t["budget_lines"]
    )
    return {
        "planned_cents": money.planned_cents,
        "reserved_cents": money.reserved_cents,
        "spent_cents": money.spent_cents,
    }


def _summary(themes: list[structure.Theme]) -> structure.Summary:
    """Per theme and task: status, actions done / on schedule / late, and the budget."""
    rows: list[structure.SummaryTheme] = [
        {
            "chapter": theme["chapter"],
            "title": theme["title"],
            "status": theme["status"],
            "status_label": theme["status_label"],
            "tasks": [
                {
                    "code": task["code"],
                    "title": task["title"],
                    "status": task["status"],
                    "status_label": task["status_label"],
                    "actions": _counts([task]),
                    "budget": _budget([task]),
                }
                for task in theme["tasks"]
            ],
        }
        for theme in themes
    ]
    tasks = [task for theme in themes for task in theme["tasks"]]
    return {"themes": rows, "actions": _counts(tasks), "budget": _budget(tasks)}


def _colophon(
    municipality: str, scope: structure.Scope, on: date, generated_at: str
) -> structure.Colophon:
    return {
        "municipality": municipality,
        "subject": scope["programme_title"] or scope["framework_title"],
        "period": f"{scope['start_year']}-{scope['end_year']}",
        "reporting_date": on.isoformat(),
        "generated_at": generated_at,
        "made_with": "Koers",
    }
