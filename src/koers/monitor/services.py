"""Every change to the monitor's figures: record, replace, confirm and delete a measurement,
and assess a qualitative indicator.

The page form, the API (one figure or many) and the file import all come here, so one set
of rules holds on every path (docs/services.md):
- who: editors of the task's theme; partners with an action for the task, whose figures wait
  for an editor's confirmation; a partner never changes or deletes a confirmed figure;
- what: a period within the framework's years (ten years of history before it, nothing in
  the future), a percentage between 0 and 100, no negative margin or sample size;
- a figure for an indicator, area and period that exists is only replaced when the writer
  says so, never by a provisional figure over a final one; writing the same figure again
  changes nothing;
- a writer who says which version they saw gets `Conflict` when someone saved after them.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cached_property, lru_cache
from operator import attrgetter
from typing import Any, NamedTuple, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from koers.accounts.permissions import can_edit, can_enter_figures, is_editor
from koers.concurrency import Conflict, claim
from koers.history import record
from koers.monitor import bulk
from koers.monitor.breakdowns import mismatches
from koers.monitor.models import (
    Area,
    Assessment,
    Category,
    Dimension,
    Indicator,
    Measurement,
    Source,
)
from koers.monitor.periods import period_bounds, validate_period
from koers.plans.models import Task
from koers.plans.versions import touch

# Years before a framework's start that still count as its history (baselines).
YEARS_BEFORE_FRAMEWORK = 10
# What numeric(18, 4) holds.
LARGEST_VALUE = Decimal(10) ** 14
# The fields of a figure a writer sets; the key is indicator, area, period and category.
FIGURE_FIELDS = ["value", "margin", "sample_size", "status", "source_id", "note"]
STATUSES = frozenset(Measurement.Status.values)


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    KEPT_FINAL = "kept_final"  # a provisional figure met a final one: the final one stays


FigureKey = tuple[int, int, str, int]  # indicator, area, period, category (0: everyone)


def figure_key(indicator: int, area: int, period: str, category: int | None) -> FigureKey:
    return (indicator, area, period, category or 0)


class Figure(NamedTuple):
    """One measurement as a writer states it, checked and typed. A tuple: an import builds
    one per row, and a tuple costs a quarter of a frozen dataclass."""

    indicator: Indicator
    area: Area
    period: str
    value: Decimal
    margin: Decimal | None = None
    sample_size: int | None = None
    status: str = Measurement.Status.FINAL
    source: Source | None = None
    note: str = ""
    category: Category | None = None  # None: the figure for everyone

    @property
    def source_id(self) -> int | None:  # a name of FIGURE_FIELDS, compared with the stored one
        return self.source.pk if self.source is not None else None


@dataclass(frozen=True)
class Refusal:
    """Why one figure was not written: the field it is about and a sentence for the writer.

    `forbidden` refusals are about who writes (a single write answers them with 403)."""

    field: str
    message: str
    forbidden: bool = False


# -- the rules, without the database ---------------------------------------------------------


class PeriodVerdict(StrEnum):
    FITS = "fits"
    NOT_A_PERIOD = "not_a_period"
    OUTSIDE = "outside"  # outside the framework's years with their history
    NOT_BEGUN = "not_begun"


@lru_cache(maxsize=4096)
def period_verdict(period: str, first: int, last: int, today: date) -> PeriodVerdict:
    """Whether a period fits years `first`-`last` and has begun; a file holds few periods and
    frameworks in many rows, so the answer is kept."""
    try:
        validate_period(period)
    except ValidationError:
        return PeriodVerdict.NOT_A_PERIOD
    if not period:
        return PeriodVerdict.FITS
    start = period_bounds(period)[0]
    if start > today:
        return PeriodVerdict.NOT_BEGUN
    if not first <= start.year <= last:
        return PeriodVerdict.OUTSIDE
    return PeriodVerdict.FITS


def figure_problems(figure: Figure, today: date) -> list[Refusal]:
    """What is wrong with a figure on its own (not against the figures stored)."""
    return [refusal for _position, refusal in batch_problems([figure], today)]


class Columns(NamedTuple):
    """Figures as columns, one tuple per field of `Figure`: a batch's rules are asked once
    per column (or per distinct indicator and period), not once per figure."""

    indicators: tuple[Indicator, ...]
    areas: tuple[Area, ...]
    periods: tuple[str, ...]
    values: tuple[Decimal, ...]
    margins: tuple[Decimal | None, ...]
    sample_sizes: tuple[int | None, ...]
    statuses: tuple[str, ...]
    sources: tuple[Source | None, ...]
    notes: tuple[str, ...]
    categories: tuple[Category | None, ...]

    @classmethod
    def of(cls, figures: Sequence[Figure]) -> "Columns":
        if not figures:
            return cls((), (), (), (), (), (), (), (), (), ())
        return cls(*zip(*figures, strict=True))


class FigureBatch(tuple[Figure, ...]):
    """Figures checked and written together: their columns, keys and indicators are made
    once, however many rules and steps ask for them."""

    @classmethod
    def of(cls, figures: Sequence[Figure]) -> "FigureBatch":
        return figures if isinstance(figures, FigureBatch) else cls(figures)

    @cached_property
    def columns(self) -> Columns:
        return Columns.of(self)

    @cached_property
    def keys(self) -> list[FigureKey]:
        return _keys(self.columns)

    @cached_property
    def indicators(self) -> dict[int, Indicator]:
        """Each indicator once, by identity (an import shares one object per code)."""
        return {id(indicator): indicator for indicator in self.columns.indicators}


def batch_problems(figures: Sequence[Figure], today: date) -> list[tuple[int, Refusal]]:
    """What is wrong with each figure on its own, as (position, refusal) in the order of
    the figures and, per figure, of the fields. The one home of these rules: a single
    figure is a batch of one."""
    if not figures:
        return []
    batch = FigureBatch.of(figures)
    columns = batch.columns
    count = len(figures)
    found: list[tuple[int, int, Refusal]] = []  # position, field's place, refusal
    indicators = batch.indicators

    # A period fits the years of its indicator's framework, with their history, and has
    # begun: asked per distinct period and span of years (a batch has few of each).
    indicators_ids = list(map(id, columns.indicators))
    spans = {ref: _years(indicator) for ref, indicator in indicators.items()}
    verdicts = {
        (period, span): period_verdict(period, *span, today)
        for period in set(columns.periods)
        for span in set(spans.values())
    }
    if any(verdict is not PeriodVerdict.FITS for verdict in verdicts.values()):
        for position, (ref, period) in enumerate(zip(indicators_ids, columns.periods, strict=True)):
            verdict = verdicts[(period, spans[ref])]
            if verdict is not PeriodVerdict.FITS:
                code = indicators[ref].code
                message = _period_message(verdict, code, *spans[ref])
                found.append((position, 0, Refusal("period", message)))

    # Values: what numeric(18, 4) holds; a percentage between 0 and 100.
    values = columns.values
    too_large: set[int] = set()
    if not (max(values) < LARGEST_VALUE and min(values) > -LARGEST_VALUE):
        too_large = {i for i, value in enumerate(values) if not abs(value) < LARGEST_VALUE}
        message = _("this number is too large")
        found.extend((i, 1, Refusal("value", message)) for i in sorted(too_large))
    percent = {ref for ref, i in indicators.items() if i.unit == Indicator.Unit.PERCENT}
    if percent:
        message = _("a percentage lies between 0 and 100")
        for position, (ref, value) in enumerate(zip(indicators_ids, values, strict=True)):
            if ref in percent and position not in too_large and not 0 <= value <= 100:
                found.append((position, 1, Refusal("value", message)))

    if columns.margins.count(None) != count:
        message = _("a margin cannot be negative")
        for position, margin in enumerate(columns.margins):
            if margin is not None and not 0 <= margin < LARGEST_VALUE:
                found.append((position, 2, Refusal("margin", message)))
    if columns.sample_sizes.count(None) != count:
        message = _("not a whole number")
        for position, size in enumerate(columns.sample_sizes):
            if size is not None and not 0 <= size < 2**31:
                found.append((position, 3, Refusal("sample_size", message)))
    if not STATUSES.issuperset(columns.statuses):
        message = _("use 'definitief' or 'voorlopig'")
        for position, status in enumerate(columns.statuses):
            if status not in STATUSES:
                found.append((position, 4, Refusal("status", message)))
    if any("\x00" in note for note in set(columns.notes) if note):
        message = _("the text holds a NUL character")
        for position, note in enumerate(columns.notes):
            if note and "\x00" in note:
                found.append((position, 5, Refusal("note", message)))
    found.sort(key=lambda problem: problem[:2])
    return [(position, refusal) for position, _field, refusal in found]


def _years(indicator: Indicator) -> tuple[int, int]:
    """The first and last year an indicator's figures may be about."""
    framework = indicator.task.framework
    return framework.start_year - YEARS_BEFORE_FRAMEWORK, framework.end_year


