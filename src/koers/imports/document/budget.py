"""The budget table of a programme ("Middelen en capaciteit", "Wat gaat het kosten?").

PDF extraction reads the table's columns one after the other: per task its title, then per
row the resource (or "-"), the investment (an amount such as "€ 8.500,-", "-", or words such
as "Komt uit reguliere budgetten"), and the explanation. A column ends at a full stop, a
"-" or an amount. Lines such as "De andere onderdelen vragen geen extra middelen." are notes,
not budget lines.
"""

import re
from typing import Any

from django.utils.translation import gettext as _

from koers.imports.document.pointers import SOURCE_LINE
from koers.imports.document.text import BULLET, Line

AMOUNT = re.compile(r"€\s*(\d{1,3}(?:\.\d{3})*|\d+)(?:,(\d{2}|-{1,2}))?")
NOTE = re.compile(r"\bgeen extra\b|\bvragen geen\b", re.I)
RESERVED = re.compile(r"\bgereserveerd\b", re.I)
# "taakveld 6.1", "(tv 6.21)", "Taakveld: 6.711": the BBV taakveld a line is booked on.
TAAKVELD = re.compile(r"\b(?:taakveld|tv)\.?:?\s+(\d\.\d{1,3})\b", re.I)


def cents(text: str) -> int | None:
    """A Dutch amount in cents: "€ 8.500,-" → 850000, "€ 1.234,56" → 123456."""
    match = AMOUNT.search(text)
    if match is None:
        return None
    whole = int(match.group(1).replace(".", ""))
    fraction = match.group(2) or "00"
    return whole * 100 + (int(fraction) if fraction.isdigit() else 0)


def stated_taakveld(text: str) -> dict[str, str]:
    """The taakveld a line's text names ("taakveld 6.1"), as the line's field."""
    found = TAAKVELD.search(text)
    return {"taakveld": found.group(1)} if found else {}


def budget_kind(text: str) -> str:
    """Structureel or incidenteel, as the text says."""
    if re.search(r"\bstructure", text, re.I):
        return "recurring"
    if re.search(r"\bincidente", text, re.I):
        return "one_off"
    return "unspecified"


class _Row:
    def __init__(self, task: str, first: int) -> None:
        self.task = task
        self.first = first  # the number of its first line in the source
        self.columns = ["", "", ""]  # resource, investment, explanation
        self.column = 0
        self.amount: int | None = None

    def add(self, text: str) -> None:
        self.columns[self.column] = f"{self.columns[self.column]} {text}".strip()
        if self.column < 2 and re.search(r"[.!?]$", text):
            self.column += 1

    def skip(self) -> None:
        self.column = min(self.column + 1, 2)

    @property
    def started(self) -> bool:
        return bool(self.columns[2] or self.amount is not None)

    def line(self) -> dict[str, Any] | None:
        resource, investment, explanation = (" ".join(c.split()) for c in self.columns)
        amount, reserved = self.amount, False
        if amount is None and explanation and RESERVED.search(explanation):
            amount, reserved = cents(explanation), True  # "al € 10.000 gereserveerd"
        if not (resource or explanation or amount is not None):
            return None
        return {
            SOURCE_LINE: self.first,
            "task": self.task,
            "resource": resource.rstrip("."),
            "description": explanation,
            "amount_cents": amount,
            "kind": budget_kind(resource + " " + explanation),
            "funding_source": investment if amount is None and not reserved else "",
            "reserved_elsewhere": reserved,
            **stated_taakveld(f"{resource} {investment} {explanation}"),
        }


def read_budget(lines: list[Line], codes: list[str], doubts: Any) -> list[dict[str, Any]]:
    """Budget lines per task, from the lines after the table's heading."""
    starts = re.compile(rf"^({'|'.join(re.escape(code) for code in codes)})\s+(.*)$")
    found: list[dict[str, Any]] = []
    row: _Row | None = None
    task: str | None = None
    in_title = in_note = False

    def close() -> None:
        nonlocal row
        if row is not None and (made := row.line()) is not None:
            found.append(made)
        row = None

    for line in lines:
        text = line.text
        head = starts.match(text)
        if head:
            close()
            task, in_title = head.group(1), not re.search(r"[.!?]$", head.group(2))
            continue
        if task is None:
            continue  # the introduction and the column headings
        if in_title:
            in_title = not re.search(r"[.!?]$", text)
            continue
        if in_note:
            in_note = not re.search(r"[.!?]$", text)
            continue
        if text.startswith(BULLET) and NOTE.search(text):
            close()
            in_note = not re.search(r"[.!?]$", text)  # the note may go on on the next line
            continue
        if text.startswith(f"{BULLET}- ") or text.startswith("- - "):
            close()
            row = _Row(task, line.number)
            row.column = 2
            row.add(text.split("- ", 2)[-1])
            continue
        if text == "-":
            if row is None or row.started:
                close()
                row = _Row(task, line.number)
            row.skip()
            continue
        if AMOUNT.match(text):
            if row is None or row.started:
                close()
                row = _Row(task, line.number)
            row.amount = cents(text)
            row.column = 2
            rest = AMOUNT.sub("", text, count=1).strip()
            if rest:
                row.add(rest)
            continue
        if row is None:
            row = _Row(task, line.number)
        row.add(text)
    close()
    if not found:
        doubts.add(lines[0].number if lines else 1, _("No lines in the budget table."))
    return found
