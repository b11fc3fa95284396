"""When an action is planned, as its text says: "Voor 2025", "in 2023", "eind 2024", "in Q3
2023", "vanaf voorjaar 2023", "doorlopend", "in de week van de Coming-Out Day".

Plain functions. The phrase is kept as the document writes it (`planned_text`); a phrase
that names a moment by which the action is done also gives its `deadline` (the last day:
"voor 2025" is 31-12-2024), one that names a start gives `planned_start`. A span such as
"in 2023 en 2024", or a season, is kept as text only: it names no day.
"""

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
_YEAR = r"(20\d\d)"
_MONTH = "|".join(MONTHS)
_NAME = r"[A-Z][\w'\u2019-]*"  # a capitalised word: "Coming-Out", "Sint\u2019s"
_QUARTER_WORDS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "laatste": 4}
_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


@dataclass(frozen=True)
class Planning:
    text: str  # as written: "Voor 2025"
    deadline: date | None = None
    start: date | None = None


def _year_end(match: re.Match, group: int = 1, shift: int = 0) -> date:
    return date(int(match.group(group)) + shift, 12, 31)


def _quarter(match: re.Match) -> date:
    label, year = match.group(1), int(match.group(2))
    number = int(label[1]) if label[0] in "Qq" else _QUARTER_WORDS[label.split()[1]]
    month, day = _QUARTER_END[number]
    return date(year, month, day)


def _day(match: re.Match) -> date:
    return date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))


# (pattern, what it gives), most specific first; each pattern's whole match is the text.
_RULES: list[tuple[re.Pattern, str, object]] = [
    (re.compile(rf"\buiterlijk (\d{{1,2}}) ({_MONTH}) {_YEAR}\b", re.I), "deadline", _day),
    (re.compile(rf"\b(?:voor|vóór) (\d{{1,2}}) ({_MONTH}) {_YEAR}\b", re.I), "deadline", _day),
    (
        re.compile(rf"\b(?:uiterlijk |voor |vóór )?(?:eind|einde) (?:van )?{_YEAR}\b", re.I),
        "deadline",
        _year_end,
    ),
    (
        re.compile(
            rf"\bin (Q[1-4]|het (?:eerste|tweede|derde|vierde|laatste) kwartaal)(?: van)? "
            rf"{_YEAR}\b",
            re.I,
        ),
        "deadline",
        _quarter,
    ),
    (re.compile(rf"\bmedio {_YEAR}\b", re.I), "deadline", lambda m: date(int(m[1]), 6, 30)),
    (
        re.compile(rf"\b(?:voor|vóór) de zomer(?:vakantie)?(?: van)? {_YEAR}\b", re.I),
        "deadline",
        lambda m: date(int(m[1]), 6, 30),
    ),
    (re.compile(rf"\b(?:voor|vóór) {_YEAR}\b", re.I), "deadline", lambda m: _year_end(m, 1, -1)),
    (
        re.compile(rf"\bvanaf (?:het )?(voorjaar|zomer|najaar|begin|medio)? ?{_YEAR}\b", re.I),
        "start",
        lambda m: date(
            int(m[2]),
            {"voorjaar": 3, "zomer": 6, "najaar": 9, "medio": 7}.get((m[1] or "").lower(), 1),
            1,
        ),
    ),
    (re.compile(rf"\bin {_YEAR} (?:en|of|t/m|tot en met) {_YEAR}\b", re.I), "text", None),
    (
        re.compile(rf"\bin (?:het |de )?(?:voorjaar|zomer|najaar|winter)(?: van)? {_YEAR}\b", re.I),
        "text",
        None,
    ),
    (re.compile(rf"\bin {_YEAR}\b(?! en {_YEAR})", re.I), "deadline", _year_end),
    # Moments without a year that a reader still wants to see with the action.
    (
        re.compile(r"\bin de week van (?:de |het )?" + _NAME + r"(?: " + _NAME + ")*"),
        "text",
        None,
    ),
    (
        re.compile(r"\bin het (?:eerste|tweede|derde|laatste) [a-z]*jaar\b", re.I),
        "text",
        None,
    ),
    (
        re.compile(r"\b(?:doorlopend|jaarlijks|elk jaar|ieder jaar)\b", re.I),
        "text",
        None,
    ),
]


def planning(text: str) -> Planning | None:
    """The first planning phrase of an action's text, or None when it names no moment."""
    found = []
    for rule, gives, make in _RULES:
        match = rule.search(text)
        if match is not None:
            found.append((match.start(), rule, gives, make, match))
    if not found:
        return None
    # The phrase that comes first in the text; on the same place the more specific rule.
    _at, _rule, gives, make, match = min(found, key=lambda f: f[0])
    phrase = match.group(0)
    try:
        day = make(match) if callable(make) else None
    except ValueError:  # "uiterlijk 31 februari 2024"
        day = None
    if gives == "deadline":
        return Planning(phrase, deadline=day)
    if gives == "start":
        return Planning(phrase, start=day)
    return Planning(phrase)