def _period_message(verdict: PeriodVerdict, code: str, first: int, last: int) -> str:
    if verdict is PeriodVerdict.NOT_A_PERIOD:
        return _("not a period; use 2020, 2020-H1, 2020-Q3, 2020-05 or 2020/2021")
    if verdict is PeriodVerdict.NOT_BEGUN:
        return _("this period has not begun yet")
    return _("outside %(first)s-%(last)s, the range of indicator %(code)s") % {
        "code": code,
        "first": first,
        "last": last,
    }


def decide(
    existing: Measurement | None, figure: Figure, *, replace: bool, by_partner: bool
) -> Outcome | Refusal:
    """What writing `figure` does where `existing` is the stored figure with its key."""
    if existing is None:
        return Outcome.CREATED
    if all(getattr(existing, name) == getattr(figure, name) for name in FIGURE_FIELDS):
        return Outcome.UNCHANGED
    if by_partner and existing.confirmed:
        return Refusal(
            "period",
            _(
                "an editor confirmed the figure for this area and period (%(value)s); only an "
                "editor can change it"
            )
            % {"value": existing.value},
            forbidden=True,
        )
    if not replace:
        return duplicate(existing)
    if existing.status == Measurement.Status.FINAL and figure.status != existing.status:
        return Outcome.KEPT_FINAL
    return Outcome.UPDATED


