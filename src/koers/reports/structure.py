"""The report content as typed structures: what `content.build_content` makes and every
format reads. They mirror the JSON Schema of the open-data format
(schema/report-v1.schema.json); tests/test_report_structure.py holds the two together.
"""

from typing import Any, NotRequired, TypedDict


class StatusFields(TypedDict):
    """The status of an item, as every item of the report carries it."""

    status: str
    status_label: str
    reason: str


class Point(TypedDict):
    period: str
    value: float | int
    provisional: bool


class NextMeasurement(TypedDict):
    period: str
    due: str | None


class Figure(TypedDict):
    area: str
    area_name: str
    area_kind: str
    period: str
    value: float | int
    margin: float | int | None
    provisional: bool
    source: str | None


class Counts(TypedDict):
    total: int
    done: int
    on_schedule: int
    late: int
    not_started: int
    cancelled: int


class Budget(TypedDict):
    planned_cents: int
    reserved_cents: int
    spent_cents: int


class PeerBand(TypedDict):
    period: str
    count: int
    low: float | int
    median: float | int
    high: float | int


class Withheld(TypedDict):
    """A figure the disclosure rules keep out of the report: where it would be, and why."""

    area: str
    area_name: str
    period: str
    category: str | None
    reason: str


class BreakdownCell(TypedDict):
    value: float | int | None  # None: no figure, or one withheld
    withheld: bool


class BreakdownRow(TypedDict):
    category: str
    cells: list[BreakdownCell]  # one per area, in the order of `areas`


class Breakdown(TypedDict):
    """The figures of one dimension (sex, age group) for its newest period."""

    dimension: str
    period: str
    areas: list[str]
    rows: list[BreakdownRow]


class Indicator(TypedDict):
    id: int
    code: str
    name: str
    sentence: str
    unit: str
    unit_label: str
    direction: str
    kind: str
    status: str
    status_label: str
    reason: str
    target: str
    baseline: Point | None
    latest: Point | None
    benchmarks: list[Figure]
    # The comparable municipalities' newest band (range and median); since December 2026.
    peer_band: NotRequired[PeerBand | None]
    next_measurement: NextMeasurement | None
    source: str | None
    measurements: list[Figure]
    # Figures by category, per dimension (docs/breakdowns.md); since December 2026.
    breakdowns: NotRequired[list[Breakdown]]
    # Figures left out by the disclosure rules (docs/disclosure-control.md); since December 2026.
    withheld: NotRequired[list[Withheld]]
    # The Vega-Lite chart: drawing, not data, so the open-data JSON leaves it out.
    chart: NotRequired[dict[str, Any] | None]


class Note(TypedDict):
    date: str
    text: str


class Action(TypedDict):
    id: int
    code: str
    text: str
    status: str
    status_label: str
    reason: str
    owner: str | None
    partners: list[str]
    planned_start: str | None
    deadline: str | None
    planned_text: str
    progress: int
    latest_note: Note | None


class Result(TypedDict):
    id: int
    code: str
    text: str
    status: str
    status_label: str
    reason: str
    achieved_on: str | None
    evidence: str


class ProgrammeAmbition(TypedDict):
    id: int
    programme_id: int
    programme: str
    number: str
    text: str
    status: str
    status_label: str
    reason: str
    actions: list[Action]
    results: list[Result]


class BudgetLine(TypedDict):
    id: int
    programme: str
    resource: str
    description: str
    amount_cents: int | None
    kind: str
    kind_label: str
    funding_source: str
    reserved_elsewhere: bool
    spent_cents: int
    # Since December 2026; reports published before have no taakveld.
    taakveld: NotRequired[str]
    taakveld_name: NotRequired[str]


class Ambition(TypedDict):
    text: str
    # The lines under "Dit bereiken we door", a list in the source document.
    means: list[str]


class Task(TypedDict):
    id: int
    code: str
    title: str
    status: str
    status_label: str
    reason: str
    explanation: str
    ambitions: list[Ambition]
    indicators: list[Indicator]
    programme_ambitions: list[ProgrammeAmbition]
    budget_lines: list[BudgetLine]


class Theme(TypedDict):
    id: int
    chapter: str
    title: str
    status: str
    status_label: str
    reason: str
    tasks: list[Task]


class Scope(TypedDict):
    kind: str
    framework_id: int
    framework_title: str
    programme_id: int | None
    programme_title: str | None
    start_year: int
    end_year: int


class Municipality(TypedDict):
    name: str
    cbs_code: str


class Programme(TypedDict):
    id: int
    title: str
    theme: str
    start_year: int
    end_year: int
    status: str
    status_label: str
    reason: str


class SummaryTask(TypedDict):
    code: str
    title: str
    status: str
    status_label: str
    actions: Counts
    budget: Budget


class SummaryTheme(TypedDict):
    chapter: str
    title: str
    status: str
    status_label: str
    tasks: list[SummaryTask]


class Summary(TypedDict):
    themes: list[SummaryTheme]
    actions: Counts
    budget: Budget


class StatusCount(TypedDict):
    status: str
    label: str
    count: int


class OverdueFigure(TypedDict):
    task: str
    indicator: str
    name: str
    period: str
    due: str
    latest_period: str | None


class Overview(TypedDict):
    """The bestuurlijke samenvatting (reports/overview.py)."""

    key_message: str
    points: list[str]
    tasks: list[StatusCount]
    indicators: list[StatusCount]
    actions: list[StatusCount]
    results: list[StatusCount]
    figures_in_plan_period: int
    indicators_with_figures_in_plan_period: int
    overdue: list[OverdueFigure]


class Source(TypedDict):
    name: str
    publisher: str
    url: str
    periods: list[str]
    figures: int


class Colophon(TypedDict):
    municipality: str
    subject: str
    period: str
    reporting_date: str
    generated_at: str
    made_with: str


class Report(TypedDict):
    format: str
    version: int
    language: str
    title: str
    reporting_date: str
    generated_at: str
    state: str
    report_id: int | None
    published_at: str | None
    published_by: str | None
    scope: Scope
    municipality: Municipality
    status: str
    status_label: str
    reason: str
    programmes: list[Programme]
    overview: Overview
    summary: Summary
    themes: list[Theme]
    sources: list[Source]
    # What changed since the previous report (reports/changes.py), item by item.
    changes: dict[str, Any]
    colophon: Colophon
