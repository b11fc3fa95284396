"""An uitvoeringsprogramma's text turned into a draft programme.

Two layouts are read:

- the three-column table ("Ambities / Wat gaan we doen / Hoe laten we dit zien") as PDF
  extraction flattens it: per task `N.M Title`, then each ambition `1. text`, its actions
  `1.1 ..`, then its results numbered like the actions again (`1.1 ..`, `5.1 A`, a repeated
  `5.3`);
- the common layout of Dutch programme budgets: "Wat willen we bereiken?" with numbered
  goals (`1. ..`), "Wat gaan we daarvoor doen?" with numbered results (`1.1 ..`), and
  "Wat gaat het kosten?" with amounts.

The "Middelen en capaciteit" (or "Wat gaat het kosten?") table gives the budget lines.
"""

import re
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from koers.imports.document.budget import (
    AMOUNT,
    budget_kind,
    cents,
    read_budget,
    stated_taakveld,
)
from koers.imports.document.framework import ENDS_SENTENCE, YEARS, Doubts, municipality_named
from koers.imports.document.partners import mentioned_partners, owner_of
from koers.imports.document.planning import planning
from koers.imports.document.pointers import SOURCE_LINE, take_lines
from koers.imports.document.text import BULLET, Line, clean_lines, paragraphs

TASK = re.compile(r"^(\d{1,2})\.(\d{1,2})\s+(\S.*)$")
AMBITION = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
ITEM = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?(?:\s?([A-Z])\b\.?)?\s+(\S.*)$")
# Two cells read onto one line: "4.1 Door middel van .. activiteiten. 4.1 Het middelengebruik"
TWO_ITEMS = re.compile(r"(?<=[.!?])\s+(?=\d{1,2}\.\d{1,2}\.?\s+[A-Z])")
TABLE_HEADER = re.compile(r"wat gaan we doen", re.I)
BUDGET = re.compile(r"^(middelen en capaciteit|wat gaat het kosten)\b", re.I)
GOALS = re.compile(r"^wat willen we bereiken\??$", re.I)
DEEDS = re.compile(r"^wat gaan we (daarvoor )?doen\??$", re.I)
# "Zie ook opgaven 4.4 .. en 6.3 ..", "zie opgave 6.3", "verbinding met opgave 4.4": the
# task codes after the word up to the end of the sentence.
SEE = re.compile(r"\bopgave[ns]?\b(?P<rest>.*?)(?:\.\s+[A-Z]|$)", re.I)
CODE = re.compile(r"\b(\d{1,2}\.\d{1,2})\b")


def references(text: str) -> list[str]:
    """The task codes a text refers to: "Zie ook opgaven 4.4 .. en 6.3 .." gives 4.4, 6.3."""
    found: list[str] = []
    for match in SEE.finditer(text):
        found += [c for c in CODE.findall(match.group("rest")) if c not in found]
    return found


def action_planning(text: str) -> dict[str, Any]:
    """What an action's text says of its planning, in the export format."""
    planned = planning(text)
    return {
        "planned_text": planned.text if planned else "",
        "deadline": planned.deadline.isoformat() if planned and planned.deadline else None,
        "planned_start": planned.start.isoformat() if planned and planned.start else None,
    }


