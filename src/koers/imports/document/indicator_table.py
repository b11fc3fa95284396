"""Indicator tables of a programme budget, read from their text however the cells wrap.

A table ("Effectindicatoren", "Prestatie-indicatoren") has a header naming a baseline
("Peilwaarde", "Nulmeting", "Realisatie") and target years ("Streefwaarde 2025",
"Begroting eind 2026", "Doel 2027"), then one row per indicator: its name, the baseline
value with its year ("6,9 (2023)") and a value per target year. Text extraction breaks
names and headers over several lines and puts cells on lines of their own, so the table is
read as one stream of words: a row ends where a run of values fits the header (one baseline
and one value per target year). A number inside a name ("jongeren tot 18 jaar", "per 1.000
inwoners") does not start such a run. Pure functions; see docs/document-import.md.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from koers.imports.document.text import Line

_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_PERIOD = re.compile(r"^\(((?:19|20)\d{2}(?:/(?:19|20)?\d{2})?)\)\*{0,3}$")
_TOKEN = re.compile(
    r"\([^()]*\)\S*"  # a group in brackets: a year, a note, part of a name
    r"|(?:€\s*)?[-\u2212]?\d{1,3}(?:\.\d{3})+(?:,\d+)?(?:\s*(?:%|kg|mln\.?|miljoen)(?!\w))?"
    r"|(?:€\s*)?[-\u2212]?\d+(?:,\d+)?(?:\s*(?:%|kg|mln\.?|miljoen)(?!\w))?"
    r"|\S+"
)
_VALUE = re.compile(
    r"^(?P<euro>€\s*)?(?P<number>[-\u2212]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-\u2212]?\d+(?:,\d+)?)"
    r"(?:\s*(?P<unit>%|kg|mln\.?|miljoen))?$"
)
_MISSING = re.compile(r"^(-|\u2013|n\.?v\.?t\.?|n\.?b\.?|nb|p\.?m\.?)$", re.I)
_BASELINE = re.compile(r"^(peilwaarde|nulmeting|basiswaarde|uitgangswaarde|referentie)", re.I)
_REALISED = re.compile(r"^(realisatie|gerealiseerd|werkelijk|stand|rekening)", re.I)
_TARGET = re.compile(r"^(streefwaarde|streefwaarden|doel|norm|begroting|raming|ambitie)", re.I)
_HEADER_WORD = re.compile(
    r"^(\(?(effect|prestatie|beleids)?-?indicator(en)?\)?|omschrijving|eenheid|bron|peiljaar"
    r"|\(peiljaar\)|eind|o\.b\.v\.|jr|\(%\)|waarde|streefwaarde|streefwaarden|peilwaarde"
    r"|nulmeting|basiswaarde|realisatie|gerealiseerd|werkelijk|rekening|begroting|raming|doel"
    r"|norm|stand|\d{4}\)?)$",
    re.I,
)
FOOTNOTE = re.compile(r"^(\*{1,4})\s*(\S.*)$")


@dataclass(frozen=True)
class Token:
    text: str
    line: int


class Role(StrEnum):
    BASELINE = "baseline"  # "Peilwaarde", "Nulmeting"
    TARGET = "target"  # "Streefwaarde 2025", "Begroting eind 2026", "Doel 2027"
    REALISED = "realised"  # "Realisatie 2025", "Rekening 2023", "Stand 2024"


@dataclass
class Column:
    role: Role
    period: str | None = None  # "2025", "2022/2023"


@dataclass
class Header:
    columns: list[Column]
    percent: bool  # "Streefwaarde 2025 (%)": the values are percentages

    @property
    def target_years(self) -> list[int]:
        return [int(c.period[:4]) for c in self.columns if c.role is Role.TARGET and c.period]

    @property
    def baseline(self) -> bool:
        return bool(self.columns) and self.columns[0].role is not Role.TARGET


@dataclass
class Row:
    name: str
    line: int
    text: str  # the row as the document writes it
    baseline: Decimal | None
    baseline_period: str | None
    targets: list[tuple[int, Decimal]]
    realised: list[tuple[str, Decimal]] = field(default_factory=list)  # by period
    notes: list[str] = field(default_factory=list)  # "(plus 65)" after a value
    unit_words: str = ""  # "kg", "%", "€ mln" written with the values
    footnote: str = ""


def tokens(lines: list[Line]) -> list[Token]:
    return [
        Token(match.group(0), line.number) for line in lines for match in _TOKEN.finditer(line.text)
    ]


def value(text: str) -> Decimal | None:
    """ "6,9" → 6.9, "12.367" → 12367, "€ 18 mln." → 18000000, "47%" → 47."""
    match = _VALUE.match(text.strip())
    if not match:
        return None
    number = Decimal(
        match.group("number").replace("\u2212", "-").replace(".", "").replace(",", ".")
    )
    if (match.group("unit") or "").startswith(("mln", "miljoen")):
        number *= 1_000_000
    return number


def read_header(items: list[Token]) -> tuple[Header, int] | None:
    """The header at the start of the stream, and where the rows begin; None without a
    column of target or realised values for a year.

    A column starts at its word ("Peilwaarde", "Streefwaarde", "Realisatie") and takes the
    first year after it; further words of the same kind before that year belong to it
    ("Streefwaarde Begroting eind 2024"), as does a second year ("Peilwaarde 2024 o.b.v.
    JR 2023").
    """
    columns: list[Column] = []
    percent = False
    end = 0
    for k, token in enumerate(items):
        word = token.text.strip(" ()*:").lower()
        if not word:
            end = k + 1
            continue  # a bracket left over from a wrapped cell: "JR 2023)"
        if not _HEADER_WORD.match(token.text.strip("*:")) and not _PERIOD.match(token.text):
            break
        role = (
            Role.BASELINE
            if _BASELINE.match(word)
            else Role.REALISED
            if _REALISED.match(word)
            else Role.TARGET
            if _TARGET.match(word)
            else None
        )
        if role is not None and (
            not columns or columns[-1].role is not role or columns[-1].period is not None
        ):
            columns.append(Column(role))
        percent = percent or "%" in token.text
        year = _PERIOD.match(token.text)
        if (_YEAR.match(word) or year) and columns and columns[-1].period is None:
            columns[-1].period = year.group(1) if year else word
        end = k + 1
    columns = [c for c in columns if c.role is Role.BASELINE or c.period]
    if not any(c.role is not Role.BASELINE for c in columns):
        return None
    return Header(columns, percent), end


def read_rows(items: list[Token], header: Header) -> tuple[list[Row], list[Token]]:
    """The rows of the stream after the header, and the words no row took.

    A name usually ends on the line of its values (the cells are bottom-aligned, or the name
    fits one line). When words are left after the last row, the names start on the line of
    their values and run on below them instead: the words under a row's values are the
    rest of its name.
    """
    names, runs = _split(items, header)
    trailing = names.pop() if len(names) > len(runs) else []
    pairs = list(zip(names, runs, strict=True))
    first_line = bool(pairs) and all(t.line == items[pairs[0][1]].line for t in pairs[0][0])
    if trailing and first_line and all(any(t.line == items[k].line for t in n) for n, k in pairs):
        moved = [
            [t for t in name if t.line == items[k].line]
            for name, k in zip(names, runs, strict=True)
        ]
        for index, (name, k) in enumerate(zip(names, runs, strict=True)):
            if index:
                moved[index - 1] += [t for t in name if t.line != items[k].line]
        moved[-1] += trailing
        names, trailing = moved, []
    rows = []
    for name, k in zip(names, runs, strict=True):
        found = _run(items, k, header)
        assert found is not None
        rows.append(_row(items, name, k, found, header))
    return rows, trailing


def _split(items: list[Token], header: Header) -> tuple[list[list[Token]], list[int]]:
    """The names before each run of values, where each run starts, and the words after the
    last run (as one more name)."""
    names: list[list[Token]] = [[]]
    runs: list[int] = []
    k = 0
    while k < len(items):
        found = _run(items, k, header) if names[-1] else None
        if found is None:
            names[-1].append(items[k])
            k += 1
            continue
        runs.append(k)
        k = found[0]
        names.append([])
    if not names[-1]:
        names.pop()
    return names, runs


def _run(items: list[Token], k: int, header: Header) -> tuple[int, int] | None:
    """Where a run of values starting at `k` ends and how many values it holds, when it
    fits the header."""
    wanted = len(header.columns)
    found = 0
    j = k
    while j < len(items) and found < wanted:
        text = items[j].text
        if value(text) is not None or (found and _MISSING.match(text)):
            found += 1
            j += 1
            # A baseline's year, or a note on the value: "(2023)", "(plus 65)".
            while j < len(items) and items[j].text.startswith("("):
                j += 1
            continue
        if found == 0 and _MISSING.match(text):
            found, j = 1, j + 1
            continue
        return None
    return (j, found) if found == wanted else None


def _row(
    items: list[Token], name: list[Token], k: int, run: tuple[int, int], header: Header
) -> Row:
    end, _count = run
    cells = items[k:end]
    values: list[Decimal | None] = []
    notes: list[str] = []
    periods = [c.period for c in header.columns]
    units = ""
    for token in cells:
        if token.text.startswith("("):
            year = _PERIOD.match(token.text)
            if year and values and header.columns[len(values) - 1].role is not Role.TARGET:
                periods[len(values) - 1] = year.group(1)  # "6,9 (2023)": the value's year
            else:
                notes.append(token.text.strip("()"))
            continue
        units = units or " ".join(_unit_words(token.text))
        values.append(value(token.text))
    cells_by_role: dict[Role, list[tuple[str | None, Decimal]]] = {role: [] for role in Role}
    for column, period, found in zip(header.columns, periods, values, strict=True):
        if found is not None:
            cells_by_role[column.role].append((period, found))
    targets = [(int(p[:4]), v) for p, v in cells_by_role[Role.TARGET] if p]
    # The value a target starts from: the baseline, else a realised figure before the
    # first target year ("Realisatie 2023" in a budget for 2025).
    first = targets[0][0] if targets else None
    before = [(p, v) for p, v in cells_by_role[Role.REALISED] if p and first and int(p[:4]) < first]
    start = (cells_by_role[Role.BASELINE] or before or [(None, None)])[0]
    title = " ".join(t.text for t in name)
    return Row(
        name=re.sub(r"\(\s+", "(", re.sub(r"\s+([,.;:)])", r"\1", " ".join(title.split()))),
        line=name[0].line,
        text=" ".join(t.text for t in [*name, *cells]),
        baseline=start[1],
        baseline_period=start[0] if start[1] is not None else None,
        targets=targets,
        realised=[(p, v) for p, v in cells_by_role[Role.REALISED] if p],
        notes=notes,
        unit_words=units or ("%" if header.percent else ""),
    )


def _unit_words(text: str) -> list[str]:
    match = _VALUE.match(text.strip())
    if not match:
        return []
    return [w for w in ("€" if match.group("euro") else "", match.group("unit") or "") if w]


def _body(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The table's lines, and what follows its rows: footnotes, "Toelichting", "Bron"."""
    body: list[Line] = []
    tail: list[Line] = []
    for line in lines:
        if tail or FOOTNOTE.match(line.text) or re.match(r"^(toelichting|bron)\b", line.text, re.I):
            tail.append(line)
        else:
            body.append(line)
    return body, tail


def read_table(lines: list[Line]) -> tuple[list[Row], list[Line]]:
    """The rows of an indicator table, with its footnotes on the rows they mark; and the
    lines no row took (for the reader's doubts). Lines before the header (the caption,
    "Bron peilwaarde: CBS") and after the rows (footnotes, "Toelichting: ...") are not rows.
    """
    # Cells written as text columns between bars: "| Indicator | Realisatie 2024 |".
    lines = [Line(ln.number, " ".join(ln.text.replace("|", " ").split())) for ln in lines]
    for start, first in enumerate(lines):
        if not first.text or not _HEADER_WORD.match(first.text.split(" ")[0].strip("*")):
            continue
        body, tail = _body(lines[start:])
        items = tokens(body)
        found = read_header(items)
        if found is not None:
            break
    else:
        return [], [ln for ln in lines if ln.text]
    header, begin = found
    rows, left = read_rows(items[begin:], header)
    notes = {m.group(1): m.group(2) for ln in tail if (m := FOOTNOTE.match(ln.text))}
    for row in rows:
        stars = re.search(r"(\*+)$", row.name.split(" (")[-1]) or re.search(r"(\*+)", row.name)
        if stars and stars.group(1) in notes:
            row.footnote = notes[stars.group(1)]
        row.name = row.name.replace("*", "").strip()
    unread = [ln for ln in body if ln.number in {t.line for t in left}]
    return rows, unread
