"""A kaderdocument's text turned into a draft plan: themes, tasks, ambitions, indicators.

The rules follow the common shape of a Dutch framework document, not one municipality's:
chapters `N. Title` whose first task is `N.1`; tasks `N.M Title`; in a task the sections
"Waar staan we?", "Wat is/zijn onze ambitie(s)?" (or "Wat willen we bereiken?") and
"Hoe laten we dit zien?". Where a rule had to guess, a doubt names the line.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from koers.imports.document.figures import candidate_figures
from koers.imports.document.pointers import SOURCE_LINE, take_lines
from koers.imports.document.text import BULLET, Line, clean_lines, paragraphs
from koers.monitor.targets import TargetSpec, parse_targets

THEME = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
TASK = re.compile(r"^(\d{1,2})\.(\d{1,2})\s+(\S.*)$")
INTRO = re.compile(r"^(\d{1,2})\.\s+inleiding$", re.I)
END = re.compile(r"^(bijlage|bijlagen|bronvermelding|bronnen|literatuurlijst)\b", re.I)
SECTIONS = {
    "situation": re.compile(r"^waar staan we\b", re.I),
    "ambitions": re.compile(r"^(wat (is|zijn) onze ambitie|wat willen we bereiken)", re.I),
    "show": re.compile(r"^hoe laten we (dit|het) zien", re.I),
}
# The headings as the documents write them, for the doubts.
HEADINGS = {
    "situation": "Waar staan we?",
    "ambitions": "Wat zijn onze ambities?",
    "show": "Hoe laten we dit zien?",
}
# "Dit bereiken we door:" introduces the means of the ambition before it.
MEANS_LEAD = re.compile(
    r"^(dit bereiken we|we bereiken dit|dat doen we|dit doen we|dit gaan we doen)\b", re.I
)
# "De komende jaren werken we aan de volgende ambities:" announces the ambitions.
AMBITIONS_LEAD = re.compile(r"\b(volgende ambities|onze ambities? (is|zijn))\b", re.I)
# A paragraph that starts so goes on with the ambition before it.
GOES_ON = re.compile(
    r"^(hiervoor|daarvoor|hierbij|daarbij|hiermee|daarmee|hierdoor|daardoor)\b", re.I
)
YEARS = re.compile(r"\b((?:19|20)\d{2})\s*[-\u2013]\s*((?:19|20)\d{2})\b")
FOOTNOTE = re.compile(r"^\d{1,2} [A-Z][a-z]")
ENDS_SENTENCE = re.compile("[.!?:]['\u2019\u201d)]?$")


@dataclass
class Doubts:
    items: list[dict[str, Any]] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        self.items.append({"line": line, "message": message})


def _section_of(text: str) -> str | None:
    return next((name for name, rule in SECTIONS.items() if rule.match(text)), None)


def _body_width(lines: list[Line]) -> int:
    """The width of ordinary body lines, to tell them from wide boxes and short quotes."""
    widths = sorted(
        len(ln.text) for ln in lines if len(ln.text) >= 40 and not ln.text.startswith(BULLET)
    )
    return widths[int(len(widths) * 0.75)] if widths else 80


class FrameworkReader:
    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.lines = clean_lines(raw)
        self.width = _body_width(self.lines)
        self.doubts = Doubts()
        self.candidates: list[dict[str, Any]] = []  # figures in "Waar staan we?"

    # -- structure ---------------------------------------------------------------------------

    def _theme_starts(self) -> list[tuple[int, str, str, int]]:
        """(line index, chapter, title, index of its first task) of every chapter heading."""
        found = []
        for i, line in enumerate(self.lines):
            match = THEME.match(line.text)
            if not match or INTRO.match(line.text):
                continue
            chapter, title = match.groups()
            rest: list[str] = []
            for j in range(i + 1, min(i + 12, len(self.lines))):
                text = self.lines[j].text
                task = TASK.match(text)
                if task and task.group(1) == chapter and task.group(2) == "1":
                    found.append((i, chapter, " ".join([title, *rest]), j))
                    break
                if THEME.match(text) or TASK.match(text) or _section_of(text) or len(rest) > 4:
                    break
                if text:
                    rest.append(text)
        return found

    def read(self) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        starts = self._theme_starts()
        end = next(
            (
                i
                for i, ln in enumerate(self.lines)
                if END.match(ln.text) and starts and i > starts[0][0]
            ),
            len(self.lines),
        )
        themes = []
        for k, (i, chapter, title, first) in enumerate(starts):
            stop = starts[k + 1][0] if k + 1 < len(starts) else end
            theme = self._theme(chapter, title, first, stop)
            if theme is not None:
                theme[SOURCE_LINE] = self.lines[i].number
                themes.append(theme)
        if not themes:
            self.doubts.add(1, _("No chapters with numbered tasks found."))
        return self._document(themes), self.doubts.items

    def _document(self, themes: list[dict[str, Any]]) -> dict[str, Any]:
        years = YEARS.search(self.raw)
        title = self._title(years)
        name = municipality_named(self.raw)
        return {
            "format": "koers",
            "version": 1,
            "municipalities": [{"cbs_code": None, "name": name}] if name else [],
            "frameworks": [
                {
                    "municipality": None,
                    "title": title,
                    "start_year": int(years.group(1)) if years else None,
                    "end_year": int(years.group(2)) if years else None,
                    "themes": themes,
                }
            ],
        }

    def _title(self, years: re.Match | None) -> str:
        """The line that names the document with its years, as the running header does."""
        if years is None:
            return ""
        for line in self.raw.split("\n"):
            if years.group(0) in line and re.search(r"kader|beleid|programma", line, re.I):
                text = line.strip()[: line.find(years.group(0)) + len(years.group(0))].strip()
                return text.title() if text.isupper() else text
        return ""

    def _theme(self, chapter: str, title: str, first: int, stop: int) -> dict[str, Any] | None:
        heads = []
        expected = 1
        for i in range(first, stop):
            match = TASK.match(self.lines[i].text)
            if match and match.group(1) == chapter and int(match.group(2)) == expected:
                heads.append(i)
                expected += 1
        if not any(_section_of(self.lines[i].text) for i in range(heads[0], stop) if heads):
            # Numbered parts without "Waar staan we?" and the like: a chapter of the
            # document's introduction ("2.1 Uitgangspunten"), not a theme with tasks.
            self.doubts.add(
                self.lines[first].number,
                _("Chapter %(chapter)s has numbered parts but no tasks; left out.")
                % {"chapter": chapter},
            )
            return None
        tasks = []
        introduction: list[str] = []
        for k, i in enumerate(heads):
            until = heads[k + 1] if k + 1 < len(heads) else stop
            task, intro = self._task(i, until)
            tasks.append(task)
            introduction += intro
        return {
            "chapter": chapter,
            "title": " ".join(title.split()),
            "introduction": "\n\n".join(introduction),
            "tasks": tasks,
        }

    # -- a task ------------------------------------------------------------------------------

    def _task(self, start: int, stop: int) -> tuple[dict[str, Any], list[str]]:
        head = TASK.match(self.lines[start].text)
        code = f"{head.group(1)}.{head.group(2)}"
        title = [head.group(3)]
        i = start + 1
        while (
            i < stop
            and len(title) < 3
            and self.lines[i].text
            and len(self.lines[i].text) <= 45
            and not ENDS_SENTENCE.search(title[-1])
            and not _section_of(self.lines[i].text)
        ):
            title.append(self.lines[i].text)
            i += 1
        sections: dict[str, list[Line]] = {"introduction": []}
        current = "introduction"
        theme_intro: list[str] = []
        for line in self.lines[i:stop]:
            name = _section_of(line.text)
            if name:
                current = name
                if name in sections:
                    self.doubts.add(
                        line.number,
                        _("Task %(code)s: “%(heading)s” appears twice.")
                        % {"code": code, "heading": line.text},
                    )
                sections.setdefault(name, [])
                continue
            if INTRO.match(line.text):
                moved = self._wide_tail(sections[current])
                theme_intro += moved
                continue
            sections[current].append(line)
        for name in ("situation", "ambitions", "show"):
            if name not in sections:
                self.doubts.add(
                    self.lines[start].number,
                    _("Task %(code)s: no heading “%(heading)s”.")
                    % {"code": code, "heading": HEADINGS[name]},
                )
        for unit in self._units(sections.get("situation", [])):
            for figure in candidate_figures(unit["text"], unit["line"]):
                self.candidates.append({"task": code, **figure})
        ambitions = self._ambitions(code, sections.get("ambitions", []))
        indicators = self._indicators(code, sections.get("show", []))
        task = {
            SOURCE_LINE: self.lines[start].number,
            "code": code,
            "title": " ".join(" ".join(title).split()),
            "introduction": self._prose(sections["introduction"]),
            "situation": self._prose(sections.get("situation", [])),
            "ambitions": ambitions,
            "indicators": indicators,
        }
        return task, theme_intro

    def _blocks(self, lines: list[Line]) -> list[list[Line]]:
        """Blocks between blank lines, without pull quotes, captions and footnotes."""
        kept = []
        dropped = False
        for block in paragraphs(lines):
            # A quote's last short line may stand alone after a blank line.
            tail = dropped and len(block) == 1 and _short(block[0])
            rest, quote_at_end = _without_quote_runs(block)
            dropped = self._quote(block) or tail or _footnote(block)
            if not dropped and rest:
                kept.append(rest)
            dropped = dropped or quote_at_end
        return kept

    def _quote(self, block: list[Line]) -> bool:
        """Short lines in a block of their own: a pull quote or a picture's caption."""
        return len(block) >= 2 and all(_short(ln) for ln in block)

    def _wide_tail(self, lines: list[Line]) -> list[str]:
        """A chapter introduction printed in a wider box inside a task: taken out of it.

        Marked by "N. Inleiding" after it; it starts at the first block of wide lines.
        """
        blocks = self._blocks(lines)
        start = next((k for k, b in enumerate(blocks) if _median(b) >= self.width + 8), None)
        if start is None:
            return []
        moved = blocks[start:]
        numbers = {ln.number for b in moved for ln in b}
        lines[:] = [ln for ln in lines if ln.number not in numbers]
        return [" ".join(ln.text for ln in b) for b in moved]

    def _prose(self, lines: list[Line]) -> str:
        return "\n\n".join(u["text"] for u in self._units(lines))

    # -- items: bullets and paragraphs -------------------------------------------------------

    def _units(self, lines: list[Line]) -> list[dict[str, Any]]:
        """Bullets and paragraphs, with the line each starts on.

        A unit goes on over blank lines while its last line ends mid-sentence; a short line
        that ends a sentence ends a paragraph.
        """
        units: list[dict[str, Any]] = []
        kept = {ln.number for b in self._blocks(lines) for ln in b}
        previous: Line | None = None
        blank = False
        for line in lines:
            if not line.text:
                blank = True
                continue
            if line.number not in kept:
                continue
            bullet = line.text.startswith(BULLET)
            text = line.text.removeprefix(BULLET) if bullet else line.text
            ended = previous is None or (
                ENDS_SENTENCE.search(previous.text)
                and (blank or len(previous.text) < 0.8 * self.width)
            )
            if bullet or ended or not units:
                units.append({"line": line.number, "bullet": bullet, "text": text})
            else:
                units[-1]["text"] += " " + text
            previous, blank = line, False
        for unit in units:
            unit["text"] = " ".join(unit["text"].split())
        return units

    def _ambitions(self, code: str, lines: list[Line]) -> list[dict[str, Any]]:
        ambitions: list[dict[str, Any]] = []
        collecting: dict[str, Any] | None = None  # the ambition that takes bullets as means
        for unit in self._units(lines):
            text = unit["text"]
            if unit["bullet"]:
                if collecting is not None:
                    collecting["means"].append(text)
                else:
                    ambitions.append({"text": text, "means": [], SOURCE_LINE: unit["line"]})
                continue
            collecting = None
            if GOES_ON.match(text) and ambitions and not text.endswith(":"):
                ambitions[-1]["text"] += "\n" + text
                continue
            if not text.endswith(":"):
                ambitions.append({"text": text, "means": [], SOURCE_LINE: unit["line"]})
                continue
            *before, lead = _sentences(text)
            ambitions += [{"text": s, "means": [], SOURCE_LINE: unit["line"]} for s in before]
            if AMBITIONS_LEAD.search(lead):
                continue
                # "Dit bereiken we door:", or "... door:" after an ambition: how it is reached.
            if MEANS_LEAD.match(lead) or (ambitions and re.search(r"\bdoor\b", lead)):
                if ambitions:
                    collecting = ambitions[-1]
                else:
                    self.doubts.add(
                        unit["line"],
                        _("Task %(code)s: means without an ambition.") % {"code": code},
                    )
                continue
            collecting = {"text": lead, "means": [], SOURCE_LINE: unit["line"]}
            ambitions.append(collecting)
        if not ambitions and lines:
            self.doubts.add(
                lines[0].number, _("Task %(code)s: no ambitions recognised.") % {"code": code}
            )
        return ambitions

    def _indicators(self, code: str, lines: list[Line]) -> list[dict[str, Any]]:
        indicators = []
        for unit in self._units(lines):
            text = unit["text"]
            if text.endswith(":") and not unit["bullet"]:
                continue  # "Dit houdt in:", a lead to the bullets that follow
            words = slugify(text)[:40].rstrip("-")
            read = indicator_reading(text)
            indicators.append(
                {
                    SOURCE_LINE: unit["line"],
                    "code": f"{code}-{words}",
                    "name": _shorten(text),
                    "role": "monitor",
                    "sentence": text,
                    **read,
                }
            )
            if not read["targets"]:
                self.doubts.add(
                    unit["line"],
                    _("Task %(code)s: no computable target in: %(text)s")
                    % {"code": code, "text": _shorten(text)},
                )
        seen: set[str] = set()
        for indicator in indicators:
            while indicator["code"] in seen:
                indicator["code"] += "-2"
            seen.add(indicator["code"])
        return indicators