def duplicate(existing: Measurement) -> Refusal:
    return Refusal(
        "period",
        _(
            "there is already a figure for this area and period (%(value)s); say that it "
            "should be replaced to correct it"
        )
        % {"value": existing.value},
    )


def kept_final_message() -> str:
    return _(
        "a provisional figure does not replace a final one; delete the final one first if "
        "it was wrong"
    )


# -- writing ---------------------------------------------------------------------------------


class FigureWriter:
    """Writes figures for one user, one at a time or in batches, inside the caller's
    transaction. Every path that writes measurements uses it."""

    def __init__(
        self, user: Any, *, replace: bool = False, reason: str = "", today: date | None = None
    ) -> None:
        self.user = user
        self.replace = replace
        self.reason = reason or None
        self.today = today or date.today()
        self._may_enter: dict[int, bool] = {}  # by task
        self._confirms: dict[int, bool] = {}  # by task: a batch asks per figure
        # Counts written by category or as a total: their sums are checked at the end.
        self._counted: set[tuple[int, int, str]] = set()
        self._broken_down: dict[int, bool] = {}

    def may_enter(self, task: Task) -> bool:
        allowed = self._may_enter.get(task.id)
        if allowed is None:
            allowed = self._may_enter[task.id] = can_enter_figures(self.user, task)
        return allowed

    def confirms(self, indicator: Indicator) -> bool:
        """Whether this user's figures for an indicator count as confirmed (editors) or
        wait (partners)."""
        # Keyed by the task's id, which the indicator holds: no related object is asked
        # for per figure.
        confirmed = self._confirms.get(indicator.task_id)
        if confirmed is None:
            confirmed = can_edit(self.user, indicator.task.theme)
            self._confirms[indicator.task_id] = confirmed
        return confirmed

    def check(self, figure: Figure) -> list[Refusal]:
        return [refusal for _position, refusal in self.check_all([figure])]

    def check_all(self, figures: Sequence[Figure]) -> list[tuple[int, Refusal]]:
        """What keeps each figure from being written, as (position, refusal): who may enter
        figures for its task (asked once per task), else the rules for a figure on its own."""
        figures = FigureBatch.of(figures)
        tasks = {indicator.task_id: indicator for indicator in figures.indicators.values()}
        forbidden = {
            task_id: Refusal(
                "indicator",
                _("you may not enter figures for task %(code)s") % {"code": indicator.task.code},
                forbidden=True,
            )
            for task_id, indicator in tasks.items()
            if not self.may_enter(indicator.task)
        }
        problems = batch_problems(figures, self.today)
        if not forbidden:
            return problems
        refused = [
            (position, forbidden[figure.indicator.task_id])
            for position, figure in enumerate(figures)
            if figure.indicator.task_id in forbidden
        ]
        positions = {position for position, _refusal in refused}
        kept = [problem for problem in problems if problem[0] not in positions]
        return sorted(refused + kept, key=lambda problem: problem[0])

    def write(
        self, figures: Sequence[Figure], expected_version: int | None = None
    ) -> list[tuple[Outcome | Refusal, Measurement | None]]:
        """Write checked figures with distinct keys; each gets its outcome or refusal and
        the stored figure it met (None for a new one).

        Stored rows are locked while they are compared, so two writers never both replace
        the same figure on what they read. Nothing is written when any figure is refused;
        the caller decides whether to go on. A figure whose key is not stored is new
        (`decide`); only those met by a stored figure are decided one by one.
        """
        figures = FigureBatch.of(figures)
        columns, keys = figures.columns, figures.keys
        existing = self._existing(keys)
        created: tuple[Outcome | Refusal, Measurement | None] = (Outcome.CREATED, None)
        decided = [created] * len(figures)
        indicators = list(figures.indicators.values())
        confirms = {indicator.task_id: self.confirms(indicator) for indicator in indicators}
        changed: list[Measurement] = []
        if existing:
            repeated = self._written_by_me(existing.values())
            for position, key in enumerate(keys):
                current = existing.get(key)
                if current is None:
                    continue
                figure = figures[position]
                outcome: Outcome | Refusal
                if current.pk in repeated:
                    outcome = Refusal(
                        "period", _("this indicator, area and period appear earlier in the file")
                    )
                else:
                    by_partner = not confirms[figure.indicator.task_id]
                    outcome = decide(current, figure, replace=self.replace, by_partner=by_partner)
                if expected_version is not None:
                    if outcome is Outcome.UPDATED:
                        claim(current, expected_version)  # compare-and-set, also on SQLite
                    elif current.version != expected_version:
                        raise Conflict(current.version)
                decided[position] = (outcome, current)
            if any(isinstance(outcome, Refusal) for outcome, _m in decided):
                return decided
            for (outcome, current), figure in zip(decided, figures, strict=True):
                if outcome is Outcome.UPDATED:
                    assert current is not None  # decide() updates only what is stored
                    current.confirmed = confirms[figure.indicator.task_id]
                    if expected_version is None:
                        current.version += 1  # the row is locked; claim() moved it otherwise
                    for name in FIGURE_FIELDS:
                        setattr(current, name, getattr(figure, name))
                    changed.append(current)
        new = columns
        if existing:
            fresh = [i for i, (outcome, _m) in enumerate(decided) if outcome is Outcome.CREATED]
            new = Columns._make(tuple(column[i] for i in fresh) for column in columns)
        bulk.create_columns(_new_rows(new, confirms), self.user, self.reason)
        bulk.update(
            changed,
            [*(f.removesuffix("_id") for f in FIGURE_FIELDS), "confirmed", "version"],
            self.user,
            self.reason,
        )
        self._count(columns, keys, indicators)
        if new.indicators or changed:
            written = set(map(_ID, new.indicators))
            touch(Q(tasks__indicators__in=written | {m.indicator_id for m in changed}))
        return decided

    @property
    def counts(self) -> bool:
        """Whether any figure written so far has its sums checked at the end."""
        return bool(self._counted)

    def counted(self, key: FigureKey) -> bool:
        """Whether a written figure is one whose sums are checked once all are written."""
        return key[:3] in self._counted

    def _existing(self, keys: Sequence[FigureKey]) -> dict[FigureKey, Measurement]:
        """The stored figures with these keys, locked. The query asks for every combination
        of the batch's indicators, areas and periods (one condition per column, however
        large the batch); rows outside the batch are dropped here."""
        wanted = set(keys)
        found = Measurement.objects.select_for_update().filter(
            indicator_id__in={k[0] for k in wanted},
            area_id__in={k[1] for k in wanted},
            period__in={k[2] for k in wanted},
        )
        stored = {}
        for measurement in found.iterator(2000):
            key = stored_key(measurement)
            if key in wanted:
                stored[key] = measurement
        return stored

    def _count(
        self, columns: Columns, keys: Sequence[FigureKey], indicators: list[Indicator]
    ) -> None:
        """Remember the counts by category, and the totals of counting indicators with
        counts by category stored: their sums are checked once all figures are written."""
        counting = {i.pk for i in indicators if i.unit == Indicator.Unit.COUNT}
        if not counting:
            return
        if columns.categories.count(None) != len(keys):
            by_category = {key[0] for key in keys if key[3]} & counting
            self._broken_down.update(dict.fromkeys(by_category, True))
        wanted = counting - set(self._broken_down)
        if wanted:  # one query per batch, for the indicators not asked about before
            found = set(
                Measurement.objects.filter(indicator__in=wanted, category__isnull=False)
                .values_list("indicator", flat=True)
                .distinct()
            )
            self._broken_down.update({pk: pk in found for pk in wanted})
        counted = {pk for pk in counting if self._broken_down[pk]}
        if counted:
            self._counted.update(key[:3] for key in keys if key[0] in counted)

    def totals_problems(self) -> list[tuple[FigureKey, Refusal]]:
        """The totals that the counts by category, as stored now, do not add up to: asked
        once all figures are written, since a file may give the total after its parts."""
        if not self._counted:
            return []
        groups = self._counted
        stored = Measurement.objects.filter(
            indicator_id__in={g[0] for g in groups},
            area_id__in={g[1] for g in groups},
            period__in={g[2] for g in groups},
        ).filter(Q(category=None) | Q(category__dimension__exhaustive=True))
        totals: dict[tuple[int, int, str], Decimal] = {}
        parts: dict[tuple[int, int, str], list[tuple[int, str, Decimal]]] = {}
        dimensions: set[int] = set()
        for m in stored.select_related("category__dimension").iterator(2000):
            group = (m.indicator_id, m.area_id, m.period)
            if group not in groups:
                continue
            if m.category_id is None:
                totals[group] = m.value
            else:
                dimension = m.category.dimension
                dimensions.add(dimension.pk)
                parts.setdefault(group, []).append((dimension.pk, dimension.name, m.value))
        sizes = dict(
            Category.objects.filter(dimension__in=dimensions)
            .values_list("dimension")
            .annotate(Count("pk"))
        )
        problems = []
        for group, found in parts.items():
            for mismatch in mismatches(totals.get(group), found, sizes):
                message = _(
                    "the figures by %(dimension)s add up to %(parts)s, not to the total "
                    "%(total)s of this area and period"
                ) % {
                    "dimension": mismatch.dimension.lower(),
                    "parts": format(mismatch.parts.normalize(), "f"),
                    "total": format(mismatch.total.normalize(), "f"),
                }
                problems.append((figure_key(*group, None), Refusal("value", message)))
        return problems

    def _written_by_me(self, stored: Iterable[Measurement]) -> set[int]:
        """Which of these stored figures this writer wrote itself, in an earlier batch: its
        reason names one import, and the history says what that import wrote (so memory does
        not grow with the rows written)."""
        ids = [m.pk for m in stored]
        if not ids or not self.reason:
            return set()
        return set(
            Measurement.history.filter(history_change_reason=self.reason, id__in=ids).values_list(
                "id", flat=True
            )
        )


