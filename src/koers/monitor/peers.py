"""Comparable municipalities as one band: per period the range and the median of their
figures. Plain functions; the figures are read with the plan (`koers.monitor.reading`).

A band needs figures of at least `MIN_PEERS` municipalities in the period: with fewer, a
range and a median say little, and a band of two would show both figures one by one.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

MIN_PEERS = 3


@dataclass(frozen=True)
class Band:
    period: str
    count: int
    low: Decimal
    median: Decimal
    high: Decimal


def bands(figures: Iterable[tuple[str, Decimal]]) -> list[Band]:
    """The band of each period with figures of at least MIN_PEERS municipalities, oldest
    first ("" for figures without a year last)."""
    by_period: dict[str, list[Decimal]] = {}
    for period, value in figures:
        by_period.setdefault(period, []).append(value)
    return [
        Band(period, len(values), min(values), _median(values), max(values))
        for period, values in sorted(by_period.items(), key=lambda p: (p[0] == "", p[0]))
        if len(values) >= MIN_PEERS
    ]


def _median(values: list[Decimal]) -> Decimal:
    """The median in the figures' own precision: of 51.3 and 56.2 it is 53.8, not 53.75."""
    places = max(0, *(-v.normalize().as_tuple().exponent for v in values))  # type: ignore[operator]
    return Decimal(median(values)).quantize(Decimal(1).scaleb(-places))
