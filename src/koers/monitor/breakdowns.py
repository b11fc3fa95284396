"""Figures by category (breakdowns): the rule that keeps them consistent with the total,
and how a page lays them out; plain functions without the database (docs/breakdowns.md)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Mismatch:
    """The counts of a dimension's categories, all present, do not add up to the total."""

    dimension: str
    parts: Decimal
    total: Decimal


def mismatches(
    total: Decimal | None,
    parts: Iterable[tuple[int, str, Decimal]],
    categories_per_dimension: dict[int, int],
) -> list[Mismatch]:
    """For one indicator, area and period: each dimension whose categories make the whole
    and all have a count, where those counts differ from the total. `parts` are
    (dimension id, dimension name, value) for the categories of such dimensions. While a
    category or the total is missing there is nothing to compare."""
    if total is None:
        return []
    found: dict[int, tuple[str, list[Decimal]]] = {}
    for dimension, name, value in parts:
        found.setdefault(dimension, (name, []))[1].append(value)
    problems = []
    for dimension, (name, values) in found.items():
        if len(values) == categories_per_dimension.get(dimension, 0) and sum(values) != total:
            problems.append(Mismatch(name, sum(values, Decimal(0)), total))
    return problems


@dataclass(frozen=True)
class Series:
    """One category's figures over the periods, for a chart or a table row."""

    label: str
    points: tuple[tuple[str, Decimal], ...]


def by_category(figures: Sequence[Any], home: Any) -> list[tuple[str, list[Series]]]:
    """Per dimension (in the categories' order), one series per category of the home
    area's figures. `figures` are measurements with their category and dimension read."""
    dimensions: dict[int, tuple[str, dict[int, tuple[str, list]]]] = {}
    for m in figures:
        if m.area_id != home or m.category_id is None:
            continue
        dimension = m.category.dimension
        categories = dimensions.setdefault(dimension.pk, (dimension.name, {}))[1]
        categories.setdefault(m.category_id, (m.category.name, []))[1].append((m.period, m.value))
    return [
        (name, [Series(label, tuple(sorted(points))) for label, points in categories.values()])
        for name, categories in dimensions.values()
    ]