def stored_key(measurement: Measurement) -> FigureKey:
    return figure_key(
        measurement.indicator_id, measurement.area_id, measurement.period, measurement.category_id
    )


_ID = attrgetter("id")


def _ids(objects: Sequence[Any]) -> Sequence[int | None]:
    count = len(objects)
    if objects.count(None) == count:
        return [None] * count
    return [item.id if item is not None else None for item in objects]


def _keys(columns: Columns) -> list[FigureKey]:
    """The key of each figure, as `stored_key` makes it for a stored one."""
    categories = [category or 0 for category in _ids(columns.categories)]
    return list(
        zip(
            map(_ID, columns.indicators),
            map(_ID, columns.areas),
            columns.periods,
            categories,
            strict=True,
        )
    )


def _new_rows(columns: Columns, confirms: dict[int, bool]) -> bulk.NewColumns:
    """New measurements' columns; confirmed where the writer confirms for the task."""
    count = len(columns.periods)
    answers = set(confirms.values())
    confirmed = (
        [answers.pop()] * count
        if len(answers) == 1
        else [confirms[indicator.task_id] for indicator in columns.indicators]
    )
    return bulk.NewColumns(
        list(map(_ID, columns.indicators)),
        list(map(_ID, columns.areas)),
        columns.periods,
        columns.values,
        columns.margins,
        columns.sample_sizes,
        columns.statuses,
        _ids(columns.sources),
        columns.notes,
        confirmed,
        _ids(columns.categories),
        [1] * count,
    )


