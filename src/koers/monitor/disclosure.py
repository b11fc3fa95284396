"""Disclosure control: which figures may not be published, as plain functions.

A table is a set of cells (one figure each) and the sums that tie them: a total is the sum
of its parts (the categories of a dimension that make the whole; the districts of a
municipality). Primary suppression withholds the cells that are too small to publish;
secondary suppression withholds as many more as it takes that no withheld cell can be
recomputed from the published cells and the sums (docs/disclosure-control.md).
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from koers.monitor.vocabulary import Unit

# The defaults: the rules of CBS and the GGD monitors (docs/disclosure-control.md).
MIN_COUNT = 10
MIN_RESPONDENTS = 50


class Reason(StrEnum):
    SMALL_COUNT = "small_count"  # primary: a count of fewer than the threshold
    FEW_RESPONDENTS = "few_respondents"  # primary: a share from too few respondents
    SECONDARY = "secondary"  # would let a withheld cell be recomputed from the sums


REASON_TEXT = {
    Reason.SMALL_COUNT: _("fewer than %(count)s, so that no one can be recognised"),
    Reason.FEW_RESPONDENTS: _("based on fewer than %(respondents)s respondents"),
    Reason.SECONDARY: _(
        "with the total and the other figures, this figure would reveal one that is too small"
    ),
}


@dataclass(frozen=True)
class Rules:
    min_count: int = MIN_COUNT
    min_respondents: int = MIN_RESPONDENTS

    def explain(self, reason: Reason) -> str:
        return str(REASON_TEXT[reason]) % {
            "count": self.min_count,
            "respondents": self.min_respondents,
        }


@dataclass(frozen=True)
class Cell:
    value: Decimal
    unit: str
    sample_size: int | None = None


@dataclass(frozen=True)
class Sum:
    """`total` is the sum of `parts`: a cell that is not in the table is unknown."""

    total: Hashable
    parts: tuple[Hashable, ...]

    @property
    def members(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)


def primary(cell: Cell, rules: Rules) -> Reason | None:
    """Whether a cell is too small to publish on its own. A zero is published: it says that
    no one is counted, not who."""
    if cell.unit == Unit.COUNT and 0 < abs(cell.value) < rules.min_count:
        return Reason.SMALL_COUNT
    if cell.sample_size is not None and cell.sample_size < rules.min_respondents:
        return Reason.FEW_RESPONDENTS
    return None


def suppress(
    cells: Mapping[Hashable, Cell], sums: Sequence[Sum], rules: Rules
) -> dict[Hashable, Reason]:
    """The cells not to publish, each with its reason.

    Secondary suppression picks, where a withheld cell could be recomputed, the smallest
    published part of a sum it is in (the least information lost); it repeats until the
    sums, solved exactly, determine no withheld cell.
    """
    withheld = {key: r for key, cell in cells.items() if (r := primary(cell, rules)) is not None}
    if not withheld:
        return withheld
    # Only sums of counts tie cells exactly; a share of a group is no part of a share.
    sums = [s for s in sums if all(cells[k].unit == Unit.COUNT for k in s.members if k in cells)]
    while True:
        _protect_single(cells, sums, withheld)
        revealed = _revealed(cells, sums, withheld)
        if not revealed:
            return withheld
        extra = _next_to_withhold(cells, sums, withheld, revealed)
        if extra is None:  # every cell of every sum around it is withheld already
            return withheld
        withheld[extra] = Reason.SECONDARY


def _protect_single(
    cells: Mapping[Hashable, Cell], sums: Sequence[Sum], withheld: dict[Hashable, Reason]
) -> None:
    """The quick part: while a sum has one unknown cell and that one is withheld (its total
    minus the others tells it), withhold another of that sum. Most tables need no more; the
    exact check after it finds what only several sums together reveal."""
    changed = True
    while changed:
        changed = False
        for s in sums:
            unknown = [k for k in s.members if k in withheld or k not in cells]
            if len(unknown) == 1 and unknown[0] in withheld:
                extra = _next_to_withhold(cells, [s], withheld, unknown)
                if extra is not None:
                    withheld[extra] = Reason.SECONDARY
                    changed = True


def _revealed(
    cells: Mapping[Hashable, Cell], sums: Sequence[Sum], withheld: Mapping[Hashable, Reason]
) -> list[Hashable]:
    """The withheld cells that the published cells and the sums determine exactly."""
    unknowns = sorted(
        {k for s in sums for k in s.members if k in withheld or k not in cells}, key=repr
    )
    column = {key: i for i, key in enumerate(unknowns)}
    rows = []
    for s in sums:
        row = [Fraction(0)] * len(unknowns)
        for key, sign in ((s.total, 1), *((part, -1) for part in s.parts)):
            if key in column:
                row[column[key]] += sign
        if any(row):
            rows.append(row)
    basis = _row_echelon(rows)
    return [key for key in withheld if key in column and _in_span(basis, column[key])]


def _row_echelon(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """Reduced row echelon form: (pivot column, row) pairs."""
    basis: list[tuple[int, list[Fraction]]] = []
    for row in rows:
        row = list(row)
        for pivot, base in basis:
            if row[pivot]:
                factor = row[pivot]
                row = [a - factor * b for a, b in zip(row, base, strict=True)]
        lead = next((i for i, a in enumerate(row) if a), None)
        if lead is None:
            continue
        row = [a / row[lead] for a in row]
        basis = [(p, [a - b[lead] * r for a, r in zip(b, row, strict=True)]) for p, b in basis]
        basis.append((lead, row))
    return basis


def _in_span(basis: list[tuple[int, list[Fraction]]], index: int) -> bool:
    """Whether the unit vector of `index` is a combination of the rows: then the equations
    give that unknown's value."""
    target = [Fraction(0)] * (len(basis[0][1]) if basis else 0)
    if not target:
        return False
    target[index] = Fraction(1)
    for pivot, row in basis:
        if target[pivot]:
            factor = target[pivot]
            target = [a - factor * b for a, b in zip(target, row, strict=True)]
    return not any(target)


def _next_to_withhold(
    cells: Mapping[Hashable, Cell],
    sums: Sequence[Sum],
    withheld: Mapping[Hashable, Reason],
    revealed: Iterable[Hashable],
) -> Hashable | None:
    """The smallest published cell of a sum that holds a revealed cell, parts before
    totals (a published total is what readers look for first); failing that, of any sum."""
    revealed = set(revealed)
    totals = {s.total for s in sums}

    def published(around: Iterable[Sum]) -> list[tuple[bool, Decimal, str, Hashable]]:
        return [
            (key in totals, abs(cells[key].value), repr(key), key)
            for s in around
            for key in s.members
            if key in cells and key not in withheld
        ]

    candidates = published(s for s in sums if revealed & set(s.members)) or published(sums)
    return min(candidates)[3] if candidates else None
