"""The amounts of a programme budget: income (baten) and expenses (lasten) per programme and
per taakveld, per year, as its "Wat mag het kosten?" tables and its overview per taakveld
give them.

- A header names the years ("2025 2026 2027", "Begroting 2025", on its own line or under a
  line of labels "Rekening Begroting Begroting"); columns of realised figures ("Rekening
  2023", "Realisatie 2023") and years before the budget year are left out: Koers keeps what
  the budget sets aside.
- "Bedragen x € 1.000" (or "(x € 1.000)", "in duizenden euro's") multiplies by a thousand;
  signs are the document's convention ("-" = nadeel), so amounts are kept without them.
- Rows: "Lasten 4.512 4.498", "Baten 812 812" for the programme; under a line "Lasten" or
  "Baten", rows with a taakveld code ("7.1-Maatschappelijke ondersteuning 4.171.452 ...").
- The overview per taakveld after the programmes: "Programma: P2 Mens en maatschappij
  Begroting 2025", then "6.1 Samenkracht en burgerparticipatie 3.457.375 -6.505.572
  -3.048.197" in the order its header gives (Baten Lasten Saldo).

Pure functions; see docs/document-import.md.
"""

import re
from typing import Any

from koers.imports.document.indicator_table import value as dutch_number
from koers.imports.document.text import Line

_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_THOUSANDS = re.compile(r"x\s*€?\s*1\.?000\b|in duizenden", re.I)
_NUMBER = re.compile(r"[-\u2212]?\d{1,3}(?:\.\d{3})+(?:,\d+)?|[-\u2212]?\d+(?:,\d+)?")
_KIND = {"baten": "income_cents", "lasten": "expense_cents"}
_ROW = re.compile(r"^(?:totaal\s+)?(lasten|baten)\b:?\s*(?P<values>[-\u2212\d.,\s]*)$", re.I)
_KIND_HEADING = re.compile(r"^(lasten|baten)$", re.I)
_TAAKVELD = re.compile(
    r"^(?P<code>\d{1,2}\.\d{1,3})\s*[-\u2013.]?\s*(?:\d{1,2}\s+)?(?P<name>[A-Za-zÀ-ÿ].*?)\s+"
    r"(?P<values>[-\u2212]?\d[-\u2212\d.,\s]*)$"
)
_LABEL = re.compile(
    r"\b(rekening|realisatie|jaarrekening|begroting|raming|meerjarenraming)\b", re.I
)
_REALISED = {"rekening", "realisatie", "jaarrekening"}
OVERVIEW = re.compile(
    r"^programma\s*:?\s*(?:P\s?)?(?P<number>\d{1,2})\b.*?\b((?:19|20)\d{2})\b", re.I
)


def _cents(text: str, scale: int) -> int:
    number = dutch_number(text)  # Dutch figures are read in one place
    return int(abs(number) * scale * 100) if number is not None else 0


def _columns(text: str, above: str) -> list[int | None]:
    """The header's years, None for a column of realised figures."""
    years = [int(y) for y in _YEAR.findall(text)]
    labels = [m.lower() for m in _LABEL.findall(text)] or [m.lower() for m in _LABEL.findall(above)]
    if len(labels) != len(years):
        labels = ["begroting"] * len(years)
    return [None if label in _REALISED else year for year, label in zip(years, labels, strict=True)]


def programme_amounts(lines: list[Line], budget_year: int | None) -> list[dict[str, Any]]:
    """The amounts of one programme's "Wat mag het kosten?" lines."""
    found: dict[tuple[str, int], dict[str, Any]] = {}
    columns: list[int | None] = []
    scale = 1
    kind = None
    above = ""
    for line in lines:
        text = " ".join(line.text.replace("|", " ").split())
        if _THOUSANDS.search(text):
            scale = 1000
        heading = _KIND_HEADING.match(text)
        row = _ROW.match(text)
        taakveld = _TAAKVELD.match(text)
        if heading:
            kind = _KIND[heading.group(1).lower()]
        elif row and columns:
            values = _NUMBER.findall(row.group("values"))
            if len(values) == len(columns):
                _add(
                    found, "", "", _KIND[row.group(1).lower()], columns, values, scale, budget_year
                )
        elif taakveld and kind and columns:
            values = _NUMBER.findall(taakveld.group("values"))
            if len(values) == len(columns):
                name = taakveld.group("name").strip()
                _add(found, taakveld.group("code"), name, kind, columns, values, scale, budget_year)
        elif (years := _YEAR.findall(text)) and (len(years) >= 2 or _LABEL.search(text)):
            columns = _columns(text, above)  # a header: "Bedragen x € 1.000 2025 2026"
        above = text
    return list(found.values())


def _add(
    found: dict[tuple[str, int], dict[str, Any]],
    code: str,
    name: str,
    kind: str,
    columns: list[int | None],
    values: list[str],
    scale: int,
    budget_year: int | None,
) -> None:
    for year, value in zip(columns, values, strict=True):
        if year is None or (budget_year and year < budget_year):
            continue
        amount = found.setdefault(
            (code, year),
            {
                "year": year,
                "taakveld": code,
                "taakveld_name": name,
                "income_cents": None,
                "expense_cents": None,
            },
        )
        amount[kind] = _cents(value, scale)


def taakveld_overview(lines: list[Line]) -> dict[str, list[dict[str, Any]]]:
    """The overview per taakveld after the programmes, by programme number. A block is a
    line "Programma: P2 ... Begroting 2025", its header naming baten and lasten, and rows
    with a taakveld code; any other line ends it."""
    found: dict[str, list[dict[str, Any]]] = {}
    number: str | None = None
    rows: list[dict[str, Any]] | None = None
    order = ["income_cents", "expense_cents"]
    year = 0
    scale = 1
    recent: list[str] = []  # the lines just above: a caption may say "x € 1.000"
    for line in lines:
        text = " ".join(line.text.split())
        if not text:
            continue
        recent = [*recent[-3:], text]
        head = OVERVIEW.match(text)
        if head:
            number, rows, year = str(int(head.group("number"))), None, int(head.group(2))
            scale = 1000 if any(_THOUSANDS.search(t) for t in recent) else 1
            continue
        if rows is None and _THOUSANDS.search(text):
            scale = 1000
        words = [w.lower() for w in re.findall(r"\b(baten|lasten)\b", text, re.I)]
        if number and rows is None and len(words) >= 2 and not _NUMBER.search(text):
            order = [_KIND[w] for w in words[-2:]]  # "... per taakveld Baten Lasten Saldo"
            rows = found.setdefault(number, [])
            continue
        row = _TAAKVELD.match(text)
        values = _NUMBER.findall(row.group("values")) if row else []
        if rows is not None and row and len(values) in (2, 3):
            amount = {
                "year": year,
                "taakveld": row.group("code"),
                "taakveld_name": row.group("name").strip(),
                "income_cents": None,
                "expense_cents": None,
            }
            for kind, value in zip(order, values[:2], strict=True):
                amount[kind] = _cents(value, scale)
            rows.append(amount)
            continue
        number, rows = None, None  # "Saldo van baten en lasten programma", or prose
    return found
