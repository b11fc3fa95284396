"""Figures by category (breakdowns): the rule that keeps them consistent with the total, a
plain function without the database (docs/breakdowns.md)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal


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
