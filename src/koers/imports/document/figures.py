"""Figures in a situation text ("Waar staan we?") as candidate measurements.

"eenzaamheid is toegenomen van 33% (2016) naar 42% (2020)" gives two candidates, 33% in 2016
and 42% in 2020; "In 2021 waren er 222 kinderen met een kinddossier" gives 222 in 2021.
Shares written in words count too: "één op de vier" (25%), "1 op de 9" (11.1%), "ruim de
helft" (50%), "een kwart", "een vierde"; so do counts in words ("ongeveer tien cliënten"),
ranges ("drie tot achttien statushouders", "12 tot 15%": both ends), multiples
("verdrievoudigd", "drie keer zo veel": a ratio), a count in brackets after its group
("6,5% van de inwoners (1.227)") and "het aantal ... is 134". The words stay with the
candidate. Not figures: a percentage that defines a limit ("120% van de bijstandsnorm").
An adviser decides which indicator each belongs to; nothing here is stored by itself.
"""

import re
from typing import Any

_NUMBERS = {
    "een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
    "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18,
    "negentien": 19, "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50,
    "honderd": 100, "duizend": 1000,
}  # fmt: skip
_WORD = "|".join(sorted(_NUMBERS, key=len, reverse=True))
# A percentage, signed when it stands alone ("-35,6%"); not a limit ("120% van de norm").
PERCENT = re.compile(
    r"(?<![\d.,\w-])((?:(?<=[\s(])[-+\u2212])?\d{1,3}(?:,\d+)?)\s?%"
    r"(?!\s+van\s+(?:het|de)\s+(?:\w*norm|\w*minim))"
)
_GROUP = (
    r"[\w-]*(?:kinderen|jongeren|jeugdigen|inwoners|ouderen|mantelzorgers|huishoudens|"
    r"statushouders|leerlingen|peuters|mensen|meldingen|cliënten|vrijwilligers|gezinnen|"
    r"uitkeringen|deelnemers|aanvragen|keer)"
)
# A number of people in digits or words; not a year, not the article "een".
_COUNTED = "|".join(w for w in sorted(_NUMBERS, key=len, reverse=True) if _NUMBERS[w] > 1)
_NUMBER = rf"(?:(?!(?:19|20)\d{{2}}\b)(?:\d{{1,3}}(?:\.\d{{3}})+|\d{{1,6}})|(?i:{_COUNTED}))"
# "222 kinderen", "2800 leer- en kwalificatieplichtige leerlingen", "ongeveer tien cliënten";
# not "één school" or "twee aandachtsfunctionarissen" (no group of people or cases).
COUNT = re.compile(rf"(?<![\d.,%])\b({_NUMBER})\s+(?:[\w-]+\s){{0,3}}?({_GROUP})\b")
RANGE = re.compile(
    rf"(?<![\d.,])\b({_NUMBER})\s+tot(?:\s+en\s+met)?\s+({_NUMBER})"
    rf"(\s?%|\s+(?:[\w-]+\s){{0,3}}?{_GROUP}\b)"
)
# "6,5% van de inwoners (1.227)"
BRACKETED = re.compile(rf"\b{_GROUP}\s+\((\d{{1,3}}(?:\.\d{{3}})+|\d{{1,6}})\)")
# "Het aantal werkloosheidsuitkeringen (WW-uitkering) in Heerde is 134."
NUMBER_OF = re.compile(
    r"\baantal\b[^.;:]{0,80}?\b(?:is|was|bedraagt|bedroeg|ligt op)\s+"
    r"(\d{1,3}(?:\.\d{3})+|\d{1,6})\b(?!\s?%|,\d)"
)
_MULTIPLES = {"verdubbeld": 2, "verdrievoudigd": 3, "verviervoudigd": 4, "vervijfvoudigd": 5}
MULTIPLE = re.compile(
    rf"\b(verdubbeld|verdrievoudigd|verviervoudigd|vervijfvoudigd)\b"
    rf"|\b(\d{{1,3}}|{_WORD})\s+keer\s+zo\s+(?:veel|groot|hoog|vaak)\b",
    re.I,
)
FRACTION = re.compile(rf"\b({_WORD}|\d{{1,3}})\s+op\s+de\s+({_WORD}|\d{{1,5}})\b", re.I)
# "de helft", not "de eerste helft" (of a year)
PART = re.compile(
    r"\b((?:ruim|bijna|ongeveer|circa|meer dan|minder dan|ruwweg)\s+)?"
    r"(de helft|een kwart|een derde|twee derde|driekwart|een vierde|een vijfde|een tiende)\b",
    re.I,
)
_PARTS = {
    "de helft": 50, "een kwart": 25, "een derde": 33.3, "twee derde": 66.7, "driekwart": 75,
    "een vierde": 25, "een vijfde": 20, "een tiende": 10,
}  # fmt: skip
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


