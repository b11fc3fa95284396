"""The status tree of frameworks and programmes on a reporting date.

Reads the plan with a fixed number of queries, turns each object into the plain facts of
`koers.monitor.status`, and rolls statuses up: indicator and action → task → theme →
framework; action and result → programme ambition → programme.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet

from koers.budgets.models import BudgetLine
from koers.monitor.models import Area, Indicator, Measurement, Target
from koers.monitor.reading import read_tasks, read_themes_and_programmes
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
    pk: int | None = None

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
    """The facts of one indicator, from the figures of the framework's own municipality:
    for a target about a category (65+), that category's figures."""
    source = indicator.source
    figures = (
        indicator.measurements.all()
        if target is None or target.category_id is None
        else [m for m in getattr(indicator, "breakdown", []) if m.category_id == target.category_id]
    )
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
            for m in figures
            if is_home(m, framework)
        ),
        assessments=tuple(
            Assessment(a.assessed_on, a.verdict, a.text) for a in indicator.assessments.all()
        ),
        plan_start=framework.start_year,
    )


def indicator_status_of(indicator: Indicator, on: date, framework: Framework) -> Status:
    targets: list[Target | None] = [*indicator.targets.all()] or [None]
    statuses = [indicator_status(indicator_facts(indicator, t, framework), on) for t in targets]
    status = statuses[0]
    if len(statuses) > 1:  # several targets: judged together, every reason kept
        combined = roll_up(statuses)
        status = Status(combined.code, " ".join(s.reason for s in statuses))
    return status


def programmes_with_items(*, with_notes: bool = False) -> QuerySet[Programme]:
    """Programmes with their ambitions, actions, results and budget lines: the one
    description of the programme branch that the status tree and the exporter both read.

    `with_notes` adds each action's progress notes and each budget line's spending.
    """
    actions = Action.objects.select_related("owner", "responsible", "team").prefetch_related(
        "partners", "references"
    )
    lines = BudgetLine.objects.select_related("task__theme", "taakveld")
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
                    queryset=Result.objects.select_related(
                        "action", "responsible", "team"
                    ).prefetch_related("references"),
                ),
            ),
        ),
    )


def indicators_with_figures(
    *measurement_order: str, confirmed_only: bool = False
) -> QuerySet[Indicator]:
    """Indicators with their source, targets (and yearly values), figures (for everyone
    and by category alike) and assessments.

    `confirmed_only` leaves out figures a partner entered that no editor confirmed yet.
    """
    figures = Measurement.objects.select_related("area", "source", "category").order_by(
        *measurement_order, "category__code"
    )
    if confirmed_only:
        figures = figures.filter(confirmed=True)
    people = ("responsible", "team", "data_supplier")
    return Indicator.objects.select_related("source", *people).prefetch_related(
        Prefetch(
            "targets", queryset=Target.objects.select_related("category").prefetch_related("values")
        ),
        Prefetch("measurements", queryset=figures),
        "assessments",
    )


def is_home(measurement: Measurement, framework: Framework) -> bool:
    """Whether a measurement is of the framework's own municipality (not a benchmark)."""
    return is_home_area(measurement.area, framework)


def is_home_area(area: Area, framework: Framework) -> bool:
    """Whether an area is the framework's own municipality."""
    code = framework.municipality.cbs_code
    return code in (area.code, area.cbs_code)


Key = tuple[NodeKind, int]  # one item of the plan tree

# The node kind of each model in the tree, for `Plan.of`.
_KIND_OF = {
    "Framework": NodeKind.FRAMEWORK,
    "Theme": NodeKind.THEME,
    "Task": NodeKind.TASK,
    "Indicator": NodeKind.INDICATOR,
    "Programme": NodeKind.PROGRAMME,
    "ProgrammeAmbition": NodeKind.AMBITION,
    "Action": NodeKind.ACTION,
    "Result": NodeKind.RESULT,
}


@dataclass
class Plan:
    """A framework with its tasks and programmes, their statuses computed for one date."""

    framework: Framework
    node: Node
    programmes: list[Node]
    tasks: list[Task]
    status: dict[Key, Status]
    confirmed_only: bool = False

    @property
    def version(self) -> str:
        """What a view of this plan depends on: its framework, data version and whether it
        was read for the public; part of every key under which something of it is kept."""
        return plan_version(self.framework, self.confirmed_only)

    def of(self, obj: Any) -> Status | None:
        kind = _KIND_OF.get(type(obj).__name__)
        return None if kind is None else self.status.get((kind, obj.pk))


