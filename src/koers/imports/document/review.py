"""A draft as the items an adviser reviews, and the corrections made to them.

Each item the readers make (framework, theme, task, ambition, indicator; programme, its
ambitions, actions, results and budget lines) is shown with the fields a reader fills, at
the line of the source it was read from. Corrections come back here, whatever page or
command made them: a changed indicator sentence gives its targets anew and a changed
action or result text its task references, as reading the document would.
"""

import copy
from dataclasses import dataclass
from typing import Any

from koers.imports import fields
from koers.imports.branches import FRAMEWORK, PROGRAMME, Branch
from koers.imports.document.framework import indicator_reading
from koers.imports.document.pointers import put_lines, resolve, take_lines
from koers.imports.document.programme import action_planning, references

# What an adviser corrects, per model: the fields the readers fill, in reading order.
REVIEWED: dict[str, tuple[str, ...]] = {
    "plans.Framework": ("title", "start_year", "end_year"),
    "plans.Theme": ("chapter", "title", "introduction"),
    "plans.Task": ("code", "title", "introduction", "situation"),
    "plans.Ambition": ("text", "means"),
    "monitor.Indicator": ("name", "sentence", "unit", "direction", "kind"),
    "plans.Programme": ("title", "theme", "start_year", "end_year", "introduction"),
    "plans.ProgrammeAmbition": ("task", "number", "text"),
    "plans.Action": ("code", "text", "explanation", "planned_text", "deadline", "partners"),
    "plans.Result": ("code", "text", "action"),
    # A budget line: every field the document gives it, and its task.
    "budgets.BudgetLine": ("task", *(f.key for f in fields.BUDGET_LINE)),
    # A programme budget's income and expenses per year and taakveld.
    "budgets.ProgrammeAmount": tuple(f.key for f in fields.PROGRAMME_AMOUNT),
}
# The lists a draft starts from: a framework document's or a programme document's.
TOP = (FRAMEWORK, PROGRAMME)


@dataclass(frozen=True)
class DraftItem:
    pointer: str  # JSON pointer in the draft: "/frameworks/0/themes/2"
    branch: Branch
    data: dict[str, Any]
    depth: int  # 0 for a framework or programme
    position: int  # 1-based, among the items of its list
    line: int | None  # where in the source it was read, when the reader knew
    parent: dict[str, Any] | None = None  # the item it belongs to

    @property
    def model(self) -> str:
        return self.branch.model

    @property
    def fields(self) -> tuple[str, ...]:
        return REVIEWED[self.model]


def items(document: dict[str, Any], lines: dict[str, int]) -> list[DraftItem]:
    """Every reviewed item of the draft in document order, parents before their children."""
    found: list[DraftItem] = []

    def visit(branch: Branch, values: list[Any], parent: DraftItem | None) -> None:
        above = parent.pointer if parent else ""
        for index, data in enumerate(values):
            pointer = f"{above}/{branch.key}/{index}"
            item = DraftItem(
                pointer,
                branch,
                data,
                parent.depth + 1 if parent else 0,
                index + 1,
                lines.get(pointer),
                parent.data if parent else None,
            )
            found.append(item)
            for child in branch.children:
                if child.model in REVIEWED:
                    visit(child, data.get(child.key) or [], item)

    for branch in TOP:
        visit(branch, document.get(branch.key) or [], None)
    return found


def correct(
    document: dict[str, Any],
    lines: dict[str, int],
    changes: dict[str, dict[str, Any]],
    left_out: set[str],
) -> tuple[dict[str, Any], dict[str, int]]:
    """The draft with the adviser's changes (new values by item pointer) and without the
    items left out (with all they hold); and the source lines of what remains."""
    corrected = copy.deepcopy(document)
    kinds = {item.pointer: item.model for item in items(document, lines)}
    for pointer, values in changes.items():
        item = resolve(corrected, pointer)
        before = dict(item)
        item.update(values)
        _derive(kinds[pointer], item, before, set(values))
    put_lines(corrected, lines)
    # Later siblings and deeper items first, so that each pointer still names its item.
    for pointer in sorted(left_out, key=_steps, reverse=True):
        parent, _slash, index = pointer.rpartition("/")
        del resolve(corrected, parent)[int(index)]
    return corrected, take_lines(corrected)


def _steps(pointer: str) -> list[int | str]:
    return [int(s) if s.isdigit() else s for s in pointer.split("/")[1:]]


def _derive(model: str, item: dict[str, Any], before: dict[str, Any], given: set[str]) -> None:
    """What a reader derives from a text, derived again from the corrected text; a value the
    adviser gave for a derived field stands. What a reader took from elsewhere stays: the
    targets of a table row (a programme budget's), the planning of the budget's year."""
    from_table = any(t.get("kind") == "yearly" for t in before.get("targets") or [])
    if (
        model == "monitor.Indicator"
        and item.get("sentence") != before.get("sentence")
        and not from_table
    ):
        read = indicator_reading(item.get("sentence") or "")
        item.update({key: value for key, value in read.items() if key not in given})
    if model in ("plans.Action", "plans.Result") and item.get("text") != before.get("text"):
        item["references"] = references(item.get("text") or "")
        planned = before.get("planned_text") or ""
        from_text = planned.lower() in (before.get("text") or "").lower()
        if model == "plans.Action" and from_text and not given & {"planned_text", "deadline"}:
            # The partners stay: which names are partners depends on those Koers holds.
            item.update(action_planning(item.get("text") or ""))