def municipality_named(raw: str) -> str | None:
    """The municipality a document is of: the name it gives most often after "gemeente"."""
    names = re.findall(r"\b[Gg]emeente ([A-Z][a-zë]+(?:[- ][A-Z][a-z]+)?)", raw)
    if not names:
        return None
    return max(set(names), key=names.count)


def _footnote(block: list[Line]) -> bool:
    """A footnote at the foot of a page ("4 Jongeren in een kwetsbare positie ..."), or a
    block of web addresses only."""
    if FOOTNOTE.match(block[0].text):
        return True
    return all(re.fullmatch(r"(\d+\.\s*)?https?://\S+", ln.text) for ln in block)


def _short(line: Line) -> bool:
    return len(line.text) <= 32 and not line.text.startswith(BULLET)


def _without_quote_runs(block: list[Line]) -> tuple[list[Line], bool]:
    """A block without runs of three or more short lines (a pull quote set beside the
    text), and whether it ended in one."""
    out: list[Line] = []
    run: list[Line] = []
    for line in block:
        if _short(line):
            run.append(line)
            continue
        out += run if len(run) < 3 else []
        run = []
        out.append(line)
    if len(run) >= 3:
        return out, True
    return out + run, False


def indicator_reading(sentence: str) -> dict[str, Any]:
    """What an indicator's sentence says of it: its unit, direction, kind and targets."""
    targets = parse_targets(sentence)
    qualitative = any(t.kind == "qualitative" for t in targets)
    return {
        "unit": indicator_unit(sentence),
        "direction": _direction(targets),
        "kind": "qualitative" if qualitative else "quantitative",
        "targets": [target_document(t) for t in targets],
    }