def _in_words(sentence: str) -> list[tuple[str, str, tuple[int, int]]]:
    """(percentage, the words, where they stand) of each share a sentence writes in words."""
    found = []
    for match in FRACTION.finditer(sentence):
        part, whole = _count(match.group(1)), _count(match.group(2))
        if 0 < part < whole:
            found.append((f"{100 * part / whole:.1f}".removesuffix(".0"), match[0], match.span()))
    for match in PART.finditer(sentence):
        value = _PARTS[match.group(2).lower()]
        found.append((str(value), match[0], match.span()))
    return found


# A figure about the country or the region, said just before it ("het landelijk gemiddelde
# van 12%", "(regiogemiddelde 41%)") or right after it ("25% landelijk", "Eén op de vijf
# Nederlanders"); "Nederlandse huishoudens" names a group, not the area.
_COUNTRY = re.compile(r"\b(landelijk\w*|nederland(?!se\b)\w*)\b", re.I)
_REGION = re.compile(r"\bregio\w*\b", re.I)
_CLAUSE = re.compile(r"[(,;:]| en | maar ")


def _area(sentence: str, start: int, end: int) -> str | None:
    before = _CLAUSE.split(sentence[max(0, start - 60) : start])[-1]
    after = _CLAUSE.split(sentence[end : end + 20])[0]
    for rule, area in ((_COUNTRY, "country"), (_REGION, "region")):
        if rule.search(before) or rule.search(after):
            return area
    return None


def _figure(
    value: str, unit: str, sentence: str, span: tuple[int, int], source: Any, **extra: str
) -> dict:
    start, end = span
    return {
        "value": value,
        "unit": unit,
        "period": _period(sentence, end),
        "source": source.group(1).strip() if source else None,
        "area": _area(sentence, start, end),
        "text": sentence.strip(),
        **extra,
    }


def _number(text: str) -> str:
    """ "1.227" → "1227", "6,5" → "6.5", "tien" → "10", a minus sign → "-"."""
    if text.lower() in _NUMBERS:
        return str(_NUMBERS[text.lower()])
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        text = text.replace(".", "")
    return text.replace(",", ".").replace("\u2212", "-")


def candidate_figures(text: str, line: int) -> list[dict[str, Any]]:
    """Every percentage and count of people in a passage, with year and source if stated."""
    found = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        source = SOURCE.search(sentence)
        shares = [m.span() for m in FRACTION.finditer(sentence)]
        taken: list[tuple[int, int]] = []  # spans already read as a range or a share

        def free(start: int, spans: list[tuple[int, int]] = taken) -> bool:
            return not any(a <= start < b for a, b in spans)

        for value, words, span in _in_words(sentence):
            found.append(_figure(value, "percent", sentence, span, source, words=words, line=line))
        for match in RANGE.finditer(sentence):
            unit = "percent" if "%" in match.group(3) else "count"
            for end in (1, 2):
                value = _number(match.group(end))
                found.append(
                    _figure(value, unit, sentence, match.span(), source, words=match[0], line=line)
                )
            taken.append(match.span())
        for match in MULTIPLE.finditer(sentence):
            word = match.group(1) or match.group(2)
            value = str(_MULTIPLES.get(word.lower()) or _number(word))
            found.append(
                _figure(value, "ratio", sentence, match.span(), source, words=match[0], line=line)
            )
        for pattern, unit in ((PERCENT, "percent"), (COUNT, "count")):
            for match in pattern.finditer(sentence):
                value = match.group(1)
                if not free(match.start(1)) or (
                    unit == "count" and not free(match.start(1), shares)
                ):
                    continue  # "1 op de 1000 huishoudens": the share, not a count
                if unit == "count" and YEAR.fullmatch(value):
                    continue  # "in 2021 inwoners": a year, not a number of people
                if (
                    unit == "count"
                    and match.group(2) == "keer"
                    and MULTIPLE.match(sentence, match.start())
                ):
                    continue  # "drie keer zo veel": a multiple
                extra = {"words": match[0]} if not value[-1:].isdigit() else {}
                found.append(
                    _figure(
                        _number(value), unit, sentence, match.span(1), source, line=line, **extra
                    )
                )
        for pattern in (BRACKETED, NUMBER_OF):
            for match in pattern.finditer(sentence):
                found.append(
                    _figure(
                        _number(match.group(1)), "count", sentence, match.span(1), source, line=line
                    )
                )
    return found