def raise_refusals(refusals: list[Refusal]) -> NoReturn:
    """A single write's refusals as Django's exceptions: 403 for who, else by field."""
    for refusal in refusals:
        if refusal.forbidden:
            raise PermissionDenied(refusal.message[:1].upper() + refusal.message[1:] + ".")
    errors: dict[str, list[str]] = {}
    for refusal in refusals:
        errors.setdefault(refusal.field, []).append(refusal.message)
    raise ValidationError(errors)


@transaction.atomic
def record_measurement(
    user: Any,
    figure: Figure,
    *,
    replace: bool = False,
    expected_version: int | None = None,
    reason: str = "",
) -> tuple[Measurement, Outcome]:
    """Enter one figure, or replace the one stored for its key when `replace` is given.

    Raises PermissionDenied, ValidationError (by field) or Conflict.
    """
    writer = FigureWriter(user, replace=replace, reason=reason)
    problems = writer.check(figure)
    if problems:
        raise_refusals(problems)
    [(outcome, measurement)] = writer.write([figure], expected_version=expected_version)
    if outcome is Outcome.CREATED:
        measurement = Measurement.objects.select_related(
            "indicator", "area", "source", "category"
        ).get(
            indicator=figure.indicator,
            area=figure.area,
            period=figure.period,
            category=figure.category,
        )
    assert measurement is not None  # written, or stored already
    if outcome is Outcome.UNCHANGED and not replace:
        # A file may say a figure again; one writer entering it twice most likely erred.
        outcome = duplicate(measurement)
    if isinstance(outcome, Refusal):
        raise_refusals([outcome])
    if outcome is Outcome.KEPT_FINAL:
        raise_refusals([Refusal("status", kept_final_message())])
    totals = writer.totals_problems()
    if totals:
        raise_refusals([refusal for _key, refusal in totals])
    return measurement, outcome


