"""A new programme period: the programme for the next years of a theme (Thema 6 2025-2026
after 2023-2024), started from the current one (docs/cycle.md).

Unfinished actions are carried over, each linked to the action it continues (which keeps
its notes and history); finished and cancelled actions stay with the old programme, which
stays readable as it was. Results and budget lines are copied only when asked: results not
yet achieved, budget lines with their amounts as a starting point, without spending.
"""

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.accounts.permissions import can_edit
from koers.history import record
from koers.plans.models import (
    OPEN_ACTION_STATUSES,
    Action,
    Programme,
    ProgrammeAmbition,
    Result,
)

_COPIED_ACTION_FIELDS = (
    "code", "text", "explanation", "status", "progress", "planned_text", "owner_id",
    "responsible_id", "team_id", "order",
)  # fmt: skip


def next_title(title: str, old: Programme, start: int, end: int) -> str:
    """The title with the new years where the old ones stand: "... 2023-2024" becomes
    "... 2025-2026"; otherwise the years are added."""
    years = f"{start}-{end}" if end != start else str(start)
    pattern = (
        rf"{old.start_year}\s*[-\u2013]\s*{old.end_year}"
        if old.end_year != old.start_year
        else str(old.start_year)
    )
    if re.search(pattern, title):
        return re.sub(pattern, years, title, count=1)
    return f"{title} {years}"


def period_problems(old: Programme, start: int, end: int) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    framework = old.framework
    if start <= old.end_year:
        errors["start_year"] = [
            _("The new period starts after the current one, which runs until %(year)s.")
            % {"year": old.end_year}
        ]
    if end < start:
        errors["end_year"] = [_("The last year lies before the first year.")]
    elif end > framework.end_year:
        errors["end_year"] = [
            _(
                "The framework runs until %(year)s: a programme after that belongs to the "
                "next framework."
            )
            % {"year": framework.end_year}
        ]
    return errors


@transaction.atomic
def start_next_programme(
    user: Any,
    old: Programme,
    *,
    start_year: int,
    end_year: int,
    copy_results: bool = False,
    copy_budget: bool = False,
) -> Programme:
    """The programme for the next period of `old`'s theme, with its unfinished actions.

    Raises PermissionDenied for someone who does not edit the theme, ValidationError (by
    field) for a period that overlaps, runs past the framework or is taken.
    """
    if not can_edit(user, old.theme):
        raise PermissionDenied(_("You may not start a programme in this theme."))
    errors = period_problems(old, start_year, end_year)
    title = next_title(old.title, old, start_year, end_year)
    if Programme.objects.filter(framework_id=old.framework_id, title=title).exists():
        errors.setdefault("start_year", []).append(
            _("The programme “%(title)s” exists already.") % {"title": title}
        )
    following = Programme.objects.filter(predecessor=old).first()
    if following is not None:
        # Its unfinished actions are carried over once: each continues in one place.
        errors.setdefault("start_year", []).append(
            _("This programme is continued already in “%(title)s”.") % {"title": following.title}
        )
    if errors:
        raise ValidationError(errors)
    reason = _("started from %(title)s") % {"title": old.title}
    new = Programme(
        framework_id=old.framework_id,
        theme_id=old.theme_id,
        title=title,
        start_year=start_year,
        end_year=end_year,
        introduction=old.introduction,
        predecessor=old,
    )
    record(new, user, reason).save()
    actions_by_old: dict[int, Action] = {}
    for ambition in old.ambitions.order_by("order", "pk"):
        copy = ProgrammeAmbition(
            programme=new,
            task_id=ambition.task_id,
            number=ambition.number,
            text=ambition.text,
            order=ambition.order,
        )
        record(copy, user, reason).save()
        for action in ambition.actions.filter(status__in=OPEN_ACTION_STATUSES).order_by(
            "order", "pk"
        ):
            carried = Action(ambition=copy, predecessor=action)
            for name in _COPIED_ACTION_FIELDS:
                setattr(carried, name, getattr(action, name))
            # A deadline in the old period is gone; a later one still holds.
            if action.deadline and action.deadline.year >= start_year:
                carried.deadline = action.deadline
            if action.planned_start and action.planned_start.year >= start_year:
                carried.planned_start = action.planned_start
            record(carried, user, reason).save()
            carried.partners.set(action.partners.all())
            carried.references.set(action.references.all())
            actions_by_old[action.pk] = carried
        if copy_results:
            for result in ambition.results.filter(achieved=False).order_by("order", "pk"):
                copied = Result(
                    ambition=copy,
                    action=actions_by_old.get(result.action_id or 0),
                    code=result.code,
                    text=result.text,
                    responsible_id=result.responsible_id,
                    team_id=result.team_id,
                    order=result.order,
                )
                record(copied, user, reason).save()
                copied.references.set(result.references.all())
    if copy_budget:
        for line in old.budget_lines.order_by("order", "pk"):
            line.pk, line.programme = None, new
            record(line, user, reason).save()
    return new