def target_document(spec: TargetSpec) -> dict[str, Any]:
    """A parsed target in the export format (decimals as strings)."""

    def text(value: Any) -> str | None:
        return None if value is None else str(value)

    return {
        "kind": spec.kind,
        "sentence": spec.sentence,
        "direction": spec.direction,
        "value": text(spec.value),
        "change": text(spec.change),
        "change_unit": spec.change_unit,
        "start_year": spec.start_year,
        "target_year": spec.target_year,
        "baseline_value": text(spec.baseline_value),
        "baseline_period": spec.baseline_period,
        "baseline_note": spec.baseline_note,
        "values": [{"year": year, "value": str(value)} for year, value in spec.values],
    }


# A percentage that is itself a change: a signed one ("-35,6%", "+12%"), or a percentage
# with "procentuele daling" or "verandering van het aantal". A target that asks a
# percentage to fall ("daalt met 5%") does not make the indicator a change.
_SIGNED_PERCENT = re.compile(r"(?<![\w,.\-+])[-+\u2212]\d+(?:,\d+)?\s?%")
_CHANGE_OF = re.compile(
    r"\bprocentuele\s+(?:verandering|daling|stijging|toename|afname|groei)"
    r"|\b(?:verandering|groei)\s+van\s+het\s+aantal",
    re.I,
)
_PERCENT = re.compile(r"%|\bprocent|\bpercentage", re.I)


