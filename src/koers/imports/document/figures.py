"""Figures in a situation text ("Waar staan we?") as candidate measurements.

"eenzaamheid is toegenomen van 33% (2016) naar 42% (2020)" gives two candidates, 33% in 2016
and 42% in 2020; "In 2021 waren er 222 kinderen met een kinddossier" gives 222 in 2021. An
adviser decides which indicator each belongs to; nothing here is stored by itself.
"""

import re
from typing import Any

PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d+)?)\s?%")
COUNT = re.compile(
    r"(?<![\d.,%])\b(\d{1,3}(?:\.\d{3})+|\d{2,6})\s+(?:\w+\s)?"
    r"(kinderen|jongeren|jeugdigen|inwoners|ouderen|mantelzorgers|huishoudens|statushouders|"
    r"asielstatushouders|leerlingen|mensen|meldingen|cliënten|vrijwilligers|gezinnen)\b"
)
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


def candidate_figures(text: str, line: int) -> list[dict[str, Any]]:
    """Every percentage and count of people in a passage, with year and source if stated."""
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        source = SOURCE.search(sentence)
        for pattern, unit in ((PERCENT, "percent"), (COUNT, "count")):
            for match in pattern.finditer(sentence):
                value = match.group(1)
                if unit == "count":
                    if YEAR.fullmatch(value):
                        continue  # "in 2021 inwoners": a year, not a number of people
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