def _guard_stored(user: Any, measurement: Measurement, expected_version: int | None) -> None:
    task = measurement.indicator.task
    if not can_enter_figures(user, task):
        raise PermissionDenied(
            _("You may not change figures for task %(code)s.") % {"code": task.code}
        )
    if measurement.confirmed and not can_edit(user, task.theme):
        raise PermissionDenied(
            _("An editor confirmed this figure; only an editor can change or delete it.")
        )
    claim(measurement, expected_version)


@transaction.atomic
def change_measurement(
    user: Any, measurement: Measurement, changes: dict[str, Any], expected_version: int | None
) -> Measurement:
    """Correct a stored figure (its value, margin, status, ...; not its key)."""
    figure = Figure(
        indicator=measurement.indicator,
        area=measurement.area,
        period=measurement.period,
        category=measurement.category,
        **{
            name: changes.get(name, getattr(measurement, name))
            for name in ("value", "margin", "sample_size", "status", "source", "note")
        },
    )
    stored, _outcome = record_measurement(
        user, figure, replace=True, expected_version=expected_version
    )
    return stored


@transaction.atomic
def confirm_measurement(
    user: Any, measurement: Measurement, expected_version: int | None = None
) -> Measurement:
    """An editor confirms a partner's figure; from then on residents see it."""
    if not can_edit(user, measurement.indicator.task.theme):
        raise PermissionDenied(_("Only an editor of this theme confirms figures."))
    claim(measurement, expected_version)
    measurement.confirmed = True
    record(measurement, user).save(update_fields=["confirmed", "version"])
    return measurement