def indicator_unit(text: str) -> str:
    """The unit an indicator sentence speaks of: a percentage (or a change of one), a count."""
    if _SIGNED_PERCENT.search(text) or (_CHANGE_OF.search(text) and _PERCENT.search(text)):
        return "percent_change"
    if _PERCENT.search(text):
        return "percent"
    if re.search(r"\baantal\b", text, re.I):
        return "count"
    return "none"


def _direction(targets: list[TargetSpec]) -> str:
    wanted = {t.direction for t in targets if t.direction}
    if wanted and wanted <= {"decrease", "stable_or_decrease"}:
        return "lower_better"
    if wanted and wanted <= {"increase", "stable_or_increase"}:
        return "higher_better"
    return "none"


def _median(block: list[Line]) -> float:
    widths = sorted(len(ln.text) for ln in block)
    return widths[len(widths) // 2]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split("(?<=[.!?])\\s+(?=[A-Z\u201c\u2018(])", text) if s]


def _shorten(text: str, limit: int = 80) -> str:
    first = _sentences(text)[0] if text else text
    return first if len(first) <= limit else first[: limit - 1].rsplit(" ", 1)[0] + "…"


def read_framework(raw: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The draft plan in the export format (docs/export-format.md) and the reader's doubts."""
    document, doubts = FrameworkReader(raw).read()
    take_lines(document)
    return document, doubts