# Statuses are kept per framework, reporting date and data version: every write to a plan
# moves its framework's `data_version` on (koers.plans.versions), so a kept tree is never
# stale, only unused.
CACHE_SECONDS = 24 * 3600


def plan_version(framework: Framework, confirmed_only: bool) -> str:
    """The framework, its data version and the kind of reader, as part of a key."""
    return f"{framework.pk}:{framework.data_version}:{int(confirmed_only)}"


def _cache_key(framework: Framework, on: date, confirmed_only: bool) -> str:
    return f"koers:plan:{plan_version(framework, confirmed_only)}:{on.isoformat()}"


def _bare(node: Node) -> Node:
    """The node and its children without the model objects: what the cache keeps."""
    children = [_bare(child) for child in node.children]
    return Node(node.kind, node.code, node.title, node.status, children, pk=node.pk)


def _bare_trees(plan: Plan) -> list[Node]:
    return [_bare(plan.node), *(_bare(p) for p in plan.programmes)]


def cached_trees(framework: Framework, on: date, confirmed_only: bool = False) -> list[Node]:
    """The framework's node and its programmes' nodes, without model objects: kept, or
    judged now (and kept)."""
    trees = cache.get(_cache_key(framework, on, confirmed_only))
    return trees if trees is not None else _bare_trees(load_plan(framework, on, confirmed_only))


def plan_status(framework: Framework, on: date, confirmed_only: bool = False) -> Status:
    """The status of the framework as a whole, kept apart from its trees: a list of many
    plans (the landing page) then unpickles no tree per plan."""
    key = f"{_cache_key(framework, on, confirmed_only)}:status"
    status: Status | None = cache.get(key)
    if status is None:
        status = cached_trees(framework, on, confirmed_only)[0].status
        cache.set(key, status, CACHE_SECONDS)
    return status


def load_plan(framework: Framework, on: date, confirmed_only: bool = False) -> Plan:
    """One framework with its tasks and programmes, read with a fixed number of queries
    that read its own rows only, with every status on `on` (kept ones where there are).

    Residents' pages pass `confirmed_only`: their statuses use confirmed figures only.
    """
    read_themes_and_programmes(framework)
    key = _cache_key(framework, on, confirmed_only)
    trees: list[Node] | None = cache.get(key)
    known = {(n.kind, n.pk): n.status for t in trees or [] for n in t.walk() if n.pk is not None}
    plan = _Judge(on, known, confirmed_only).plan(framework, read_tasks(framework, confirmed_only))
    if trees is None:
        cache.set(key, _bare_trees(plan), CACHE_SECONDS)
    return plan


# The plans read last in this process, with their model objects, for pages that only read:
# such a page reads no plan at all when the one it needs is kept. The key holds the data
# version (every write moves it on, `koers.plans.versions`) and today (statuses and charts
# are of a day), so a kept plan is never stale, only unused.
_kept: OrderedDict[tuple[str, date], Plan] = OrderedDict()
_kept_lock = threading.Lock()


def kept_plan(framework: Framework, on: date, confirmed_only: bool = False) -> Plan:
    """`load_plan`, shared by the requests of this process that read the same plan.

    For requests that read only: they must not change the plan's objects, since the next
    request gets the same ones. A request that writes reads a plan of its own
    (`load_plan`), so what it changes, saved or refused, never reaches a kept plan.
    """
    size = settings.KOERS_KEPT_PLANS
    if size <= 0:
        return load_plan(framework, on, confirmed_only)
    key = (_cache_key(framework, on, confirmed_only), date.today())
    with _kept_lock:
        plan = _kept.get(key)
        if plan is not None:
            _kept.move_to_end(key)
            return plan
    plan = load_plan(framework, on, confirmed_only)
    with _kept_lock:
        _kept[key] = plan
        while len(_kept) > size:
            _kept.popitem(last=False)
    return plan


def forget_kept_plans() -> None:
    """Drop the plans this process keeps (tests; a restored backup brings back old data
    versions, see `koers.plans.versions.untouched`)."""
    with _kept_lock:
        _kept.clear()