@transaction.atomic
def delete_measurement(
    user: Any, measurement: Measurement, expected_version: int | None = None
) -> None:
    """Editors delete any figure of their themes; partners only their unconfirmed ones."""
    _guard_stored(user, measurement, expected_version)
    record(measurement, user).delete()


@transaction.atomic
def assess_indicator(
    user: Any,
    indicator: Indicator,
    *,
    assessed_on: date,
    verdict: str,
    text: str = "",
    assessed_by: str = "",
) -> Assessment:
    """An editor's dated judgement of a qualitative indicator; one per indicator and date."""
    if not can_edit(user, indicator.task.theme):
        raise PermissionDenied(_("Only an editor of this theme assesses its indicators."))
    if assessed_on > date.today():
        raise ValidationError({"assessed_on": [_("An assessment cannot lie in the future.")]})
    if indicator.assessments.filter(assessed_on=assessed_on).exists():
        raise ValidationError({"assessed_on": [_("There is already an assessment on this date.")]})
    assessment = Assessment(
        indicator=indicator,
        assessed_on=assessed_on,
        verdict=verdict,
        text=text,
        assessed_by=assessed_by,
    )
    assessment.full_clean()
    record(assessment, user).save()
    return assessment


@dataclass(frozen=True)
class CategorySpec:
    """A category as a file names it, with its dimension."""

    code: str
    name: str
    dimension: str
    dimension_name: str = ""
    exhaustive: bool = False
    order: int = 0


def _clean(obj: Dimension | Category, field: str, code: str) -> None:
    """The model's checks, with the code the file gave in every message."""
    try:
        obj.full_clean(validate_unique=False)
    except ValidationError as wrong:
        raise ValidationError(
            {field: [f"{code!r}: {message}" for message in wrong.messages]}
        ) from None


@transaction.atomic
def define_categories(user: Any, specs: Sequence[CategorySpec]) -> dict[str, Category]:
    """The categories with these codes, made where they do not exist yet (with their
    dimensions). A stored category or dimension keeps its name: a file does not rename
    what others use. Editors only."""
    if not is_editor(user):
        raise PermissionDenied(_("Only editors define the categories figures are broken by."))
    dimensions = {
        d.code: d for d in Dimension.objects.filter(code__in={s.dimension for s in specs})
    }
    found = {c.code: c for c in Category.objects.filter(code__in={s.code for s in specs})}
    for spec in specs:
        dimension = dimensions.get(spec.dimension)
        if dimension is None:
            dimension = Dimension(
                code=spec.dimension,
                name=spec.dimension_name or spec.dimension,
                exhaustive=spec.exhaustive,
            )
            _clean(dimension, "dimension", spec.dimension)
            record(dimension, user).save()
            dimensions[spec.dimension] = dimension
        category = found.get(spec.code)
        if category is None:
            category = Category(
                dimension=dimension, code=spec.code, name=spec.name, order=spec.order
            )
            _clean(category, "category", spec.code)
            record(category, user).save()
            found[spec.code] = category
        elif category.dimension_id != dimension.pk:
            raise ValidationError(
                {
                    "category": [
                        _("category %(code)s belongs to dimension %(dimension)s")
                        % {"code": spec.code, "dimension": category.dimension.code}
                    ]
                }
            )
    return found
