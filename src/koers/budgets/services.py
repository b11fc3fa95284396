"""Every change to a programme's money that the pages make: booking spending on a line,
and putting lines and tasks on taakvelden.

Editors of the line's theme book spending (a correction is a negative amount); the date
lies within the programme's years and not in the future; one booking per line, date and
description. Who booked what and when is kept in the history.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from koers.accounts.permissions import can_edit
from koers.budgets.classification import Editions
from koers.budgets.models import BudgetLine, Spending, Taakveld, TaskTaakveld
from koers.history import record
from koers.plans.models import Task

# What a bigint of cents holds, with room: no programme spends more than this.
LARGEST_CENTS = 10**15


def spending_problems(
    line: BudgetLine, spent_on: date, amount_cents: int, today: date
) -> dict[str, list[str]]:
    """What is wrong with a booking on its own, by field."""
    problems: dict[str, list[str]] = {}
    programme = line.programme
    if spent_on > today:
        problems["spent_on"] = [_("Spending cannot be booked on a future date.")]
    elif not programme.start_year <= spent_on.year <= programme.end_year + 1:
        problems["spent_on"] = [
            _("Book spending within the programme's years, %(start)s-%(end)s (or the year after).")
            % {"start": programme.start_year, "end": programme.end_year}
        ]
    if amount_cents == 0 or abs(amount_cents) >= LARGEST_CENTS:
        problems["amount_cents"] = [_("Enter an amount; a correction is a negative amount.")]
    return problems


@transaction.atomic
def record_spending(
    user: Any, line: BudgetLine, *, spent_on: date, amount_cents: int, description: str = ""
) -> Spending:
    """Book money spent on a budget line. Raises PermissionDenied or ValidationError."""
    if not can_edit(user, line.task.theme):
        raise PermissionDenied(_("Only an editor of this theme books spending."))
    problems = spending_problems(line, spent_on, amount_cents, date.today())
    if problems:
        raise ValidationError(problems)
    spending = Spending(
        budget_line=line, spent_on=spent_on, amount_cents=amount_cents, description=description
    )
    try:
        with transaction.atomic():
            record(spending, user).save()
    except IntegrityError:
        raise ValidationError(
            {"description": [_("This line already has a booking with this date and description.")]}
        ) from None
    return spending


def _edition_problem(editions: Editions, taakveld: Taakveld, year: int) -> str | None:
    edition = editions.applicable(year)
    if edition is not None and taakveld.taakveld_list_id != edition.pk:
        return _("Choose a taakveld of %(edition)s, the list for %(year)s.") % {
            "edition": edition,
            "year": year,
        }
    return None


@transaction.atomic
def classify_line(user: Any, line: BudgetLine, taakveld: Taakveld | None) -> BudgetLine:
    """Put a budget line on a taakveld (None: not classified). The taakveld is one of the
    edition for the programme's first year; a line coded earlier with another edition keeps
    it until it is classified again. Raises PermissionDenied or ValidationError."""
    if not can_edit(user, line.task.theme):
        raise PermissionDenied(_("Only an editor of this theme classifies its budget lines."))
    if taakveld is not None and taakveld.pk != line.taakveld_id:
        problem = _edition_problem(Editions(), taakveld, line.programme.start_year)
        if problem:
            raise ValidationError({"taakveld": [problem]})
    if taakveld != line.taakveld:
        line.taakveld = taakveld
        record(line, user, "taakveld").save(update_fields=["taakveld"])
    return line


@transaction.atomic
def set_task_taakvelden(user: Any, task: Task, taakvelden: Iterable[Taakveld]) -> list[Taakveld]:
    """The taakvelden a task's money is booked on. Each change is recorded with who made it.
    Raises PermissionDenied or ValidationError."""
    if not can_edit(user, task.theme):
        raise PermissionDenied(_("Only an editor of this theme classifies its tasks."))
    wanted = {t.pk: t for t in taakvelden}
    links = {link.taakveld_id: link for link in TaskTaakveld.objects.filter(task=task)}
    editions = Editions() if set(wanted) - set(links) else None
    for pk, taakveld in wanted.items():
        if pk not in links and editions is not None:
            problem = _edition_problem(editions, taakveld, task.framework.start_year)
            if problem:
                raise ValidationError({"taakvelden": [problem]})
            record(TaskTaakveld(task=task, taakveld=taakveld), user).save()
    for pk, link in links.items():
        if pk not in wanted:
            record(link, user).delete()
    return sorted(wanted.values(), key=lambda t: t.order)
