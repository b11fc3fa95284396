"""The organisations an action's text names as working on it: "samen met de GGD en
Stichting WijdeKerk", "met Stip en Lucrato", "GGD en gemeente verhogen ...".

Plain functions. A reader knows the partners Koers holds already (their names, from the
caller) and the municipality the document is of; it finds:

- a known partner by its name as a word, by the first part of a compound ("Stip-professional"),
  or by the abbreviation its name starts with ("GGD" for "GGD Noord- en Oost-Gelderland");
- a foundation or association by its name ("stichting Roze 50+", "Vereniging Dorpsbelang");
- a Dutch public body by its usual abbreviation (UWV, CJG, ...);
- after "samen met", "in samenwerking met" or "met", names written with a capital;
- the municipality itself where the text names it as one of the parties ("GGD en gemeente",
  "het gemeentekantoor"), as "Gemeente <name>".
"""

import re
from collections.abc import Iterable

# Public bodies the social domain works with, known by their abbreviation.
BODIES = {
    "GGD", "UWV", "CJG", "SVB", "CAK", "COA", "DUO", "RIVM", "VNG", "CBS", "RMC", "GGZ",
    "JGZ", "WSP", "ROC", "MEE", "CIZ",
}  # fmt: skip
_FOUNDATION = re.compile(
    r"\b([Ss]tichting|[Vv]ereniging|[Cc]oöperatie) ((?:[A-Z0-9][\w+&'\u2019-]*)"
    r"(?: (?:[A-Z0-9+][\w+&'\u2019-]*|van|de|het|en))*)"
)
# The municipality's own bodies, named with a capital after "met": not partners.
_OWN = {"raad", "gemeenteraad", "college", "rijk", "kabinet", "wethouder", "burgemeester"}
_WITH = re.compile(r"\b(?i:samen met|in samenwerking met|met) ((?:de |het )?[A-Z][^.;:()]*)")
_CAPITAL = re.compile(r"(?:de |het )?([A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*)*)")
# "gemeente", "gemeentekantoor", "gemeentewerf", not "gemeenten" or "gemeentelijk".
_MUNICIPALITY = re.compile(r"\b[Gg]emeente(?!n\b|lijk)(kantoor|werf|huis)?\b")
_ABBREVIATION = re.compile(r"^([A-Z]{2,6})\b")


def mentioned_partners(
    text: str, known: Iterable[str] = (), municipality: str | None = None
) -> list[str]:
    """The partner names a text mentions, in the order they first appear, each once."""
    known = list(known)
    found: list[tuple[int, str]] = []
    by_abbreviation: dict[str, list[str]] = {}
    for name in known:
        head = _ABBREVIATION.match(name)
        if head and head.group(1) != name:
            by_abbreviation.setdefault(head.group(1), []).append(name)
    for name in known:
        # As a word, or as the first part of a compound ("Stip-professional").
        match = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w])", text) or re.search(
            rf"(?<![\w-]){re.escape(name)}-\w", text
        )
        if match:
            found.append((match.start(), name))
    for abbreviation, holders in by_abbreviation.items():
        match = re.search(rf"(?<![\w-]){abbreviation}(?![\w-])", text)
        if match and len(holders) == 1:
            found.append((match.start(), holders[0]))
    for match in _FOUNDATION.finditer(text):
        name = f"{match.group(1).lower()} {match.group(2).rstrip(' ')}"
        name = re.sub(r" (?:van|de|het|en)$", "", name)
        found.append((match.start() - 1, _known(name, known)))  # ahead of "met Stichting X"
    for body in BODIES:
        match = re.search(rf"(?<![\w-]){body}(?![\w-])", text)
        if match and body not in by_abbreviation:
            found.append((match.start(), _known(body, known)))
    for match in _WITH.finditer(text):
        start = match.start(1)
        for part in re.split(r",\s*| en | of ", match.group(1)):
            capital = _CAPITAL.fullmatch(part.strip())
            if capital and capital.group(1).lower() in _OWN:
                start += len(part) + 1
                continue
            if capital:
                found.append((start, _known(capital.group(1), known)))
            start += len(part) + 1
            if not capital:
                break  # the names end where ordinary words begin
    if municipality:
        match = _MUNICIPALITY.search(text)
        if match:
            found.append((match.start(), _known(f"Gemeente {municipality}", known)))
    names: list[str] = []
    for _at, found_name in sorted(found):
        if not any(found_name.lower() in other.lower() for other in names):
            names.append(found_name)
    return names


def _known(name: str, known: list[str]) -> str:
    """A known partner's own spelling of the name, if Koers holds it."""
    return next((k for k in known if k.lower() == name.lower()), name)


def owner_of(text: str, known: Iterable[str]) -> str | None:
    """The partner an action's text names as the one who does it: its subject, alone ("De
    Leerplichtambtenaar is ...", "Stip organiseert ..."); not one of several ("GGD en
    gemeente verhogen ..."). The first word may be the partner's name or a compound of it.
    """
    match = re.match(r"^(?:(?:de|het)\s+)?([^\s,]+)(,?)\s+(\S+)", text, re.I)
    if match is None or match.group(2) or match.group(3).lower() in {"en", "of", "samen"}:
        return None
    first = match.group(1)
    for name in sorted(known, key=len, reverse=True):
        if first == name or first.startswith(f"{name}-"):
            return name
        rest = first[len(name) :]
        if (
            len(name) >= 4
            and first.startswith(name)
            and len(rest) >= 4
            and rest.isalpha()
            and rest.islower()
        ):
            return name  # "Leerplichtambtenaar"
    return None
