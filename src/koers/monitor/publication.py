"""What of a plan's figures may be published: the disclosure rules
(`koers.monitor.disclosure`) applied to stored measurements, without the database.

Every published view (residents' pages, reports, open data, the API for anonymous users)
reads its figures through `withhold`, so a figure too small to publish, or one that the
others would reveal, is left out of all of them alike, with a mark where it would be.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings

from koers.monitor.disclosure import Cell, Reason, Rules, Sum, suppress
from koers.monitor.models import Area, Category, Measurement


def rules() -> Rules:
    """The thresholds of this installation (KOERS_DISCLOSURE_MIN_COUNT and
    KOERS_DISCLOSURE_MIN_RESPONDENTS)."""
    return Rules(
        min_count=settings.KOERS_DISCLOSURE_MIN_COUNT,
        min_respondents=settings.KOERS_DISCLOSURE_MIN_RESPONDENTS,
    )


@dataclass(frozen=True)
class Withheld:
    """Where a figure would be, without its value: for the mark and its explanation."""

    pk: int  # the measurement's, to leave its history out as well
    indicator_id: int
    area: Area
    period: str
    category: Category | None
    reason: Reason
    explanation: str


def _tables(figures: Iterable[Measurement]) -> dict[tuple[int, str], list[Measurement]]:
    """One table per indicator and period: its areas by its categories."""
    tables: dict[tuple[int, str], list[Measurement]] = defaultdict(list)
    for m in figures:
        tables[(m.indicator_id, m.period)].append(m)
    return tables


def _sums(table: Sequence[Measurement]) -> list[Sum]:
    """The sums a table's cells make: per area, the categories of each dimension whose
    categories make the whole add up to the total; per category, the districts of a
    municipality add up to the municipality. Categories or districts without a figure are
    left out of a sum, which makes it stricter, never looser."""
    sums: list[Sum] = []
    by_area: dict[int, dict[int, list[Hashable]]] = defaultdict(lambda: defaultdict(list))
    for m in table:
        if m.category_id is not None and m.category.dimension.exhaustive:
            by_area[m.area_id][m.category.dimension_id].append((m.area_id, m.category_id))
    for area, dimensions in by_area.items():
        sums += [Sum((area, 0), tuple(parts)) for parts in dimensions.values()]
    municipality_area: dict[int | None, int] = {
        m.area.municipality_id: m.area_id
        for m in table
        if m.area.kind == Area.Kind.MUNICIPALITY and m.area.municipality_id
    }
    districts: dict[tuple[int, int], list[Hashable]] = defaultdict(list)
    for m in table:
        whole = municipality_area.get(m.area.municipality_id)
        if m.area.kind == Area.Kind.DISTRICT and whole is not None:
            districts[(whole, m.category_id or 0)].append((m.area_id, m.category_id or 0))
    sums += [Sum(whole, tuple(parts)) for whole, parts in districts.items()]
    return sums


def withhold(
    figures: Iterable[Measurement], unit_of: dict[int, str], found: Rules | None = None
) -> tuple[list[Measurement], list[Withheld]]:
    """The figures that may be published, and where the others would be.

    `figures` are whole tables (every figure of an indicator and period that is published
    at all), with their area and category (and its dimension) read; `unit_of` gives each
    indicator's unit.
    """
    found = found or rules()
    figures = list(figures)
    kept: set[int] = set()
    withheld: list[Withheld] = []
    for (indicator, _period), table in _tables(figures).items():
        cells: dict[Hashable, Cell] = {
            (m.area_id, m.category_id or 0): Cell(m.value, unit_of[indicator], m.sample_size)
            for m in table
        }
        reasons = suppress(cells, _sums(table), found)
        for m in table:
            reason = reasons.get((m.area_id, m.category_id or 0))
            if reason is None:
                kept.add(id(m))
            else:
                withheld.append(
                    Withheld(
                        m.pk,
                        m.indicator_id,
                        m.area,
                        m.period,
                        m.category,
                        reason,
                        found.explain(reason),
                    )
                )
    return [m for m in figures if id(m) in kept], withheld
