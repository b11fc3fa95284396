"""A programme budget (programmabegroting) read as a plan: its programmes with their goals,
the results per goal with their explanations, and the indicator tables.

The BBV prescribes three questions per programme; municipalities word, number and lay them
out in their own way. The rules of the genre (docs/document-import.md):

- a **programme** starts at its heading ("P2 Mens en maatschappij", "Programma 3: Sociaal
  domein", "Programma 3 - Zorg") when a goals section follows it; the table of contents
  (dot leaders) and tables that name programmes are no headings;
- **goals**: under "Wat willen we bereiken?" (or "Doelen", "Doelstellingen", "Beoogde
  effecten"), numbered ("1.", "1)", "Doel 1:", "Doelstelling 1 -"), lettered ("a.") or
  bullets; the text before them (the "Visie") is the programme's introduction;
- **results**: under "Wat gaan we (daarvoor) doen?" (or "Activiteiten", "Wat doen we
  daarvoor?", "Resultaten"), numbered per goal ("1.1", "2.3"), or listed under a heading
  that repeats a goal's number or title; a result's code repeated further on with a
  paragraph under it is its explanation;
- **indicators**: "Effectindicatoren", "Prestatie-indicatoren", "Indicatoren" tables
  (`indicator_table`), with their baseline and a target per year;
- "Wat gaat het kosten?" / "Wat mag het kosten?" ends the plan content of a programme, and
  chapters such as "Paragrafen", "Beleidsindicatoren" and "Financiële begroting" end that of
  the document.

The draft is a framework (the budget, its years) with a theme per programme, a task per
goal and one programme per theme holding the results as actions.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from koers.imports.document.amounts import programme_amounts, taakveld_overview
from koers.imports.document.framework import ENDS_SENTENCE, Doubts, municipality_named
from koers.imports.document.indicator_table import Row, read_table
from koers.imports.document.partners import mentioned_partners
from koers.imports.document.planning import planning
from koers.imports.document.pointers import SOURCE_LINE
from koers.imports.document.text import BULLET, Line, clean_lines, paragraphs

_Q = r"\s*\??\s*:?\s*$"
_N = r"^(?:\d{1,2}[.)]?\s+|[A-Z][.)]\s+)?"  # "1. Wat willen we bereiken?", "B. Activiteiten"
PROGRAMME = re.compile(
    r"^(?:P\s?(?P<p>\d{1,2})|programma\s+(?P<n>\d{1,2})[a-z]?)(?:\s*[:.\-\u2013]\s*|\s+)(?P<title>\S.*)$",
    re.I,
)
GOALS = re.compile(
    rf"{_N}(wat willen (we|wij) bereiken|wat hebben (we|wij) bereikt|doelen|doelstellingen"
    rf"|beoogde (maatschappelijke )?effecten|onze doelen|wat is ons doel|wat zijn (de|onze) "
    rf"doel(en|stellingen)( \(.*\))?|programmadoel(stelling)?(en)?){_Q}",
    re.I,
)
DEEDS = re.compile(
    rf"{_N}(wat gaan (we|wij) (daarvoor|ervoor)? ?doen|wat doen (we|wij) (daarvoor|ervoor)"
    rf"|wat hebben (we|wij) (daarvoor|ervoor)? ?gedaan"
    rf"|activiteiten|(belangrijkste )?resultaten( voor (?P<year>\d{{4}}))?|prestaties){_Q}",
    re.I,
)
INDICATORS = re.compile(
    r"^(tabel\s+\S+\s*[-\u2013:]?\s*)?(effect|prestatie|beleids)?-?indicatoren\b"
    r"|^hoe meten (we|wij)|^wat zijn de indicatoren",
    re.I,
)
COSTS = re.compile(
    rf"{_N}(wat (gaat|mag) het kosten|wat heeft het gekost|wat kost het|financi[eë]n){_Q}", re.I
)
# An annual account (jaarstukken) asks the budget's questions looking back.
LOOKING_BACK = re.compile(
    r"^(\d{1,2}[.)]?\s+)?wat hebben (we|wij) (daarvoor )?(bereikt|gedaan)", re.I
)
END = re.compile(
    r"^(paragrafen|paragraaf\s|beleidsindicatoren$|financi[eë]le begroting|recapitulatie"
    r"|overzicht (van )?baten en lasten|bijlagen?$|algemene dekkingsmiddelen|overhead$"
    r"|uitgangspunten$)",
    re.I,
)
DOT_LEADER = re.compile(r"(\.\s?){4,}\s*\d*\s*$|\s\d{1,3}$")
GOAL = re.compile(
    r"^(?:(?:doel(?:stelling)?|ambitie)\s+)?(?P<number>\d{1,2}|[a-h])[.):]\s*[-\u2013]?\s*(?P<text>\S.*)$",
    re.I,
)
RESULT = re.compile(
    r"^(?P<goal>\d{1,2})\.(?P<number>\d{1,2}(?:\.\d{1,2})?)\.?(?:\s+t/m\s+\S+)?\s+(?P<text>\S.*)$"
)
OWN_GOAL = re.compile(r"^(?P<programme>\d{1,2})\.(?P<number>\d{1,2})\.?\s+(?P<text>[A-Z].*)$")
LETTER = re.compile(r"^(?P<number>[a-z]|\d{1,2})[.)]\s+(?P<text>\S.*)$")
BUDGET_TITLE = re.compile(
    r"\b(?:(?:programma)?begroting|jaarstukken|jaarverslag|jaarrekening|programmarekening)"
    r"\s+((?:19|20)\d{2})\b",
    re.I,
)
YEAR_SPAN = re.compile(r"\b((?:19|20)\d{2})\s*[-\u2013]\s*((?:19|20)\d{2})\b")
# A vision of its own before the goals ("Wat is onze visie?"): the programme's introduction.
VISION = re.compile(
    rf"{_N}(wat is onze visie|visie|missie|inleiding( en missie)?( programma \d+)?"
    rf"|waar gaat dit programma over){_Q}",
    re.I,
)
# Captions and labels inside a goals section: not part of the vision.
LABEL = re.compile(
    r"^(visie|missie|inleiding|ambitie|doelstellingen|bijdrage aan de duurzame\b.*|"
    r"wat willen (we|wij) bereiken.*)$",
    re.I,
)


@dataclass
class Goal:
    number: str
    text: str
    line: int
    introduction: list[str] = field(default_factory=list)


@dataclass
class Result:
    goal: str
    code: str  # as the document numbers it: "1.2", "6.1.1"; made up for bullets: "1.2"
    text: str
    line: int
    explanation: list[str] = field(default_factory=list)


@dataclass
class Section:
    programme: str
    title: str
    line: int
    parts: dict[str, list[Line]] = field(default_factory=dict)
    tables: list[list[Line]] = field(default_factory=list)  # indicator tables, each its lines
    deeds_year: int | None = None


def looks_like_budget(lines: Sequence[str]) -> bool:
    """Whether a text is a programme budget: programme headings with goals after them."""
    return any(
        (m := PROGRAMME.match(t)) and _heading(t, m.group("title")) and _goals_follow(lines, i)
        for i, t in enumerate(lines)
    )


def _goals_follow(lines: Sequence[str], index: int) -> bool:
    """Whether a goals section follows a programme heading (after its vision, perhaps)
    before another programme is named (a table of contents lists programmes one after
    another)."""
    for text in lines[index + 1 : index + 80]:
        if GOALS.match(text):
            return True
        if PROGRAMME.match(text):
            return False
    return False


class ProgrammeBudgetReader:
    def __init__(self, raw: str, partners: Sequence[str] = (), placing: bool = True) -> None:
        self.raw = raw
        self.placing = placing  # say under which goal an indicator went (not for accounts)
        self.lines = clean_lines(raw)
        self.doubts = Doubts()
        self.partners = list(partners)
        self.municipality = municipality_named(raw)
        head = "\n".join(raw.splitlines()[:200])
        found = BUDGET_TITLE.search(head) or BUDGET_TITLE.search(raw)
        self.year = int(found.group(1)) if found else None
        # The realised figures of the indicator tables (an annual account's), by programme.
        self.realised: list[dict[str, Any]] = []
        self.overview: dict[str, list[dict[str, Any]]] = {}  # amounts per taakveld

    def read(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        sections = self._sections()
        self.overview = taakveld_overview(self.lines)
        themes, programmes, last_years = [], [], []
        for section in sections:
            theme, programme, years = self._programme(section)
            themes.append(theme)
            programmes.append(programme)
            last_years += years
        if not sections:
            self.doubts.add(1, _("No programmes with “Wat willen we bereiken?” found."))
        span = YEAR_SPAN.search("\n".join(self.raw.splitlines()[:400]))
        start = self.year or (int(span.group(1)) if span else None)
        end = max([start or 0, *last_years, int(span.group(2)) if span else 0]) or None
        name = self.municipality
        # Titles are the document's, in its language.
        title = f"Programmabegroting {start}" if start else ""
        if name and title:
            title = f"{title} gemeente {name}"
        framework = {
            "municipality": None,
            "title": title,
            "start_year": start,
            "end_year": end,
            "published_on": None,
            "introduction": "",
            "themes": themes,
            "programmes": programmes,
        }
        document = {
            "format": "koers",
            "version": 1,
            "municipalities": [{"cbs_code": None, "name": name}] if name else [],
            "frameworks": [framework],
        }
        return document, self.doubts.items

    # -- where the programmes are ----------------------------------------------------------

    def _sections(self) -> list[Section]:
        text = [ln for ln in self.lines if ln.text]
        texts = [ln.text for ln in text]
        heads = []
        for k, line in enumerate(text):
            match = PROGRAMME.match(line.text)
            if not match or not _heading(line.text, match.group("title")):
                continue
            if _goals_follow(texts, k):
                heads.append((k, match))
        sections: list[Section] = []
        for h, (k, match) in enumerate(heads):
            until = heads[h + 1][0] if h + 1 < len(heads) else len(text)
            number = match.group("p") or match.group("n")
            section = Section(number, match.group("title").strip(), text[k].number)
            part = None
            for line in text[k + 1 : until]:
                if END.match(line.text) and len(line.text) < 60:
                    break
                kind = self._part_of(line.text, section)
                if kind == "indicators":
                    # A second table ("Prestatie-indicatoren" after "Effectindicatoren")
                    # starts once the first has its header; a caption goes with its table.
                    if part != "indicators" or any(
                        _TABLE_HEAD.search(t.text) for t in section.tables[-1]
                    ):
                        section.tables.append([])
                    part = kind
                elif kind:
                    part = kind
                    section.parts.setdefault(part, [])
                    continue
                if part == "indicators":
                    section.tables[-1].append(line)
                elif part:
                    section.parts[part].append(line)
            sections.append(section)
        return sections

    def _part_of(self, text: str, section: Section) -> str | None:
        if len(text) > 80:
            return None
        if VISION.match(text) and set(section.parts) <= {"vision"}:
            return "vision"
        if GOALS.match(text) and "goals" not in section.parts:
            return "goals"
        deeds = DEEDS.match(text)
        if deeds and deeds.group("year"):  # "Belangrijkste resultaten voor 2025"
            section.deeds_year = int(deeds.group("year"))
        if deeds and "deeds" not in section.parts:
            return "deeds"
        if INDICATORS.match(text):
            return "indicators"
        if COSTS.match(text):
            return "costs"
        return None

    # -- one programme ---------------------------------------------------------------------

    def _programme(self, section: Section) -> tuple[dict[str, Any], dict[str, Any], list[int]]:
        chapter = section.programme
        vision, goals = self._goals(section)
        results = self._results(section, goals)
        rows = self._indicator_rows(section)
        tasks = []
        for goal in goals:
            tasks.append(
                {
                    SOURCE_LINE: goal.line,
                    "code": f"{chapter}.{goal.number}",
                    "title": goal.text[:300],
                    "introduction": "\n\n".join(goal.introduction),
                    "situation": "",
                    "ambitions": [],
                    "indicators": [],
                }
            )
        years: list[int] = []
        for row in rows:
            task = self._task_for(row, tasks, goals, results, chapter)
            if task is None:
                continue
            task["indicators"].append(self._indicator(row, task["code"]))
            years += [year for year, _value in row.targets]
        for row in rows:
            self.realised += [
                {"programme": chapter, "name": row.name, "period": period, "value": _decimal(v),
                 "unit": _unit(row), "line": row.line, "text": row.text}
                for period, v in row.realised
            ]  # fmt: skip
        theme = {
            SOURCE_LINE: section.line,
            "chapter": chapter,
            "title": section.title,
            "introduction": vision,
            "tasks": tasks,
        }
        ambitions = []
        for goal in goals:
            mine = [r for r in results if r.goal == goal.number]
            ambitions.append(
                {
                    SOURCE_LINE: goal.line,
                    "task": f"{chapter}.{goal.number}",
                    "number": goal.number,
                    "text": goal.text,
                    "actions": [self._action(r, section) for r in mine],
                    "results": [],
                }
            )
        year = section.deeds_year or self.year
        amounts = programme_amounts(section.parts.get("costs", []), year)
        known = {(a["taakveld"], a["year"]) for a in amounts}
        for amount in self.overview.get(chapter, []):
            if (amount["taakveld"], amount["year"]) not in known:  # each taakveld once a year
                known.add((amount["taakveld"], amount["year"]))
                amounts.append(amount)
        programme = {
            SOURCE_LINE: section.line,
            "title": f"Programma {chapter} {section.title} {year or ''}".strip(),
            "theme": chapter,
            "start_year": year,
            "end_year": year,
            "introduction": vision,
            "ambitions": ambitions,
            "budget_lines": [],
            "amounts": amounts,
        }
        return theme, programme, years

    def _goals(self, section: Section) -> tuple[str, list[Goal]]:
        lines = section.parts.get("goals", [])
        goals: list[Goal] = []
        vision: list[str] = [ln.text for ln in _with_breaks(section.parts.get("vision", []))]
        if vision:
            vision.append("")
        for line in _with_breaks(lines):
            if not line.text:
                if goals and goals[-1].introduction:
                    goals[-1].introduction.append("")
                elif not goals and vision:
                    vision.append("")
                continue
            # "6.1 Inwoners doen mee" in programme 6: goal 1.
            prefixed = OWN_GOAL.match(line.text)
            if prefixed and prefixed.group("programme") != section.programme:
                prefixed = None
            match = prefixed or GOAL.match(line.text)
            bullet = re.match(r"^- (?P<text>\S.*)$", line.text)
            if match is not None or (bullet is not None and (goals or vision)):
                found = match or bullet
                number = match.group("number") if match else None
                text = _clean_goal(found.group("text"))
                goals.append(Goal(self._goal_number(number, goals), text, line.number))
            elif goals and not goals[-1].introduction and line.text[:1].islower():
                goals[-1].text = _clean_goal(f"{goals[-1].text} {line.text}")  # wrapped
            elif goals:
                goals[-1].introduction.append(line.text)
            elif not LABEL.match(line.text):
                vision.append(line.text)
        for goal in goals:
            goal.introduction = _prose(goal.introduction)
        if not goals:
            self.doubts.add(
                section.line,
                _("Programme %(number)s: no numbered goals under “Wat willen we bereiken?”.")
                % {"number": section.programme},
            )
        return "\n\n".join(_prose(vision)), goals

    def _goal_number(self, number: str | None, goals: list[Goal]) -> str:
        if number and number.isdigit():
            return str(int(number))
        return str(len(goals) + 1)  # lettered or bulleted goals are numbered in order

    def _results(self, section: Section, goals: list[Goal]) -> list[Result]:
        numbers = {g.number for g in goals}
        results: dict[str, Result] = {}
        current: Result | None = None
        heading: Goal | None = None  # a goal repeated as a heading above its results
        # "title": after a result's first line; "heading": after its code is repeated above
        # its explanation; "body": in the explanation.
        mode = "title"
        bulleted = False  # the current result is a bullet: its block is its title
        for block in paragraphs(_with_breaks(section.parts.get("deeds", []))):
            for index, line in enumerate(block):
                text = line.text
                coded = _coded(text, section.programme, numbers)
                if coded is not None:
                    goal_number, code, title = coded
                    bulleted = False
                    if code in results:
                        current, mode = results[code], "heading"
                    else:
                        current = Result(goal_number, code, title, line.number)
                        results[code], mode = current, "title"
                    continue
                goal = _goal_heading(text, goals, strict=mode == "body")
                if goal is not None:
                    heading, current, mode = goal, None, "title"
                    continue
                item = LETTER.match(text) or re.match(r"^- (?P<text>\S.*)$", text)
                if heading is not None and item is not None and mode != "body":
                    count = sum(1 for r in results.values() if r.goal == heading.number)
                    code = f"{heading.number}.{count + 1}"
                    current = Result(heading.number, code, item.group("text"), line.number)
                    results[current.code], mode, bulleted = current, "title", True
                    continue
                if current is None:
                    continue
                wraps = index > 0 and (
                    bulleted
                    or not text[:1].isupper()
                    or _wrapped_title(block, index)
                    or (mode == "heading" and _repeats(text, current.text))
                )
                if mode in ("title", "heading") and wraps:
                    if mode == "title":
                        current.text = f"{current.text} {text}"
                    continue
                mode = "body"
                current.explanation.append(text)
            if current is not None and mode == "body":
                current.explanation.append("")  # a paragraph ends
            bulleted = False
        found = list(results.values())
        for result in found:
            result.text = " ".join(result.text.split()).rstrip(" .;")
            result.explanation = _prose(result.explanation)
        if goals and not found:
            self.doubts.add(
                section.line,
                _("Programme %(number)s: no results under “Wat gaan we daarvoor doen?”.")
                % {"number": section.programme},
            )
        return found

    def _action(self, result: Result, section: Section) -> dict[str, Any]:
        explanation = "\n\n".join(result.explanation)
        own = planning(result.text)
        year = section.deeds_year or self.year
        if own is not None:
            planned_text = own.text
            deadline = own.deadline
        else:
            # A budget's results are those of its year ("Belangrijkste resultaten voor 2025").
            planned_text = f"in {year}" if year else ""  # the document's language
            deadline = date(year, 12, 31) if year else None
        return {
            SOURCE_LINE: result.line,
            "code": result.code,
            "text": result.text,
            "explanation": explanation,
            "planned_text": planned_text,
            "deadline": deadline.isoformat() if deadline else None,
            "planned_start": own.start.isoformat() if own and own.start else None,
            # The municipality wrote the budget and does every result; naming it would make
            # it a partner of each one.
            "partners": mentioned_partners(f"{result.text}. {explanation}", self.partners),
            "references": [],
        }

    # -- indicators ------------------------------------------------------------------------

    def _indicator_rows(self, section: Section) -> list[Row]:
        return [row for table in section.tables for row in self._table_rows(section, table)]

    def _table_rows(self, section: Section, lines: list[Line]) -> list[Row]:
        rows, unread = read_table(_with_breaks(lines))
        source = next(
            (
                m.group(1)
                for ln in lines
                if (m := re.match(r"^bron[^:]*:\s*(\S.*)$", ln.text, re.I))
            ),
            None,
        )
        for row in rows:
            row.notes = [*row.notes, *([f"bron: {source}"] if source else [])]
        if not rows:
            self.doubts.add(
                lines[0].number,
                _("Programme %(number)s: an indicator table without rows Koers could read.")
                % {"number": section.programme},
            )
        elif unread:
            self.doubts.add(
                unread[0].number,
                _("Programme %(number)s: part of the indicator table was not read: %(text)s")
                % {"number": section.programme, "text": unread[0].text[:80]},
            )
        return rows

    def _task_for(
        self,
        row: Row,
        tasks: list[dict[str, Any]],
        goals: list[Goal],
        results: list[Result],
        chapter: str,
    ) -> dict[str, Any] | None:
        """The goal an indicator of the programme belongs to: the one whose words (and its
        results' words) it shares most; the first goal when it shares none."""
        if not tasks:
            self.doubts.add(
                row.line,
                _("Indicator “%(name)s” left out: its programme has no goals.")
                % {"name": row.name},
            )
            return None
        words = _stems(row.name)
        scores = []
        for goal in goals:
            text = " ".join([goal.text, *(r.text for r in results if r.goal == goal.number)])
            scores.append(len(words & _stems(text)))
        best = max(range(len(tasks)), key=lambda k: (scores[k], -k))
        task = tasks[best]
        if scores[best]:
            message = _(
                "Indicator “%(name)s” belongs to programme %(programme)s; Koers put it under "
                "goal %(code)s, whose words it shares. Check this."
            )
        else:
            message = _(
                "Indicator “%(name)s” belongs to programme %(programme)s and names no goal; "
                "Koers put it under the first goal, %(code)s. Check this."
            )
        if self.placing:
            self.doubts.add(
                row.line, message % {"name": row.name, "programme": chapter, "code": task["code"]}
            )
        return task

    def _indicator(self, row: Row, code: str) -> dict[str, Any]:
        sentence = row.text + (f" ({row.footnote})" if row.footnote else "")
        baseline = row.baseline
        last = row.targets[-1][1] if row.targets else None
        first = baseline if baseline is not None else (row.targets[0][1] if row.targets else None)
        if first is None or last is None or last == first:
            direction = "stable" if last is not None and last == first else "none"
        else:
            direction = "lower_better" if last < first else "higher_better"
        note = "; ".join(row.notes) or None
        return {
            SOURCE_LINE: row.line,
            "code": f"{code}-{slugify(row.name)[:40].rstrip('-')}",
            "name": row.name[:300],
            "role": "monitor",
            "sentence": sentence,
            "unit": _unit(row),
            "direction": direction,
            "kind": "quantitative",
            "targets": [
                {
                    "kind": "yearly",
                    "sentence": row.text,
                    "direction": None,
                    "value": None,
                    "change": None,
                    "change_unit": None,
                    "start_year": row.targets[0][0] if row.targets else None,
                    "target_year": row.targets[-1][0] if row.targets else None,
                    "baseline_value": _decimal(baseline),
                    "baseline_period": row.baseline_period,
                    "baseline_note": note,
                    "values": [{"year": y, "value": _decimal(v)} for y, v in row.targets],
                }
            ],
        }


def _heading(line: str, title: str) -> bool:
    """A programme's heading: short, its title capitalised, no sentence, no dot leaders."""
    return (
        len(line) <= 90
        and title[:1].isupper()
        and not DOT_LEADER.search(line)
        and not line.rstrip().endswith((".", ",", ";"))
    )


def _decimal(number: Decimal | None) -> str | None:
    if number is None:
        return None
    text = format(number.normalize(), "f")
    return text


def _unit(row: Row) -> str:
    name = row.name.lower()
    if "%" in name or "percentage" in name:
        return "percent"
    if re.search(r"\b(rapport)?cijfer\b|\bscore\b", name):
        return "score"
    if "€" in row.unit_words or "euro" in name:
        return "euro"
    if re.search(r"\bper\s+(\d[\d.]*\s+)?\w+", name):
        return "ratio"
    if "%" in row.unit_words:
        return "percent"
    if re.search(r"\b(aantal|totaal)\b", name):
        return "count"
    return "none"


# A table's header has begun: its target or realised columns are named.
_TABLE_HEAD = re.compile(r"\b(streefwaarde|doel \d{4}|begroting \d{4}|realisatie)", re.I)

_STOP = {
    "de", "het", "een", "en", "van", "voor", "met", "in", "op", "aan", "door", "tot", "om",
    "te", "die", "dat", "is", "zijn", "wordt", "worden", "bij", "als", "ook", "uit", "per",
    "aantal", "inwoners", "gemeente",
}  # fmt: skip


def _stems(text: str) -> set[str]:
    """Words without their endings, enough to match "jeugdhulp" with "Jeugdbeleid"."""
    words = re.findall(r"[a-zà-ÿ]{4,}", text.lower())
    return {w[:5] for w in words if w not in _STOP}


def _clean_goal(text: str) -> str:
    return " ".join(text.split()).rstrip(" ;,.")


def _with_breaks(lines: list[Line]) -> list[Line]:
    """The section's lines with the blank lines between them restored from the gaps in
    their numbering (the sections hold only lines with text)."""
    out: list[Line] = []
    for line in lines:
        if out and line.number - out[-1].number > 1:
            out.append(Line(line.number - 1, ""))
        out.append(line)
    return out


def _coded(text: str, programme: str, goals: set[str]) -> tuple[str, str, str] | None:
    """A numbered result: its goal, its code and its title. "1.2 ..." is goal 1's; in
    programme 6, "6.1.2 ..." is goal 1's too."""
    coded = RESULT.match(text)
    if coded is None:
        return None
    parts = [str(int(n)) for n in [coded.group("goal"), *coded.group("number").split(".")]]
    if len(parts) == 3 and parts[0] == programme and parts[1] in goals:
        return parts[1], ".".join(parts), coded.group("text")
    if parts[0] in goals:
        return parts[0], ".".join(parts), coded.group("text")
    return None


def _goal_heading(text: str, goals: list[Goal], strict: bool = False) -> Goal | None:
    """A goal repeated above its results: "Doel 1", "1. Een sterk middenveld", its title.
    Inside an explanation (`strict`) only "Doel 1" or the goal's own title count: a
    numbered list there is part of the text."""
    match = GOAL.match(text)
    if match and match.group("number").isdigit():
        number = str(int(match.group("number")))
        found = next((g for g in goals if g.number == number), None)
        if found is not None and (
            re.match(r"^(doel|doelstelling|ambitie)\b", text, re.I)
            or (not strict and _stems(found.text) & _stems(match.group("text")))
        ):
            return found
    plain = _clean_goal(text).lower()
    return next((g for g in goals if g.text.lower() == plain), None)


def _wrapped_title(block: list[Line], index: int) -> bool:
    """Whether a line goes on with the title above it: that title line did not end a
    sentence and this line is short and the last of its block, or a numbered line follows."""
    above = block[index - 1].text
    after = block[index + 1].text if index + 1 < len(block) else None
    line = block[index].text
    if ENDS_SENTENCE.search(above) or index > 1 or len(line) > 40 or ENDS_SENTENCE.search(line):
        return False
    return after is None or bool(RESULT.match(after))


def _repeats(line: str, title: str) -> bool:
    """Whether a line is the rest of a result's title repeated above its explanation."""
    words = line.split()[:3]
    return len(words) >= 2 and " ".join(words) in title


def _prose(texts: list[str]) -> list[str]:
    """Lines joined into paragraphs: an empty string ends one; bullets stay lines."""
    out: list[str] = []
    current: list[str] = []
    for text in [*texts, ""]:
        if not text or text.startswith(BULLET):
            if current:
                out.append(" ".join(" ".join(current).split()))
                current = []
            if text:
                out.append(text)
            continue
        current.append(text)
    return out
