"""The status tree of frameworks and programmes on a reporting date.

Reads the plan with a fixed number of queries, turns each object into the plain facts of
`koers.monitor.status`, and rolls statuses up: indicator and action → task → theme →
framework; action and result → programme ambition → programme.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from django.db.models import Prefetch, QuerySet

from koers.budgets.models import BudgetLine
from koers.monitor.models import Indicator, Measurement, Target
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
from koers.plans.models import (
    Action,
    ActionNote,
    Framework,
    Programme,
    ProgrammeAmbition,
    Result,
    Task,
)


class NodeKind(StrEnum):
    """The kinds of item in the plan tree, as statuses, the API and reports name them."""

    FRAMEWORK = "framework"
    THEME = "theme"
    TASK = "task"
    INDICATOR = "indicator"
    PROGRAMME = "programme"
    AMBITION = "ambition"
    ACTION = "action"
    RESULT = "result"


@dataclass
class Node:
    kind: NodeKind
    code: str
    title: str
    status: Status
    children: list["Node"] = field(default_factory=list)
    obj: Any = field(default=None, repr=False, compare=False)

    def walk(self) -> Iterator["Node"]:
        yield self
        for child in self.children:
            yield from child.walk()

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


def indicator_facts(
    indicator: Indicator, target: Target | None, framework: Framework
) -> IndicatorFacts:
    """The facts of one indicator, from the figures of the framework's own municipality."""
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
            if is_home(m, framework)
        ),
        assessments=tuple(
            Assessment(a.assessed_on, a.verdict, a.text) for a in indicator.assessments.all()
        ),
    )


def indicator_node(indicator: Indicator, on: date, framework: Framework) -> Node:
    targets: list[Target | None] = [*indicator.targets.all()] or [None]
    statuses = [indicator_status(indicator_facts(indicator, t, framework), on) for t in targets]
    status = statuses[0]
    if len(statuses) > 1:  # several targets: judged together, every reason kept
        combined = roll_up(statuses)
        status = Status(combined.code, " ".join(s.reason for s in statuses))
    return Node(NodeKind.INDICATOR, indicator.code, indicator.name, status, obj=indicator)


def action_node(action: Action, on: date) -> Node:
    facts = ActionFacts(action.status, action.deadline, action.planned_start, action.progress)
    return Node(NodeKind.ACTION, action.code, action.text, action_status(facts, on), obj=action)


def result_node(result: Result, programme_end: date, on: date) -> Node:
    evidence = result.evidence
    if not evidence and result.evidence_file.name:  # a file is evidence too; name it
        evidence = result.evidence_file.name.rsplit("/", 1)[-1]
    facts = ResultFacts(result.achieved, evidence, result.achieved_on, programme_end)
    return Node(NodeKind.RESULT, result.code, result.text, result_status(facts, on), obj=result)


def programmes_with_items(*, with_notes: bool = False) -> QuerySet[Programme]:
    """Programmes with their ambitions, actions, results and budget lines: the one
    description of the programme branch that the status tree and the exporter both read.

    `with_notes` adds each action's progress notes and each budget line's spending.
    """
    actions = Action.objects.select_related("owner").prefetch_related("partners", "references")
    lines = BudgetLine.objects.select_related("task")
    if with_notes:
        notes = ActionNote.objects.select_related("author").order_by("noted_on", "created_at", "pk")
        actions = actions.prefetch_related(Prefetch("notes", queryset=notes))
        lines = lines.prefetch_related("spending")
    return Programme.objects.select_related("theme").prefetch_related(
        Prefetch("budget_lines", queryset=lines),
        Prefetch(
            "ambitions",
            queryset=ProgrammeAmbition.objects.select_related("task").prefetch_related(
                Prefetch("actions", queryset=actions),
                Prefetch(
                    "results",
                    queryset=Result.objects.select_related("action").prefetch_related("references"),
                ),
            ),
        ),
    )


def _frameworks() -> list[Framework]:
    return list(
        Framework.objects.select_related("municipality")
        .order_by("start_year", "title")
        .prefetch_related("themes", Prefetch("programmes", queryset=programmes_with_items()))
    )


def indicators_with_figures(
    *measurement_order: str, confirmed_only: bool = False
) -> QuerySet[Indicator]:
    """Indicators with their source, targets (and yearly values), figures and assessments.

    `confirmed_only` leaves out figures a partner entered that no editor confirmed yet.
    """
    figures = Measurement.objects.select_related("area", "source").order_by(*measurement_order)
    if confirmed_only:
        figures = figures.filter(confirmed=True)
    return Indicator.objects.select_related("source").prefetch_related(
        Prefetch("targets", queryset=Target.objects.prefetch_related("values")),
        Prefetch("measurements", queryset=figures),
        "assessments",
    )