class ProgrammeReader:
    def __init__(self, raw: str, partners: Sequence[str] = ()) -> None:
        self.raw = raw
        self.lines = clean_lines(raw)
        self.doubts = Doubts()
        self.partners = list(partners)  # the names Koers holds already
        self.municipality = municipality_named(raw)

    def read(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        text = [line for line in self.lines if line.text]
        if any(GOALS.match(line.text) for line in text):
            heads = self._task_heads(text, GOALS)
            ambitions, lines = self._goals_layout(text, heads)
        else:
            budget_at = next((i for i, ln in enumerate(text) if BUDGET.match(ln.text)), len(text))
            heads = self._task_heads(text[:budget_at], TABLE_HEADER)
            ambitions = []
            for k, (i, code) in enumerate(heads):
                until = heads[k + 1][0] if k + 1 < len(heads) else budget_at
                ambitions += self._table(code, text[i + 1 : until])
            codes = [code for _i, code in heads]
            lines = read_budget(text[budget_at + 1 :], codes, self.doubts) if codes else []
        chapter = heads[0][1].split(".")[0] if heads else None
        years = YEARS.search(self.raw)
        first = text[heads[0][0]].number if heads else 1
        programme = {
            "title": self._title(text),
            "theme": chapter,
            "start_year": int(years.group(1)) if years else None,
            "end_year": int(years.group(2)) if years else None,
            "introduction": self._introduction([ln for ln in self.lines if ln.number < first]),
            "ambitions": ambitions,
            "budget_lines": lines,
        }
        if not ambitions:
            self.doubts.add(1, _("No ambitions with numbered actions found."))
        return {"format": "koers", "version": 1, "programmes": [programme]}, self.doubts.items

    def _introduction(self, lines: list[Line]) -> str:
        """The paragraphs before the first task, without the title lines above them; a
        paragraph that ends mid-sentence goes on in the next block."""
        found: list[str] = []
        ended = True
        for block in paragraphs(lines):
            words = " ".join(" ".join(ln.text for ln in block).split())
            if not found and not ENDS_SENTENCE.search(words):
                continue  # the title, the years, the municipality: no sentences
            if found and not ended:
                found[-1] += " " + words
            else:
                found.append(words)
            ended = bool(ENDS_SENTENCE.search(words)) or words.startswith("http")
        return "\n\n".join(found)

    def _title(self, text: list[Line]) -> str:
        first = text[0].text if text else ""
        years = YEARS.search(self.raw)
        title = first if not years or years.group(0) in first else f"{first} {years.group(0)}"
        if not re.match(r"(uitvoerings)?programma", title, re.I):
            title = f"Uitvoeringsprogramma {title}"
        return title

    def _task_heads(self, text: list[Line], follows: re.Pattern) -> list[tuple[int, str]]:
        """Task headings `N.M Title`, in sequence, each followed by its table or sections."""
        heads: list[tuple[int, str]] = []
        chapter, number = None, 1
        for i, line in enumerate(text):
            match = TASK.match(line.text)
            if not match:
                continue
            if chapter is not None and (match.group(1) != chapter or int(match.group(2)) != number):
                continue
            ahead = [ln.text for ln in text[i + 1 : i + 4]]
            if any(follows.search(t) or re.match(r"^1\.\s", t) for t in ahead):
                heads.append((i, f"{match.group(1)}.{match.group(2)}"))
                chapter, number = match.group(1), int(match.group(2)) + 1
        return heads

    # -- the three-column table --------------------------------------------------------------

    def _table(self, task: str, lines: list[Line]) -> list[dict[str, Any]]:
        ambitions: list[dict[str, Any]] = []
        current: dict[str, Any] | None = None
        item: dict[str, Any] | None = None
        target: dict[str, Any] | None = None  # a cell that goes on after a page break
        phase, last = "ambition", 0
        split = [Line(line.number, part) for line in lines for part in TWO_ITEMS.split(line.text)]
        for line in split:
            text = line.text
            if TABLE_HEADER.search(text) and len(text) < 60:
                continue  # the column headings, on every page the table runs over
            head = AMBITION.match(text)
            if head and int(head.group(1)) == len(ambitions) + 1 and not ITEM.match(text):
                current = {
                    "task": task,
                    "number": head.group(1),
                    "text": head.group(2),
                    "actions": [],
                    "results": [],
                    SOURCE_LINE: line.number,
                }
                ambitions.append(current)
                item, target, phase, last = None, None, "ambition", 0
                continue
            found = ITEM.match(text)
            k = int(found.group(2)) if found else 0
            if (
                current is not None
                and found
                and found.group(1) == current["number"]
                and (
                    item is None
                    or phase == "ambition"
                    or ENDS_SENTENCE.search(item["text"])
                    or k == last + 1
                    or (phase == "actions" and k == 1)  # the results begin
                )
            ):
                if phase == "ambition":
                    phase = "actions"
                elif phase == "actions" and k <= last:
                    phase = "results"  # the numbering starts again: the third column
                last = k
                code = f"{found.group(1)}.{found.group(2)}" + (
                    f" {found.group(3)}" if found.group(3) else ""
                )
                item = {"code": code, "text": found.group(4), SOURCE_LINE: line.number}
                current[phase].append(item)
                target = None
                continue
            if current is None:
                continue
            receiver = target or item or current
            if ENDS_SENTENCE.search(receiver["text"]) and text[:1].islower():
                # A row that ran over a page: the rest of each cut-off cell follows, in
                # column order. The first cell that ends mid-sentence takes the line.
                cells = [(current, "ambition")] + [
                    (current[column][-1], column)
                    for column in ("actions", "results")
                    if current[column]
                ]
                open_cell = next(
                    ((c, p) for c, p in cells if not ENDS_SENTENCE.search(c["text"])), None
                )
                if open_cell is not None:
                    target = open_cell[0]
                    if open_cell[1] == "actions":
                        phase = "actions"
                        last = int(target["code"].split(".")[1].split(" ")[0])
                    receiver = target
            receiver["text"] += " " + text
        for ambition in ambitions:
            self._finish(ambition)
        return ambitions

    def _finish(self, ambition: dict[str, Any]) -> None:
        """Tidy texts, and link results and references by their numbers."""
        ambition["text"] = " ".join(ambition["text"].split())
        codes = set()
        for action in ambition["actions"]:
            action["text"] = " ".join(action["text"].split())
            action["references"] = references(action["text"])
            action.update(action_planning(action["text"]))
            action["partners"] = mentioned_partners(
                action["text"], self.partners, self.municipality
            )
            action["owner"] = owner_of(action["text"], self.partners)
            if action["owner"] and action["owner"] not in action["partners"]:
                action["partners"].insert(0, action["owner"])
            codes.add(action["code"])
        for result in ambition["results"]:
            result["text"] = " ".join(result["text"].split())
            base = result["code"].split(" ")[0]
            result["action"] = base if base in codes else None
            result["references"] = references(result["text"])
            if result["action"] is None:
                self.doubts.add(
                    result[SOURCE_LINE],
                    _("Result %(code)s: no action with this number.") % {"code": result["code"]},
                )
        if not ambition["actions"]:
            self.doubts.add(
                1,
                _("Task %(task)s ambition %(number)s: no actions.")
                % {"task": ambition["task"], "number": ambition["number"]},
            )

    # -- the common layout -------------------------------------------------------------------

    def _goals_layout(
        self, text: list[Line], heads: list[tuple[int, str]]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Per task: "Wat willen we bereiken?" goals, "Wat gaan we daarvoor doen?" results
        numbered by goal (1.1, 1.2, 2.1), "Wat gaat het kosten?" amounts."""
        ambitions: list[dict[str, Any]] = []
        budget: list[dict[str, Any]] = []
        for k, (start, task) in enumerate(heads):
            stop = heads[k + 1][0] if k + 1 < len(heads) else len(text)
            goals: dict[str, dict[str, Any]] = {}
            section, item = None, None
            for line in text[start + 1 : stop]:
                if GOALS.match(line.text):
                    section, item = "goals", None
                    continue
                if DEEDS.match(line.text):
                    section, item = "deeds", None
                    continue
                if BUDGET.match(line.text):
                    section, item = "costs", None
                    continue
                goal, found = AMBITION.match(line.text), ITEM.match(line.text)
                if section == "goals" and goal and not found:
                    item = {"task": task, "number": goal.group(1), "text": goal.group(2)}
                    goals[goal.group(1)] = {
                        **item,
                        "actions": [],
                        "results": [],
                        SOURCE_LINE: line.number,
                    }
                    item = goals[goal.group(1)]
                elif section == "deeds" and found and found.group(1) in goals:
                    code = f"{found.group(1)}.{found.group(2)}"
                    item = {"code": code, "text": found.group(4), SOURCE_LINE: line.number}
                    goals[found.group(1)]["actions"].append(item)
                elif section == "costs":
                    self._cost(task, line, budget)
                elif item is not None:
                    item["text"] += " " + line.text
            for ambition in goals.values():
                self._finish(ambition)
            ambitions += goals.values()
        return ambitions, budget

    def _cost(self, task: str, line: Line, budget: list[dict[str, Any]]) -> None:
        """A line of "Wat gaat het kosten?": a description and an amount, or a total."""
        amount = cents(line.text)
        label = " ".join(AMOUNT.sub("", line.text.removeprefix(BULLET)).split()).strip(" :")
        if re.match(r"^(totaal|subtotaal)\b", label, re.I):
            return  # totals are no budget lines
        what, colon, paid_from = label.partition(":")
        if amount is None and not colon:
            return  # column headings ("Omschrijving Bedrag")
        budget.append(
            {
                SOURCE_LINE: line.number,
                "task": task,
                "resource": "",
                "description": what.strip() if amount is None else label,
                "amount_cents": amount,
                "kind": budget_kind(label),
                # "Buurtsportcoaches: structureel uit de reguliere begroting"
                "funding_source": paid_from.strip() if amount is None else "",
                "reserved_elsewhere": False,
                **stated_taakveld(label),
            }
        )


def read_programme(
    raw: str, partners: Sequence[str] = ()
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The draft programme in the export format's shape, and the reader's doubts."""
    document, doubts = ProgrammeReader(raw, partners).read()
    take_lines(document)
    return document, doubts
