"""How a programme's money adds up, the same on the page and in every report format.

*Planned* is what the programme asks for; *already reserved* is money a line names but
another budget (such as the coalition programme) holds, so it is shown apart and not
counted in the planned total; *spent* is the spending booked on the lines up to the
reporting date. Lines "from regular budgets" have no amount and count for nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.db.models import Sum

from koers.budgets.models import BudgetLine, Spending

K = TypeVar("K")


@dataclass(frozen=True)
class LineMoney:
    amount_cents: int | None
    reserved_elsewhere: bool
    spent_cents: int = 0


@dataclass(frozen=True)
class BudgetTotals:
    planned_cents: int
    reserved_cents: int
    spent_cents: int


def totals(lines: Iterable[LineMoney]) -> BudgetTotals:
    planned = reserved = spent = 0
    for line in lines:
        if line.reserved_elsewhere:
            reserved += line.amount_cents or 0
        else:
            planned += line.amount_cents or 0
        spent += line.spent_cents
    return BudgetTotals(planned, reserved, spent)


def grouped(lines: Iterable[tuple[K, LineMoney]]) -> dict[K, BudgetTotals]:
    """The totals of the lines per key (a taakveld, a task), in the order keys first come."""
    groups: dict[K, list[LineMoney]] = {}
    for key, money in lines:
        groups.setdefault(key, []).append(money)
    return {key: totals(money) for key, money in groups.items()}


def spent_by_line(programme_ids: Iterable[int], on: date) -> dict[int, int]:
    """Cents spent per budget line of these programmes, booked on or before `on`."""
    return dict(
        Spending.objects.filter(budget_line__programme__in=list(programme_ids), spent_on__lte=on)
        .values_list("budget_line")
        .annotate(total=Sum("amount_cents"))
        .order_by()
    )


def programme_totals(programme_ids: Iterable[int], on: date) -> dict[int, BudgetTotals]:
    """The totals of each programme's budget lines, spending booked up to `on`: two queries."""
    ids = list(programme_ids)
    spent = spent_by_line(ids, on)
    lines: dict[int, list[LineMoney]] = {pk: [] for pk in ids}
    for pk, programme, amount, reserved in BudgetLine.objects.filter(programme__in=ids).values_list(
        "pk", "programme", "amount_cents", "reserved_elsewhere"
    ):
        lines[programme].append(LineMoney(amount, reserved, spent.get(pk, 0)))
    return {programme: totals(money) for programme, money in lines.items()}
