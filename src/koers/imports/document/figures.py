"""Figures in a situation text ("Waar staan we?") as candidate measurements.

"eenzaamheid is toegenomen van 33% (2016) naar 42% (2020)" gives two candidates, 33% in 2016
and 42% in 2020; "In 2021 waren er 222 kinderen met een kinddossier" gives 222 in 2021.
Shares written in words count too: "één op de vier" (25%), "1 op de 9" (11.1%), "ruim de
helft" (50%), "een kwart"; the words stay with the candidate. An adviser decides which
indicator each belongs to; nothing here is stored by itself.
"""

import re
from typing import Any

PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d+)?)\s?%")
COUNT = re.compile(
    r"(?<![\d.,%])\b(\d{1,3}(?:\.\d{3})+|\d{2,6})\s+(?:\w+\s)?"
    r"(kinderen|jongeren|jeugdigen|inwoners|ouderen|mantelzorgers|huishoudens|statushouders|"
    r"asielstatushouders|leerlingen|mensen|meldingen|cliënten|vrijwilligers|gezinnen)\b"
)
_NUMBERS = {
    "een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "twintig": 20, "honderd": 100,
    "duizend": 1000,
}  # fmt: skip
_WORD = "|".join(_NUMBERS)
FRACTION = re.compile(rf"\b({_WORD}|\d{{1,3}})\s+op\s+de\s+({_WORD}|\d{{1,5}})\b", re.I)
# "de helft", not "de eerste helft" (of a year)
PART = re.compile(
    r"\b((?:ruim|bijna|ongeveer|circa|meer dan|minder dan|ruwweg)\s+)?"
    r"(de helft|een kwart|een derde|twee derde|driekwart)\b",
    re.I,
)
_PARTS = {"de helft": 50, "een kwart": 25, "een derde": 33.3, "twee derde": 66.7, "driekwart": 75}
# "33% (2016)", "39% in 2016"
YEAR_AFTER = re.compile(r"^\s*(?:\(|in\s+)((?:19|20)\d{2})\b")
YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
SOURCE = re.compile(
    r"\b(GGD[\w-]*(?:[- ](?:gezondheids)?monitor)?|CBS|[A-Z][\w-]*[Mm]onitor|"
    r"[Gg]ezondheidsmonitor[\w ]{0,20}?)\b"
)


def _period(sentence: str, end: int) -> str:
    """The year of a figure: "(2016)" or "in 2016" right after it, else the only year in the
    sentence."""
    after = YEAR_AFTER.match(sentence[end:])
    if after:
        return after.group(1)
    years = set(YEAR.findall(sentence))
    return years.pop() if len(years) == 1 else ""


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _in_words(sentence: str) -> list[tuple[str, str, int]]:
    """(percentage, the words, where they end) of each share a sentence writes in words."""
    found = []
    for match in FRACTION.finditer(sentence):
        part, whole = _count(match.group(1)), _count(match.group(2))
        if 0 < part < whole:
            found.append((f"{100 * part / whole:.1f}".removesuffix(".0"), match[0], match.end()))
    for match in PART.finditer(sentence):
        value = _PARTS[match.group(2).lower()]
        found.append((str(value), match[0], match.end()))
    return found


def candidate_figures(text: str, line: int) -> list[dict[str, Any]]:
    """Every percentage and count of people in a passage, with year and source if stated."""
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        source = SOURCE.search(sentence)
        shares = [m.span() for m in FRACTION.finditer(sentence)]
        for value, words, end in _in_words(sentence):
            found.append(
                {
                    "value": value,
                    "unit": "percent",
                    "period": _period(sentence, end),
                    "source": source.group(1).strip() if source else None,
                    "text": sentence.strip(),
                    "words": words,
                    "line": line,
                }
            )
        for pattern, unit in ((PERCENT, "percent"), (COUNT, "count")):
            for match in pattern.finditer(sentence):
                value = match.group(1)
                if unit == "count":
                    if YEAR.fullmatch(value):
                        continue  # "in 2021 inwoners": a year, not a number of people
                    if any(start <= match.start() < end for start, end in shares):
                        continue  # "1 op de 1000 huishoudens": the share, not a count
                    value = value.replace(".", "")
                found.append(
                    {
                        "value": value.replace(",", "."),
                        "unit": unit,
                        "period": _period(sentence, match.end()),
                        "source": source.group(1).strip() if source else None,
                        "text": sentence.strip(),
                        "line": line,
                    }
                )
    return found