def _tasks(confirmed_only: bool) -> list[Task]:
    """Every task with all its indicators and their figures for every area."""
    return list(
        Task.objects.select_related("theme")
        .order_by("framework", "theme__order", "order")
        .prefetch_related(
            "ambitions",
            Prefetch(
                "indicators",
                queryset=indicators_with_figures(
                    "period", "area__code", confirmed_only=confirmed_only
                ),
            ),
        )
    )


def is_home(measurement: Measurement, framework: Framework) -> bool:
    """Whether a measurement is of the framework's own municipality (not a benchmark)."""
    code = framework.municipality.cbs_code
    return code in (measurement.area.code, measurement.area.cbs_code)


@dataclass
class Plan:
    """A framework with its tasks and programmes, their statuses computed for one date."""

    framework: Framework
    node: Node
    programmes: list[Node]
    tasks: list[Task]
    status: dict[tuple[str, int], Status]

    def of(self, obj: Any) -> Status | None:
        return self.status.get((type(obj).__name__.lower(), obj.pk))


def load_plans(on: date, confirmed_only: bool = False) -> list[Plan]:
    """All frameworks, read with a fixed number of queries, with every status on `on`.

    Residents' pages pass `confirmed_only`: their statuses use confirmed figures only.
    """
    tasks_by_framework: dict[int, list[Task]] = {}
    for task in _tasks(confirmed_only):
        tasks_by_framework.setdefault(task.framework_id, []).append(task)
    return [
        _plan(framework, tasks_by_framework.get(framework.pk, []), on)
        for framework in _frameworks()
    ]


def _plan(framework: Framework, tasks: list[Task], on: date) -> Plan:
    status: dict[tuple[str, int], Status] = {}
    actions_by_task: dict[int, list[Node]] = {}
    programme_nodes = []
    for programme in framework.programmes.all():
        end = date(programme.end_year, 12, 31)
        ambition_nodes = []
        for ambition in programme.ambitions.all():
            actions = [action_node(a, on) for a in ambition.actions.all()]
            results = [result_node(r, end, on) for r in ambition.results.all()]
            actions_by_task.setdefault(ambition.task_id, []).extend(actions)
            node = Node(
                NodeKind.AMBITION,
                f"{ambition.task.code}/{ambition.number}",
                ambition.text,
                roll_up([n.status for n in actions + results]),
                actions + results,
                ambition,
            )
            ambition_nodes.append(node)
        leaves = [leaf.status for node in ambition_nodes for leaf in node.children]
        programme_nodes.append(
            Node(
                NodeKind.PROGRAMME,
                str(programme.pk),
                programme.title,
                roll_up(leaves),
                ambition_nodes,
                programme,
            )
        )

    tasks_by_theme: dict[int, list[Node]] = {}
    for task in tasks:
        monitors = [i for i in task.indicators.all() if i.role == Indicator.Role.MONITOR]
        children = [indicator_node(i, on, framework) for i in monitors]
        children += actions_by_task.get(task.pk, [])
        node = Node(
            NodeKind.TASK,
            task.code,
            task.title,
            roll_up([c.status for c in children]),
            children,
            task,
        )
        tasks_by_theme.setdefault(task.theme_id, []).append(node)
    theme_nodes = [
        Node(
            NodeKind.THEME,
            theme.chapter,
            theme.title,
            roll_up([t.status for t in tasks_by_theme.get(theme.pk, [])]),
            tasks_by_theme.get(theme.pk, []),
            theme,
        )
        for theme in framework.themes.all()
    ]
    node = Node(
        NodeKind.FRAMEWORK,
        str(framework.pk),
        framework.title,
        roll_up([t.status for t in theme_nodes]),
        theme_nodes,
        framework,
    )
    for root in [node, *programme_nodes]:
        for found in root.walk():
            if found.obj is not None:
                status[(type(found.obj).__name__.lower(), found.obj.pk)] = found.status
    return Plan(framework, node, programme_nodes, tasks, status)


def status_tree(on: date) -> list[dict[str, Any]]:
    """Per framework: its node (themes → tasks → indicators, actions) and its programmes."""
    return [{"framework": p.node, "programmes": p.programmes} for p in load_plans(on)]