class _Judge:
    """Builds the tree of one plan; statuses kept from before are taken as they are."""

    def __init__(self, on: date, known: dict[Key, Status], confirmed_only: bool) -> None:
        self.on = on
        self.known = known
        self.confirmed_only = confirmed_only

    def node(
        self,
        kind: NodeKind,
        code: str,
        title: str,
        obj: Any,
        judge: Callable[[], Status],
        children: list[Node] | None = None,
    ) -> Node:
        status = self.known.get((kind, obj.pk))
        if status is None:
            status = judge()
        return Node(kind, code, title, status, children or [], obj, obj.pk)

    def rolled_up(
        self, kind: NodeKind, code: str, title: str, obj: Any, children: list[Node]
    ) -> Node:
        judge = lambda: roll_up([child.status for child in children])  # noqa: E731
        return self.node(kind, code, title, obj, judge, children)

    def plan(self, framework: Framework, tasks: list[Task]) -> Plan:
        actions_by_task: dict[int, list[Node]] = {}
        programme_nodes = []
        for programme in framework.programmes.all():
            end = date(programme.end_year, 12, 31)
            ambition_nodes = []
            for ambition in programme.ambitions.all():
                leaves = [self._action(a, end) for a in ambition.actions.all()]
                actions_by_task.setdefault(ambition.task_id, []).extend(leaves)
                leaves += [self._result(r, end) for r in ambition.results.all()]
                code = f"{ambition.task.code}/{ambition.number}"
                ambition_nodes.append(
                    self.rolled_up(NodeKind.AMBITION, code, ambition.text, ambition, leaves)
                )
            # A programme is judged on its actions and results, not on its ambitions.
            leaves = [leaf for node in ambition_nodes for leaf in node.children]
            node = self.rolled_up(
                NodeKind.PROGRAMME, str(programme.pk), programme.title, programme, leaves
            )
            node.children = ambition_nodes
            programme_nodes.append(node)

        tasks_by_theme: dict[int, list[Node]] = {}
        for task in tasks:
            monitors = [i for i in task.indicators.all() if i.role == Indicator.Role.MONITOR]
            children = [self._indicator(i, framework) for i in monitors]
            children += actions_by_task.get(task.pk, [])
            tasks_by_theme.setdefault(task.theme_id, []).append(
                self.rolled_up(NodeKind.TASK, task.code, task.title, task, children)
            )
        theme_nodes = [
            self.rolled_up(
                NodeKind.THEME, theme.chapter, theme.title, theme, tasks_by_theme.get(theme.pk, [])
            )
            for theme in framework.themes.all()
        ]
        node = self.rolled_up(
            NodeKind.FRAMEWORK, str(framework.pk), framework.title, framework, theme_nodes
        )
        status = {
            (found.kind, found.pk): found.status
            for root in [node, *programme_nodes]
            for found in root.walk()
            if found.pk is not None
        }
        return Plan(framework, node, programme_nodes, tasks, status, self.confirmed_only)

    def _action(self, action: Action, programme_end: date) -> Node:
        facts = ActionFacts(
            action.status, action.deadline, action.planned_start, action.progress, programme_end
        )
        judge = partial(action_status, facts, self.on)
        return self.node(NodeKind.ACTION, action.code, action.text, action, judge)

    def _result(self, result: Result, programme_end: date) -> Node:
        evidence = result.evidence
        if not evidence and result.evidence_file.name:  # a file is evidence too; name it
            evidence = result.evidence_file.name.rsplit("/", 1)[-1]
        facts = ResultFacts(result.achieved, evidence, result.achieved_on, programme_end)
        judge = partial(result_status, facts, self.on)
        return self.node(NodeKind.RESULT, result.code, result.text, result, judge)

    def _indicator(self, indicator: Indicator, framework: Framework) -> Node:
        judge = partial(indicator_status_of, indicator, self.on, framework)
        return self.node(NodeKind.INDICATOR, indicator.code, indicator.name, indicator, judge)


def status_tree(framework: Framework, on: date) -> dict[str, Any]:
    """The framework's node (themes → tasks → indicators, actions) and its programmes."""
    plan = load_plan(framework, on)
    return {"framework": plan.node, "programmes": plan.programmes}
