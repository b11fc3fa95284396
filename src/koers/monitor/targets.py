"""Dutch target sentences made computable: "neemt af", "maximaal 1 per jaar", "95% slaagt".

`parse_target` reads one sentence (a "Hoe laten we dit zien?" line or a programme result) and
returns the target it states in the fields of `monitor.Target`, or None when it states no
target it can be sure of. It never guesses: a sentence it does not understand stays text and
is reported by the caller. The forms it knows are listed in docs/status-rules.md.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

NUMBER = r"(\d+(?:[.,]\d+)?)"
# Small numbers as Dutch words ("minimaal twee projecten").
WORDS = {"twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8, "negen": 9}
AMOUNT = rf"(\d+(?:[.,]\d+)?|{'|'.join(WORDS)})\b"
YEAR = r"((?:19|20)\d\d)"


@dataclass(frozen=True)
class TargetSpec:
    """A target in plain values: what the parser finds and what the status rules judge."""

    kind: str
    sentence: str
    direction: str = ""
    value: Decimal | None = None
    change: Decimal | None = None
    change_unit: str = ""
    start_year: int | None = None
    target_year: int | None = None
    baseline_value: Decimal | None = None
    baseline_period: str = ""
    baseline_note: str = ""
    values: tuple[tuple[int, Decimal], ...] = field(default=())


def _number(text: str) -> Decimal:
    if text in WORDS:
        return Decimal(WORDS[text])
    return Decimal(text.replace(",", "."))


def clean(sentence: str) -> str:
    """One space between words, and words the PDF split over two lines joined again."""
    text = re.sub(r"(\w)-[ \t]*\n\s*([a-z])", r"\1\2", sentence)
    return re.sub(r"\s+", " ", text).strip()


# Each direction phrase with the direction it states; longer phrases first, so that
# "blijft gelijk of neemt af" is not read as "neemt af".
_UP = (
    r"(?:neemt\s+\w*\s*toe|toeneemt|stijgt|(?:is\s+)?toegenomen|(?:is\s+)?gestegen|groeit"
    r"|vergroten|toename|stijging|hoger)"
)
_DOWN = (
    r"(?:neemt\s+\w*\s*af|afneemt|daalt|(?:is\s+|zijn\s+)?afgenomen|(?:is\s+|zijn\s+)?gedaald"
    r"|vermindert|verminderd|verminderen|afname|daling|minder|lager)"
)
_SAME = r"(?:blijft\s+(?:gelijk|stabiel)|(?:is\s+)?gelijk\s+gebleven|stabiel\s+(?:blijft|gebleven))"
_DIRECTIONS = [
    (rf"{_SAME}\s+of\s+(?:\w+\s+){{0,2}}{_UP}", "stable_or_increase"),
    (rf"{_SAME}\s+of\s+(?:\w+\s+){{0,2}}{_DOWN}", "stable_or_decrease"),
    (_SAME, "stable"),
    (_DOWN, "decrease"),
    (_UP, "increase"),
]
_QUALITATIVE = re.compile(
    r"\bkwalitatie(?:f|ve)\b|cliëntervaring|ervaringsverha|storytelling|in gesprek met"
    r"|volgens deelnemende"
)


def _years(text: str) -> tuple[int | None, int | None]:
    """The period a sentence gives: "vanaf 2023 tot 2027", "in 2023 en 2024", "in 2027"."""
    span = re.search(rf"(?:vanaf|van)\s+{YEAR}\s+(?:tot(?:\s+en\s+met)?|t/m)\s+{YEAR}", text)
    if span:
        return int(span[1]), int(span[2])
    pair = re.search(rf"in\s+{YEAR}\s+en\s+{YEAR}", text)
    if pair:
        return int(pair[1]), int(pair[2])
    before = re.search(rf"\bvoor\s+{YEAR}", text)
    if before:  # "voor 2025": by the end of 2024
        return None, int(before[1]) - 1
    single = re.search(rf"\b(?:in|uiterlijk|eind)\s+{YEAR}", text)
    if single:
        return None, int(single[1])
    return None, None


def _yearly(sentence: str, text: str) -> TargetSpec | None:
    if "streefwaarde" not in text:
        return None
    pairs = re.findall(rf"{YEAR}\s*[:=]\s*(-?\d+(?:[.,]\d+)?)", text)
    if not pairs:
        return None
    values = tuple((int(year), _number(value)) for year, value in pairs)
    return TargetSpec("yearly", sentence, values=values)


def _relative_change(sentence: str, text: str) -> TargetSpec | None:
    found = re.search(
        rf"(daalt|afneemt|neemt af|stijgt|toeneemt|neemt toe)\s+met\s+{NUMBER}\s*%", text
    )
    if not found:
        return None
    sign = -1 if found[1] in {"daalt", "afneemt", "neemt af"} else 1
    start, end = _years(text)
    baseline = re.search(
        rf"\b(?:waarbij we )?(?:de )?([a-z][^;.,]*?{YEAR}) als nulmeting", clean(sentence), re.I
    )
    return TargetSpec(
        "relative_change",
        sentence,
        direction="decrease" if sign < 0 else "increase",
        change=sign * _number(found[2]),
        change_unit="percent",
        start_year=start,
        target_year=end,
        baseline_period=baseline[2] if baseline else "",
        baseline_note=f"{baseline[1].strip()} als nulmeting" if baseline else "",
    )


def _change_per_year(sentence: str, text: str) -> TargetSpec | None:
    less = re.search(rf"jaarlijks\s+{NUMBER}\s+(minder|meer)\b", text)
    if less:
        sign = -1 if less[2] == "minder" else 1
        amount = less[1]
    else:
        grow = re.search(rf"(?:uit|breiden\b.*?\buit)\s+met\s+{NUMBER}\b.*?per\s+jaar", text)
        grow = grow or re.search(rf"per\s+jaar\b.*?\buit\s+met\s+{NUMBER}\b", text)
        if not grow:
            return None
        sign, amount = 1, grow[1]
    start, end = _years(text)
    return TargetSpec(
        "change_per_year",
        sentence,
        direction="decrease" if sign < 0 else "increase",
        change=sign * _number(amount),
        change_unit="absolute",
        start_year=start,
        target_year=end,
    )


def _level(sentence: str, text: str) -> TargetSpec | None:
    ceiling = re.search(rf"\b(?:maximaal|hoogstens|ten hoogste|niet meer dan)\s+{AMOUNT}", text)
    if ceiling:
        return TargetSpec("maximum", sentence, value=_number(ceiling[1]))
    floor = re.search(rf"\b(?:minstens|minimaal|ten minste|tenminste)\s+(?:een\s+)?{AMOUNT}", text)
    if floor:
        return TargetSpec("minimum", sentence, value=_number(floor[1]))
    # "daalt naar 30% in 2027", "is in 2026 gestegen tot 12", "daalt van 33% naar 25%": a
    # level by a year (with the baseline when it is given); without a year the level is a
    # ceiling (falling) or a floor (rising).
    towards = re.search(rf"\b(?:{_DOWN}|{_UP})\s+(?:\S+\s+){{0,4}}?(?:naar|tot)\s+{AMOUNT}", text)
    if towards:
        falling = re.match(rf"\b{_DOWN}", towards[0]) is not None
        value = _number(towards[1])
        since = re.search(rf"\bvan\s+{NUMBER}\s*%?\s+(?:naar|tot)\b", towards[0])
        base = _number(since[1]) if since else None
        year = _years(text)[1]
        if year:
            return TargetSpec(
                "value_by_year", sentence, value=value, target_year=year, baseline_value=base
            )
        kind = "maximum" if falling else "minimum"
        return TargetSpec(kind, sentence, value=value, baseline_value=base)
    gone = re.search(
        rf"niet meer voor(?:\s+\w+)*?\s+in\s+{YEAR}|in\s+{YEAR}\s+niet meer voor", text
    )
    if gone:
        year = int(gone[1] or gone[2])
        return TargetSpec("value_by_year", sentence, value=Decimal(0), target_year=year)
    return None


def _share(sentence: str, text: str) -> TargetSpec | None:
    found = re.search(rf"(?:^|\s){NUMBER}\s*%", text)
    if not found or re.search(_DOWN + "|" + _UP, text):
        return None
    value = _number(found[1])
    if value > 100:
        return None
    return TargetSpec("share", sentence, value=value, target_year=_years(text)[1])


def _direction(sentence: str, text: str) -> TargetSpec | None:
    for pattern, direction in _DIRECTIONS:
        if re.search(rf"\b{pattern}\b", text):
            return TargetSpec("direction", sentence, direction=direction)
    return None


def parse_target(sentence: str) -> TargetSpec | None:
    """The target a Dutch sentence states, or None when it states none this parser knows."""
    sentence = clean(sentence)
    text = sentence.lower()
    if not text:
        return None
    if _QUALITATIVE.search(text):
        return TargetSpec("qualitative", sentence)
    for reader in (_yearly, _relative_change, _change_per_year, _level, _share, _direction):
        parsed = reader(sentence, text)
        if parsed is not None:
            return parsed
    return None


def parse_targets(text: str) -> list[TargetSpec]:
    """Every target in a passage of several sentences, one per sentence that states one.

    "... gedaald naar maximaal 1 problematische scheiding per jaar. Ook komt huiselijk
    geweld ... niet meer voor in 2027." states a ceiling and a value by a year.
    """
    sentences = re.split(r"(?<=[.;])\s+(?=[A-Z])", clean(text))
    return [parsed for part in sentences if (parsed := parse_target(part)) is not None]
