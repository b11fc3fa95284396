"""When something is due for a reminder: plain functions on facts, without the database
(docs/reminders.md).

Each rule answers with the occasion of its reminder, or None. An item is sent once per
occasion: the deadline, the expected figure or the reporting moment for reminders that
come once, the period of the digest (a week by default) for those that come again while
they last (a late action, an overdue figure).
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from koers.reminders.kinds import ReminderKind


class Rhythm(StrEnum):
    """How often a person gets a digest at most."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class Timing:
    lead_days: int = 14  # a deadline or an expected figure this near is reminded
    quiet_weeks: int = 8  # an action without an update this long is reminded
    report_days: int = 28  # a reporting moment this near asks for explanations
    rhythm: Rhythm = Rhythm.WEEK


def period_of(on: date, rhythm: Rhythm) -> str:
    """The digest period that `on` falls in: 2026-W49, 2026-12-02 or 2026-12."""
    if rhythm is Rhythm.DAY:
        return on.isoformat()
    if rhythm is Rhythm.MONTH:
        return f"{on.year}-{on.month:02d}"
    year, week, _ = on.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class ActionFacts:
    status: str  # plans.Action.Status
    deadline: date | None
    last_update: date  # the latest note or change by a person, else the programme's start


@dataclass(frozen=True)
class Due:
    kind: ReminderKind
    occasion: str
    day: date | None = None  # the date it is about: a deadline, a due date


def _open(status: str) -> bool:
    return status in {"not_started", "in_progress"}


def action_reminders(facts: ActionFacts, on: date, timing: Timing) -> list[Due]:
    if not _open(facts.status):
        return []
    period = period_of(on, timing.rhythm)
    found = []
    if facts.deadline is not None:
        if facts.deadline < on:
            found.append(Due(ReminderKind.ACTION_LATE, period, facts.deadline))
        elif facts.deadline - on <= timedelta(days=timing.lead_days):
            found.append(Due(ReminderKind.ACTION_DUE, facts.deadline.isoformat(), facts.deadline))
    # A late action is reminded as late; quiet is for the ones still within their time.
    late = any(d.kind == ReminderKind.ACTION_LATE for d in found)
    if not late and on - facts.last_update > timedelta(weeks=timing.quiet_weeks):
        found.append(Due(ReminderKind.ACTION_QUIET, period, facts.last_update))
    return found


def figure_reminders(next_due: tuple[str, date] | None, on: date, timing: Timing) -> list[Due]:
    """`next_due`: the period expected next and the date it is due (the survey calendar)."""
    if next_due is None:
        return []
    expected, day = next_due
    if day < on:
        return [Due(ReminderKind.FIGURE_OVERDUE, period_of(on, timing.rhythm), day)]
    if day - on <= timedelta(days=timing.lead_days):
        return [Due(ReminderKind.FIGURE_EXPECTED, expected, day)]
    return []


def confirmation_reminders(waiting: int, on: date, timing: Timing) -> list[Due]:
    if waiting <= 0:
        return []
    return [Due(ReminderKind.CONFIRMATION, period_of(on, timing.rhythm))]


def explanation_reminders(
    moment_deadline: date, moment_key: str, missing: int, on: date, timing: Timing
) -> list[Due]:
    """Themes whose tasks still lack an explanation for the next reporting moment."""
    if missing <= 0 or moment_deadline < on:
        return []
    if moment_deadline - on > timedelta(days=timing.report_days):
        return []
    return [Due(ReminderKind.EXPLANATION, moment_key, moment_deadline)]
