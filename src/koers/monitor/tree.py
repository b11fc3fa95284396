"""The status tree of frameworks and programmes on a reporting date.

Reads the plan with a fixed number of queries, turns each object into the plain facts of
`koers.monitor.status`, and rolls statuses up: indicator and action → task → theme →
framework; action and result → programme ambition → programme.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q

from koers.monitor.models import Area, Indicator, Measurement, Target
from koers.monitor.status import (
    ActionFacts,
    Assessment,
    IndicatorFacts,
    Point,
    ResultFacts,
    Status,
    action_status,
    indicator_status,
    result_status,
    roll_up,
    verdict_label,
)
from koers.monitor.targets import TargetSpec
from koers.plans.models import Action, Framework, Programme, ProgrammeAmbition, Result, Task


@dataclass
class Node:
    kind: str  # framework, theme, task, indicator, programme, ambition, action, result
    code: str
    title: str
    status: Status
    children: list["Node"] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "title": self.title,
            "status": self.status.code,
            "label": verdict_label(self.status.code),
            "reason": self.status.reason,
            "next_period": self.status.next_period,
            "next_due": self.status.next_due.isoformat() if self.status.next_due else None,
            "children": [child.to_dict() for child in self.children],
        }


def target_spec(target: Target) -> TargetSpec:
    return TargetSpec(
        kind=target.kind,
        sentence=target.sentence,
        direction=target.direction,
        value=target.value,
        change=target.change,
        change_unit=target.change_unit,
        start_year=target.start_year,
        target_year=target.target_year,
        baseline_value=target.baseline_value,
        baseline_period=target.baseline_period,
        baseline_note=target.baseline_note,
        values=tuple((v.year, v.value) for v in target.values.all()),
    )


def indicator_facts(indicator: Indicator, target: Target | None) -> IndicatorFacts:
    """The facts of one indicator; its `measurements` must hold the home area's only."""
    source = indicator.source
    return IndicatorFacts(
        unit=indicator.unit,
        direction=indicator.direction,
        qualitative=indicator.kind == Indicator.Kind.QUALITATIVE,
        frequency=indicator.frequency
        if indicator.frequency != "unknown" or source is None
        else source.frequency,
        anchor_year=source.anchor_year if source else None,
        target=target_spec(target) if target is not None else None,
        points=tuple(
            Point(
                m.period,
                m.value,
                m.margin,
                m.sample_size,
                provisional=m.status == Measurement.Status.PROVISIONAL,
            )
            for m in indicator.measurements.all()
        ),
        assessments=tuple(
            Assessment(a.assessed_on, a.verdict, a.text) for a in indicator.assessments.all()
        ),
    )


def indicator_node(indicator: Indicator, on: date) -> Node:
    targets = list(indicator.targets.all()) or [None]
    statuses = [indicator_status(indicator_facts(indicator, t), on) for t in targets]
    status = statuses[0]
    if len(statuses) > 1:  # several targets: judged together, every reason kept
        combined = roll_up(statuses)
        status = Status(combined.code, " ".join(s.reason for s in statuses))
    return Node("indicator", indicator.code, indicator.name, status)


def action_node(action: Action, on: date) -> Node:
    facts = ActionFacts(action.status, action.deadline, action.planned_start, action.progress)
    return Node("action", action.code, action.text, action_status(facts, on))


def result_node(result: Result, programme_end: date, on: date) -> Node:
    facts = ResultFacts(result.achieved, result.evidence, result.achieved_on, programme_end)
    return Node("result", result.code, result.text, result_status(facts, on))


def _home_area_measurements(framework: Framework) -> Q:
    code = framework.municipality.cbs_code
    return Q(area__code=code) | Q(area__cbs_code=code)


def _frameworks() -> list[Framework]:
    return list(
        Framework.objects.select_related("municipality")
        .order_by("start_year", "title")
        .prefetch_related(
            "themes",
            Prefetch(
                "programmes",
                queryset=Programme.objects.prefetch_related(
                    Prefetch(
                        "ambitions",
                        queryset=ProgrammeAmbition.objects.select_related("task").prefetch_related(
                            "actions", "results"
                        ),
                    )
                ),
            ),
        )
    )


def _tasks(framework: Framework) -> list[Task]:
    home = Area.objects.filter(
        Q(code=framework.municipality.cbs_code) | Q(cbs_code=framework.municipality.cbs_code)
    )
    return list(
        Task.objects.filter(framework=framework)
        .order_by("order")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.filter(role=Indicator.Role.MONITOR)
                .select_related("source")
                .prefetch_related(
                    Prefetch("targets", queryset=Target.objects.prefetch_related("values")),
                    Prefetch("measurements", queryset=Measurement.objects.filter(area__in=home)),
                    "assessments",
                ),
            ),
        )
    )


def status_tree(on: date) -> list[dict[str, Any]]:
    """Per framework: its node (themes → tasks → indicators, actions) and its programmes."""
    found = []
    for framework in _frameworks():
        programmes = list(framework.programmes.all())
        actions_by_task: dict[int, list[Node]] = {}
        programme_nodes = []
        for programme in programmes:
            end = date(programme.end_year, 12, 31)
            ambition_nodes = []
            for ambition in programme.ambitions.all():
                actions = [action_node(a, on) for a in ambition.actions.all()]
                results = [result_node(r, end, on) for r in ambition.results.all()]
                actions_by_task.setdefault(ambition.task_id, []).extend(actions)
                ambition_nodes.append(
                    Node(
                        "ambition",
                        f"{ambition.task.code}/{ambition.number}",
                        ambition.text,
                        roll_up([n.status for n in actions + results]),
                        actions + results,
                    )
                )
            leaves = [leaf.status for node in ambition_nodes for leaf in node.children]
            programme_nodes.append(
                Node(
                    "programme", str(programme.pk), programme.title, roll_up(leaves), ambition_nodes
                )
            )

        tasks_by_theme: dict[int, list[Node]] = {}
        for task in _tasks(framework):
            children = [indicator_node(i, on) for i in task.indicators.all()]
            children += actions_by_task.get(task.pk, [])
            node = Node(
                "task", task.code, task.title, roll_up([c.status for c in children]), children
            )
            tasks_by_theme.setdefault(task.theme_id, []).append(node)
        theme_nodes = [
            Node(
                "theme",
                theme.chapter,
                theme.title,
                roll_up([t.status for t in tasks_by_theme.get(theme.pk, [])]),
                tasks_by_theme.get(theme.pk, []),
            )
            for theme in framework.themes.all()
        ]
        framework_node = Node(
            "framework",
            str(framework.pk),
            framework.title,
            roll_up([t.status for t in theme_nodes]),
            theme_nodes,
        )
        found.append({"framework": framework_node, "programmes": programme_nodes})
    return found
