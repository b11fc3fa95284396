"""The monitor's words, shared by the models and the status rules: units, directions,
frequencies, target kinds and the status codes. Plain enumerations: no database here, so
the pure status functions use the very values the database stores."""

from enum import StrEnum

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Frequency(TextChoices):
    CONTINUOUS = "continuous", _("continuous (registration)")
    MONTHLY = "monthly", _("monthly")
    QUARTERLY = "quarterly", _("quarterly")
    HALF_YEARLY = "half_yearly", _("half-yearly")
    YEARLY = "yearly", _("yearly")
    TWO_YEARLY = "two_yearly", _("every two years")
    FOUR_YEARLY = "four_yearly", _("every four years")
    ONCE = "once", _("once")
    IRREGULAR = "irregular", _("irregular")
    UNKNOWN = "unknown", _("unknown")


class Unit(TextChoices):
    PERCENT = "percent", _("percent")
    # A change in percent (-35.6: a third less): any sign, no 0-100 bound.
    PERCENT_CHANGE = "percent_change", _("percentage change")
    COUNT = "count", _("count")
    SCORE = "score", _("score")
    EURO = "euro", _("euro")
    RATIO = "ratio", _("ratio")
    NONE = "none", _("none")


class Direction(TextChoices):
    HIGHER_BETTER = "higher_better", _("higher is better")
    LOWER_BETTER = "lower_better", _("lower is better")
    STABLE = "stable", _("stable is best")
    NONE = "none", _("no judgement")


class TargetKind(TextChoices):
    DIRECTION = "direction", _("direction")
    MINIMUM = "minimum", _("floor")
    MAXIMUM = "maximum", _("ceiling")
    CHANGE_PER_YEAR = "change_per_year", _("change per year")
    RELATIVE_CHANGE = "relative_change", _("change against the baseline")
    SHARE = "share", _("share")
    VALUE_BY_YEAR = "value_by_year", _("value by a year")
    YEARLY = "yearly", _("a value per year")
    QUALITATIVE = "qualitative", _("qualitative")


class TargetDirection(TextChoices):
    INCREASE = "increase", _("increases")
    DECREASE = "decrease", _("decreases")
    STABLE = "stable", _("stays the same")
    STABLE_OR_INCREASE = "stable_or_increase", _("stays the same or increases")
    STABLE_OR_DECREASE = "stable_or_decrease", _("stays the same or decreases")


class ChangeUnit(TextChoices):
    ABSOLUTE = "absolute", _("in the indicator's unit")
    PERCENT = "percent", _("percent of the baseline")
    POINTS = "points", _("percentage points")


class StatusCode(StrEnum):
    """Every status a node of the plan can have. Indicators: the first eight; actions and
    results their own; roll-ups use the indicator codes."""

    ACHIEVED = "achieved"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    AWAITING = "awaiting"
    NO_BASELINE = "no_baseline"
    ASSESSED = "assessed"
    NOT_JUDGED = "not_judged"
    DONE = "done"
    ON_SCHEDULE = "on_schedule"
    LATE = "late"
    NOT_STARTED = "not_started"
    CANCELLED = "cancelled"
    OPEN = "open"
    MISSED = "missed"
    OUTDATED = "outdated"  # the newest figure is more than one measuring cycle overdue
    PRE_PLAN = "pre_plan"  # the only figures to judge on are from before the plan began
    INSUFFICIENT = "insufficient"  # a roll-up with fewer than half of its parts judged


class Verdict(TextChoices):
    """A person's judgement of a qualitative indicator: the verdicts of the status codes."""

    ACHIEVED = StatusCode.ACHIEVED.value, pgettext_lazy("status", "achieved")
    ON_TRACK = StatusCode.ON_TRACK.value, pgettext_lazy("status", "on track")
    AT_RISK = StatusCode.AT_RISK.value, pgettext_lazy("status", "at risk")
    OFF_TRACK = StatusCode.OFF_TRACK.value, pgettext_lazy("status", "off track")
