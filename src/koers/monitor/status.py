"""Where Heerde stands: the status rules of docs/status-rules.md, as pure functions.

Nothing here touches the database. Callers pass plain values (`Point`, `TargetSpec`,
`IndicatorFacts`, ...) and get a `Status` with a code and its reason in one Dutch sentence.
"""

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from koers.monitor.calendar import next_due
from koers.monitor.periods import period_bounds, period_end, period_middle
from koers.monitor.targets import TargetSpec
from koers.monitor.vocabulary import (
    ChangeUnit,
    Direction,
    Frequency,
    StatusCode,
    TargetDirection,
    TargetKind,
    Unit,
)

# The status codes by name, for the rules below (koers.monitor.vocabulary.StatusCode).
ACHIEVED = StatusCode.ACHIEVED
ON_TRACK = StatusCode.ON_TRACK
AT_RISK = StatusCode.AT_RISK
OFF_TRACK = StatusCode.OFF_TRACK
AWAITING = StatusCode.AWAITING
NO_BASELINE = StatusCode.NO_BASELINE
ASSESSED = StatusCode.ASSESSED
NOT_JUDGED = StatusCode.NOT_JUDGED
DONE = StatusCode.DONE
ON_SCHEDULE = StatusCode.ON_SCHEDULE
LATE = StatusCode.LATE
NOT_STARTED = StatusCode.NOT_STARTED
CANCELLED = StatusCode.CANCELLED
OPEN = StatusCode.OPEN
MISSED = StatusCode.MISSED
OUTDATED = StatusCode.OUTDATED
PRE_PLAN = StatusCode.PRE_PLAN
INSUFFICIENT = StatusCode.INSUFFICIENT
# Indicator statuses whose figures are too old to judge on: they count as not judged.
STALE = (OUTDATED, PRE_PLAN)

VERDICTS = (ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK)
# What each code weighs in a roll-up; None: waits, does not count either way.
_ROLL_UP = {
    ACHIEVED: ACHIEVED,
    DONE: ACHIEVED,
    ON_TRACK: ON_TRACK,
    ON_SCHEDULE: ON_TRACK,
    AT_RISK: AT_RISK,
    OFF_TRACK: OFF_TRACK,
    LATE: OFF_TRACK,
    MISSED: OFF_TRACK,
}


@dataclass(frozen=True)
class Status:
    code: StatusCode
    reason: str
    verdict: str | None = None  # for assessed qualitative indicators: the person's judgement
    next_period: str | None = None
    next_due: date | None = None

    @property
    def weight(self) -> str | None:
        """The verdict this status brings to a roll-up, or None when it waits."""
        return self.verdict if self.code == ASSESSED else _ROLL_UP.get(self.code)


@dataclass(frozen=True)
class Point:
    """One measurement of the home area: period ("" when undated), value, uncertainty."""

    period: str
    value: Decimal
    margin: Decimal | None = None
    sample_size: int | None = None
    provisional: bool = False


@dataclass(frozen=True)
class Assessment:
    """A person's dated judgement of a qualitative indicator."""

    on: date
    verdict: str
    text: str = ""


@dataclass(frozen=True)
class IndicatorFacts:
    unit: str = Unit.PERCENT
    direction: str = Direction.NONE
    qualitative: bool = False
    frequency: str = Frequency.UNKNOWN
    anchor_year: int | None = None
    target: TargetSpec | None = None
    points: tuple[Point, ...] = ()
    assessments: tuple[Assessment, ...] = field(default=())
    plan_start: int | None = None  # the first year of the framework the indicator is in


# Formatting -------------------------------------------------------------------------


def format_number(value: Decimal | float | int) -> str:
    """Dutch notation: 1.234,5; no trailing zeros."""
    number = Decimal(str(value)).quantize(Decimal("0.01")).normalize()
    sign = "-" if number < 0 else ""
    whole, _dot, fraction = format(abs(number), "f").partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def format_value(value: Decimal | float | int, unit: str) -> str:
    if unit == Unit.PERCENT:
        return f"{format_number(value)}%"
    if unit == Unit.PERCENT_CHANGE:
        return f"{'+' if value > 0 else ''}{format_number(value)}%"
    if unit == Unit.EURO:
        return f"€ {format_number(value)}"
    return format_number(value)


def format_period(period: str) -> str:
    return period if period else _("an unknown year")


def format_date(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def describe_target(target: TargetSpec, unit: str) -> str:
    """The target in a few Dutch words, for the reasons below."""
    kind = target.kind
    if kind == TargetKind.DIRECTION:
        words: dict[str, str] = {
            TargetDirection.INCREASE: _("an increase"),
            TargetDirection.DECREASE: _("a decrease"),
            TargetDirection.STABLE: _("no change"),
            TargetDirection.STABLE_OR_INCREASE: _("no change or an increase"),
            TargetDirection.STABLE_OR_DECREASE: _("no change or a decrease"),
        }
        return words.get(target.direction, target.direction)
    value = format_value(target.value, unit) if target.value is not None else ""
    if kind == TargetKind.MINIMUM:
        text = _("at least %(value)s") % {"value": value}
    elif kind == TargetKind.MAXIMUM:
        text = _("at most %(value)s") % {"value": value}
    elif kind in {TargetKind.SHARE, TargetKind.VALUE_BY_YEAR}:
        text = value
    elif (
        kind in {TargetKind.CHANGE_PER_YEAR, TargetKind.RELATIVE_CHANGE}
        and target.change is not None
    ):
        change = format_number(abs(target.change))
        change += "%" if target.change_unit == ChangeUnit.PERCENT else ""
        sentences: dict[tuple[str, bool], str] = {
            (TargetKind.CHANGE_PER_YEAR, True): _("%(change)s less each year"),
            (TargetKind.CHANGE_PER_YEAR, False): _("%(change)s more each year"),
            (TargetKind.RELATIVE_CHANGE, True): _("%(change)s lower than the baseline"),
            (TargetKind.RELATIVE_CHANGE, False): _("%(change)s higher than the baseline"),
        }
        text = sentences[kind, target.change < 0] % {"change": change}
    else:
        text = ""
    if text and target.target_year:
        return _("%(value)s in %(year)s") % {"value": text, "year": target.target_year}
    if text:
        return text
    if kind == TargetKind.YEARLY:
        return ", ".join(
            _("%(value)s in %(year)s") % {"value": format_value(v, unit), "year": y}
            for y, v in target.values
        )
    return target.sentence


# Indicators ---------------------------------------------------------------------------


def _margin(point: Point, unit: str) -> Decimal | None:
    if point.margin is not None:
        return point.margin
    if point.sample_size and unit == Unit.PERCENT and 0 <= point.value <= 100:
        share = float(point.value) / 100
        return Decimal(str(round(196 * math.sqrt(share * (1 - share) / point.sample_size), 4)))
    return None


def noise(base: Point, latest: Point, unit: str) -> Decimal:
    """The smallest change that counts as a change: the margins of both figures combined."""
    margins = [m for m in (_margin(base, unit), _margin(latest, unit)) if m is not None]
    if not margins:
        return Decimal(0)
    return Decimal(str(math.sqrt(sum(float(m) ** 2 for m in margins))))


def _movement(base: Point, latest: Point, unit: str) -> int:
    """-1, 0 or 1: which way the figure moved, a change within the margin counting as 0."""
    delta = latest.value - base.value
    if abs(delta) <= noise(base, latest, unit):
        return 0
    return 1 if delta > 0 else -1


def _usable(points: Iterable[Point], on: date) -> list[Point]:
    """Figures known on date `on`: undated ones, and dated ones whose period has ended."""
    return [p for p in points if not p.period or period_end(p.period) <= on]


def _baseline(facts: IndicatorFacts, points: list[Point]) -> Point | None:
    target = facts.target
    if target is not None and target.baseline_value is not None:
        return Point(target.baseline_period, target.baseline_value)
    if target is not None and target.baseline_period:
        stated = [p for p in points if p.period == target.baseline_period]
        if stated:
            return stated[0]
    # A figure without a year is the document's baseline (nulmeting) that states none:
    # later figures are compared with it, not taken as a new baseline.
    undated = next((p for p in points if not p.period), None)
    if undated is not None:
        return undated
    dated = sorted((p for p in points if p.period), key=lambda p: period_bounds(p.period))
    return dated[0] if dated else None


def _latest_after(base: Point, points: list[Point]) -> Point | None:
    if not base.period:  # a baseline without a year: any dated figure came after it
        return max(
            (p for p in points if p.period), key=lambda p: period_bounds(p.period), default=None
        )
    later = [p for p in points if p.period and period_bounds(p.period)[0] > period_end(base.period)]
    return max(later, key=lambda p: period_bounds(p.period), default=None)


def baseline_and_latest(facts: IndicatorFacts, on: date) -> tuple[Point | None, Point | None]:
    """The baseline an indicator is judged against and its latest later figure known on `on`."""
    points = _usable(facts.points, on)
    base = _baseline(facts, points)
    return base, _latest_after(base, points) if base is not None else None


def _year(period: str) -> int:
    return period_end(period).year


def _meets(value: Decimal, goal: Decimal, sense: int) -> bool:
    if sense > 0:
        return value >= goal
    if sense < 0:
        return value <= goal
    return value == goal


LEVEL_KINDS = {TargetKind.MINIMUM, TargetKind.MAXIMUM, TargetKind.SHARE, TargetKind.VALUE_BY_YEAR}


def target_level(target: TargetSpec, base_value: Decimal) -> Decimal | None:
    """The value a target wants reached: its own level, or the baseline changed as it says."""
    if target.kind in LEVEL_KINDS:
        return target.value
    if target.kind == TargetKind.RELATIVE_CHANGE:
        change = target.change or Decimal(0)
        if target.change_unit == ChangeUnit.PERCENT:
            return base_value * (1 + change / 100)
        return base_value + change
    return None


def _level(target: TargetSpec, facts: IndicatorFacts, base: Point) -> tuple[Decimal, int]:
    """The value to reach and its sense: 1 reach at least, -1 at most, 0 exactly."""
    goal = target_level(target, base.value)
    kind = target.kind
    if kind == TargetKind.MINIMUM:
        return goal, 1  # type: ignore[return-value]
    if kind == TargetKind.MAXIMUM:
        return goal, -1  # type: ignore[return-value]
    if kind == TargetKind.SHARE:
        return goal, -1 if facts.direction == Direction.LOWER_BETTER else 1  # type: ignore[return-value]
    if kind == TargetKind.VALUE_BY_YEAR:
        return goal, (base.value < goal) - (base.value > goal)  # type: ignore[return-value,operator]
    change = target.change or Decimal(0)
    return goal, 1 if change > 0 else -1 if change < 0 else 0  # type: ignore[return-value]


def _expected_share(base: Point, latest: Point, target_year: int) -> float:
    """How far along the path from baseline to target the latest period should be."""
    start = period_middle(base.period)
    end = date(target_year, 12, 31)
    if end <= start:
        return 1.0
    done = (period_middle(latest.period) - start) / (end - start)
    return min(max(done, 0.0), 1.0)


def _judge_level(
    target: TargetSpec, facts: IndicatorFacts, base: Point, latest: Point, on: date
) -> str:
    goal, sense = _level(target, facts, base)
    if _meets(latest.value, goal, sense):
        return ACHIEVED
    if target.target_year and on > date(target.target_year, 12, 31):
        return OFF_TRACK
    moved = _movement(base, latest, facts.unit)
    wanted = sense if sense else (1 if goal > base.value else -1)
    if moved != wanted:
        return OFF_TRACK if moved == -wanted else AT_RISK
    if not target.target_year or goal == base.value:
        return ON_TRACK
    progress = float((latest.value - base.value) / (goal - base.value))
    return ON_TRACK if progress >= _expected_share(base, latest, target.target_year) else AT_RISK


def _judge_direction(target: TargetSpec, facts: IndicatorFacts, base: Point, latest: Point) -> str:
    moved = _movement(base, latest, facts.unit)
    wanted = target.direction
    if wanted == TargetDirection.STABLE:
        return ON_TRACK if moved == 0 else AT_RISK
    if wanted in {TargetDirection.STABLE_OR_INCREASE, TargetDirection.STABLE_OR_DECREASE}:
        bad = -1 if wanted == TargetDirection.STABLE_OR_INCREASE else 1
        return OFF_TRACK if moved == bad else ON_TRACK
    good = 1 if wanted == TargetDirection.INCREASE else -1
    if moved == good:
        return ON_TRACK
    return AT_RISK if moved == 0 else OFF_TRACK


def _judge_per_year(target: TargetSpec, facts: IndicatorFacts, base: Point, latest: Point) -> str:
    change = target.change or Decimal(0)
    first = _year(base.period)
    if target.start_year and target.start_year - 1 > first:
        first = target.start_year - 1
    last = _year(latest.period)
    if target.target_year:
        last = min(last, target.target_year)
    years = max(last - first, 0)
    if target.change_unit == ChangeUnit.PERCENT:
        expected = base.value * (1 + change / 100) ** years
    else:
        expected = base.value + change * years
    sense = 1 if change > 0 else -1
    if _meets(latest.value, expected, sense):
        done = target.target_year is not None and _year(latest.period) >= target.target_year
        return ACHIEVED if done else ON_TRACK
    moved = _movement(base, latest, facts.unit)
    return AT_RISK if moved == sense else OFF_TRACK


def _judge_yearly(target: TargetSpec, facts: IndicatorFacts, base: Point, latest: Point) -> str:
    year = _year(latest.period)
    known = [(y, v) for y, v in sorted(target.values) if y <= year]
    sense = -1 if facts.direction == Direction.LOWER_BETTER else 1
    if not known:  # measured before the first year with a value: judge the movement
        goal = sorted(target.values)[0][1]
        wanted = 1 if goal > base.value else -1
        return ON_TRACK if _movement(base, latest, facts.unit) == wanted else AT_RISK
    goal = known[-1][1]
    if _meets(latest.value, goal, sense):
        last_year = max(y for y, _v in target.values)
        return ACHIEVED if year >= last_year else ON_TRACK
    return AT_RISK if _movement(base, latest, facts.unit) == sense else OFF_TRACK


def _qualitative_status(facts: IndicatorFacts, on: date) -> Status:
    done = [a for a in facts.assessments if a.on <= on]
    if not done:
        return Status(
            AWAITING,
            _("Not assessed yet; the municipality judges this indicator in words."),
        )
    last = max(done, key=lambda a: a.on)
    reason = _("Assessed on %(date)s: %(verdict)s.") % {
        "date": format_date(last.on),
        "verdict": verdict_label(last.verdict),
    }
    if last.text:
        reason = f"{reason} {last.text}"
    return Status(ASSESSED, reason, verdict=last.verdict)


def indicator_status(facts: IndicatorFacts, on: date) -> Status:
    """The status of one indicator on reporting date `on`, with its reason."""
    target = facts.target
    if facts.qualitative or (target is not None and target.kind == TargetKind.QUALITATIVE):
        return _qualitative_status(facts, on)
    points = _usable(facts.points, on)
    unit = facts.unit
    if target is None:
        latest = max((p for p in points if p.period), key=lambda p: p.period, default=None)
        if latest is None:
            return Status(NOT_JUDGED, _("No measurable target, and no measurement yet."))
        return Status(
            NOT_JUDGED,
            _("Measured %(value)s in %(period)s; the plan sets no measurable target for it.")
            % {"value": format_value(latest.value, unit), "period": latest.period},
        )
    goal = describe_target(target, unit)
    base, latest = baseline_and_latest(facts, on)
    if base is None:
        due = next_due(facts.frequency, facts.anchor_year, None, on)
        reason = _("No baseline measured yet; target: %(goal)s.") % {"goal": goal}
        if due:
            reason += " " + _("The first measurement (%(period)s) is expected around %(date)s.") % {
                "period": due[0],
                "date": format_date(due[1]),
            }
        return Status(NO_BASELINE, reason, next_period=due and due[0], next_due=due and due[1])
    baseline_text = _("baseline %(value)s in %(period)s") % {
        "value": format_value(base.value, unit),
        "period": format_period(base.period),
    }
    if latest is None:
        due = next_due(facts.frequency, facts.anchor_year, base.period or None, on)
        reason = _("Only the %(baseline)s is known; target: %(goal)s.") % {
            "baseline": baseline_text,
            "goal": goal,
        }
        if due:
            key = (
                _("The next measurement (%(period)s) has been overdue since %(date)s.")
                if due[1] < on
                else _("The next measurement (%(period)s) is expected around %(date)s.")
            )
            reason += " " + key % {"period": due[0], "date": format_date(due[1])}
        # The baseline alone, and the figures after it long overdue: out of date.
        waits = OUTDATED if base.period and _overdue_a_cycle(facts, due, on) else AWAITING
        return Status(waits, reason, next_period=due and due[0], next_due=due and due[1])

    kind = target.kind
    if kind == TargetKind.DIRECTION:
        code = _judge_direction(target, facts, base, latest)
    elif kind == TargetKind.CHANGE_PER_YEAR:
        code = _judge_per_year(target, facts, base, latest)
    elif kind == TargetKind.YEARLY:
        code = _judge_yearly(target, facts, base, latest)
    else:
        code = _judge_level(target, facts, base, latest, on)
    reason = _("Measured %(value)s in %(period)s against %(baseline)s; target: %(goal)s.") % {
        "value": format_value(latest.value, unit),
        "period": latest.period,
        "baseline": baseline_text,
        "goal": goal,
    }
    if latest.value != base.value and _movement(base, latest, unit) == 0:
        reason += " " + _("The difference lies within the margin of error.")
    if latest.provisional:
        reason += " " + _("The latest figure is provisional.")
    due = next_due(facts.frequency, facts.anchor_year, latest.period, on)
    stale = _staleness(facts, latest, due, on)
    if stale is not None:
        code, why = stale
        reason = f"{why} {reason}"
    return Status(StatusCode(code), reason, next_period=due and due[0], next_due=due and due[1])


def _overdue_a_cycle(facts: IndicatorFacts, due: tuple[str, date] | None, on: date) -> bool:
    """Whether the figure expected next is overdue, and the one after it as well."""
    if due is None or due[1] >= on:
        return False
    after = next_due(facts.frequency, facts.anchor_year, due[0], on)
    return after is not None and after[1] < on


def _staleness(
    facts: IndicatorFacts, latest: Point, due: tuple[str, date] | None, on: date
) -> tuple[StatusCode, str] | None:
    """Figures too old to give a verdict on: all from before the plan began, or the newest
    one overdue by more than a cycle (the figure after the next one is due as well)."""
    if facts.plan_start is not None and period_end(latest.period).year < facts.plan_start:
        return PRE_PLAN, _(
            "No figures since the plan began in %(year)s: the newest are from %(period)s, so "
            "they say nothing yet about what the plan achieved."
        ) % {"year": facts.plan_start, "period": format_period(latest.period)}
    if not _overdue_a_cycle(facts, due, on):
        return None
    assert due is not None
    return OUTDATED, _(
        "The figures are out of date: the figure for %(period)s has been overdue since %(date)s."
    ) % {"period": due[0], "date": format_date(due[1])}


# Actions and results ----------------------------------------------------------------


@dataclass(frozen=True)
class ActionFacts:
    status: str  # not_started, in_progress, done, cancelled (plans.Action.Status)
    deadline: date | None = None
    planned_start: date | None = None
    progress: int = 0
    programme_end: date | None = None  # the last day of its programme's period


def action_status(action: ActionFacts, on: date) -> Status:
    if action.status == "done":
        return Status(DONE, _("Done."))
    if action.status == "cancelled":
        return Status(CANCELLED, _("Cancelled."))
    if action.deadline and action.deadline < on:
        return Status(
            LATE,
            _("The deadline %(date)s has passed and the action is not done (%(progress)s%%).")
            % {"date": format_date(action.deadline), "progress": action.progress},
        )
    if not action.deadline and action.programme_end and action.programme_end < on:
        return Status(
            LATE,
            _("The programme period ended on %(date)s and the action is not done (%(progress)s%%).")
            % {"date": format_date(action.programme_end), "progress": action.progress},
        )
    if action.status == "in_progress":
        reason = _("In progress (%(progress)s%%).") % {"progress": action.progress}
        if action.deadline:
            reason += " " + _("Deadline %(date)s.") % {"date": format_date(action.deadline)}
        return Status(ON_SCHEDULE, reason)
    if action.planned_start and action.planned_start < on:
        return Status(
            LATE,
            _("Late to start: it was planned to start on %(date)s and has not started.")
            % {"date": format_date(action.planned_start)},
        )
    return Status(NOT_STARTED, _("Not started yet."))


@dataclass(frozen=True)
class ResultFacts:
    achieved: bool
    evidence: str = ""
    achieved_on: date | None = None
    due: date | None = None  # the end of the programme period


def result_status(result: ResultFacts, on: date) -> Status:
    """A result counts as achieved only when it is marked so with evidence."""
    if (
        result.achieved
        and result.evidence.strip()
        and (result.achieved_on is None or result.achieved_on <= on)
    ):
        when = format_date(result.achieved_on) if result.achieved_on else ""
        reason = _("Achieved %(date)s; evidence: %(evidence)s") % {
            "date": when,
            "evidence": result.evidence.strip(),
        }
        return Status(ACHIEVED, " ".join(reason.split()))
    if result.due and result.due < on:
        return Status(
            MISSED,
            _("Not achieved by the end of the programme (%(date)s).")
            % {"date": format_date(result.due)},
        )
    if result.achieved:
        return Status(OPEN, _("Marked as achieved, but without evidence."))
    return Status(OPEN, _("Not achieved yet."))


# Roll-up ----------------------------------------------------------------------------


def roll_up(parts: Sequence[Status]) -> Status:
    """The status of a task, theme or programme from the statuses of its parts.

    Parts that wait (no measurement yet, not started, open) or whose figures are too old
    (out of date, from before the plan) do not count either way. With fewer than half of
    the parts judged there is too little to go on. Of the judged parts: a third or more
    off track → off track; any off track or at risk → at risk; all achieved and nothing
    waiting → achieved; otherwise on track. The reason says what the verdict rests on.
    """
    weights = [part.weight for part in parts]
    counts = Counter(w for w in weights if w is not None)
    judged = sum(counts.values())
    stale = sum(part.code in STALE for part in parts)
    thin = sum(part.code == INSUFFICIENT for part in parts)
    waiting = len(weights) - judged - stale - thin
    if not parts:
        return Status(NOT_JUDGED, _("Nothing to judge yet."))
    if judged:
        rests = ngettext(
            "Judged on %(judged)d of %(count)d part",
            "Judged on %(judged)d of %(count)d parts",
            len(parts),
        ) % {"judged": judged, "count": len(parts)}
        pieces = [f"{counts[key]} {verdict_label(key)}" for key in VERDICTS if counts[key]]
        # In brackets: the verdicts are of the judged parts only, not of those named after.
        rests += f" ({get_text_list(pieces, _('and'))})"
    else:
        rests = ngettext(
            "The only part cannot be judged",
            "None of the %(count)d parts can be judged",
            len(parts),
        ) % {"count": len(parts)}
    notes = []
    if stale:
        notes.append(
            ngettext(
                "%(count)d without current figures", "%(count)d without current figures", stale
            )
            % {"count": stale}
        )
    if thin:
        notes.append(
            ngettext("%(count)d with too little data", "%(count)d with too little data", thin)
            % {"count": thin}
        )
    if waiting:
        notes.append(
            ngettext(
                "%(count)d waiting for a figure, a start or a report",
                "%(count)d waiting for a figure, a start or a report",
                waiting,
            )
            % {"count": waiting}
        )
    reason = rests + ("; " + "; ".join(notes) if notes else "") + "."
    if not judged and not stale and not thin:
        return Status(AWAITING, reason)
    if judged * 2 < len(parts):
        return Status(INSUFFICIENT, reason)
    if counts[OFF_TRACK] * 3 >= judged:
        code = OFF_TRACK
    elif counts[OFF_TRACK] or counts[AT_RISK]:
        code = AT_RISK
    elif counts[ACHIEVED] == judged and judged == len(parts):
        code = ACHIEVED
    else:
        code = ON_TRACK
    return Status(code, reason)


def verdict_label(code: str) -> str:
    return str(STATUS_LABELS[code])


# The order in which counts are told: verdicts first, then what keeps a verdict back.
STATUS_ORDER = [
    StatusCode.ACHIEVED,
    StatusCode.DONE,
    StatusCode.ON_TRACK,
    StatusCode.ON_SCHEDULE,
    StatusCode.ASSESSED,
    StatusCode.AT_RISK,
    StatusCode.OFF_TRACK,
    StatusCode.LATE,
    StatusCode.MISSED,
    StatusCode.OUTDATED,
    StatusCode.PRE_PLAN,
    StatusCode.INSUFFICIENT,
    StatusCode.AWAITING,
    StatusCode.NO_BASELINE,
    StatusCode.OPEN,
    StatusCode.NOT_STARTED,
    StatusCode.CANCELLED,
    StatusCode.NOT_JUDGED,
]
STATUS_RANK = {code.value: place for place, code in enumerate(STATUS_ORDER)}


STATUS_LABELS: dict[str, Any] = {
    ACHIEVED: pgettext_lazy("status", "achieved"),
    ON_TRACK: pgettext_lazy("status", "on track"),
    AT_RISK: pgettext_lazy("status", "at risk"),
    OFF_TRACK: pgettext_lazy("status", "off track"),
    AWAITING: pgettext_lazy("status", "awaiting measurement"),
    NO_BASELINE: pgettext_lazy("status", "no baseline"),
    ASSESSED: pgettext_lazy("status", "assessed"),
    NOT_JUDGED: pgettext_lazy("status", "not judged"),
    DONE: pgettext_lazy("status", "done"),
    ON_SCHEDULE: pgettext_lazy("status", "on schedule"),
    LATE: pgettext_lazy("status", "late"),
    NOT_STARTED: pgettext_lazy("status", "not started"),
    CANCELLED: pgettext_lazy("status", "cancelled"),
    OPEN: pgettext_lazy("status", "open"),
    MISSED: pgettext_lazy("status", "missed"),
    OUTDATED: pgettext_lazy("status", "out of date"),
    PRE_PLAN: pgettext_lazy("status", "no current figures"),
    INSUFFICIENT: pgettext_lazy("status", "insufficient data"),
}
