"""The Iv3 list of taakvelden: the budget classification (BBV) that every Dutch municipal
budget and annual account uses, read from the ministry's information rules
(Iv3-informatievoorschrift) into a data file per edition.

The list changes between years (2026 split 6.2 into 6.21-6.23), so each edition is kept
with its year and version, and what was coded with one edition keeps it.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

LISTS = Path(__file__).resolve().parent / "lists"

# The chapters (hoofdstukken) of the social domain in the wide sense that Dutch social-domain
# plans cover: 6 Sociaal domein whole, and the taakvelden of other chapters that such plans
# fund (public health, education policy, sport activation, culture participation).
SOCIAL_DOMAIN_CHAPTERS = {"6"}
SOCIAL_DOMAIN_TAAKVELDEN = {"4.3", "5.1", "5.3", "7.1"}

_MONTH_NAMES = [
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
]  # fmt: skip
MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, start=1)}


class Iv3Error(ValueError):
    """The text holds no list of taakvelden that Koers can read."""


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    chapter: str
    chapter_name: str


@dataclass
class Iv3List:
    year: int
    version: str
    published_on: date | None
    source: str
    taakvelden: list[Entry] = field(default_factory=list)

    def as_data(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "version": self.version,
            "published_on": self.published_on,
            "source": self.source,
            "taakvelden": [
                {
                    "code": e.code,
                    "name": e.name,
                    "chapter": e.chapter,
                    "chapter_name": e.chapter_name,
                }
                for e in self.taakvelden
            ],
        }


_OVERVIEW = re.compile(r"^\s*\d*\s*Overzicht\s+Iv3-taakvelden\b(?!.*\.{4})", re.IGNORECASE)
_NEXT_OVERVIEW = re.compile(r"^\s*\d*\s*Overzicht\s+Iv3-(?!taakvelden)", re.IGNORECASE)
_CHAPTER = re.compile(r"^\s*(\d)\.\s+(\S.*?)\s*$")
_TAAKVELD = re.compile(r"^\s*(\d\.\d{1,3})\s+(\S.*?)\s*$")
_RUNNING_HEADER = re.compile(r"Informatievoorschrift.*\bblad\s+\d+\s+van\s+\d+", re.IGNORECASE)


def _edition(text: str) -> tuple[int, str, date | None]:
    head = text[:4000]
    year = re.search(r"Verslagjaar\s+(\d{4})", head) or re.search(
        r"Informatievoorschrift[- ](\d{4})", text
    )
    if year is None:
        raise Iv3Error("the text names no year (Verslagjaar) of the Iv3 rules")
    version = re.search(r"versie:?\s*(\d+(?:\.\d+)*)", head, re.IGNORECASE)
    published = re.search(r"(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})", head)
    return (
        int(year.group(1)),
        version.group(1) if version else "",
        date(int(published.group(3)), MONTHS[published.group(2)], int(published.group(1)))
        if published
        else None,
    )


def read_list(text: str, source: str = "") -> Iv3List:
    """The taakvelden of the chapter "Overzicht Iv3-taakvelden", with their chapters, in
    the document's order. The table of contents (entries ending in dot leaders) and the
    explanations later in the document are not read."""
    year, version, published = _edition(text)
    found = Iv3List(year, version, published, source)
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines) if _OVERVIEW.match(line)), None)
    if start is None:
        raise Iv3Error('the text has no chapter "Overzicht Iv3-taakvelden"')
    chapter = chapter_name = ""
    for line in lines[start + 1 :]:
        if _NEXT_OVERVIEW.match(line):
            break
        if not line.strip() or _RUNNING_HEADER.search(line):
            continue
        if m := _CHAPTER.match(line):
            chapter, chapter_name = m.groups()
        elif m := _TAAKVELD.match(line):
            code, name = m.groups()
            if code.split(".")[0] != chapter:
                raise Iv3Error(f"taakveld {code} is listed under chapter {chapter or '-'}")
            found.taakvelden.append(Entry(code, name, chapter, chapter_name))
    codes = [e.code for e in found.taakvelden]
    if len(codes) < 10:
        raise Iv3Error(
            f"the overview of taakvelden lists {len(codes)} taakvelden, not a whole list"
        )
    if len(set(codes)) != len(codes):
        raise Iv3Error("the overview of taakvelden lists a code twice")
    return found


def write_file(found: Iv3List, path: Path) -> None:
    header = (
        f"# Iv3 taakvelden {found.year} (versie {found.version}), read by `koers read-iv3` "
        f"from {found.source or 'the Iv3-informatievoorschrift'}.\n"
    )
    path.write_text(
        header + yaml.safe_dump(found.as_data(), allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )


def read_file(path: Path) -> Iv3List:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Iv3List(
        int(data["year"]),
        str(data["version"]),
        data.get("published_on"),
        data.get("source", ""),
        [Entry(**e) for e in data["taakvelden"]],
    )


def shipped() -> list[Iv3List]:
    """The editions that come with Koers, oldest first."""
    return sorted((read_file(p) for p in LISTS.glob("iv3-*.yaml")), key=lambda f: f.year)


def install(
    found: Iv3List, list_model: Any, taakveld_model: Any, using: str = "default"
) -> tuple[Any, int]:
    """Store an edition (idempotent: names are brought up to date, nothing is removed, since
    budget lines may be coded with any taakveld). Returns the list and the number of
    taakvelden added. Two queries when nothing changed: it runs after every flush."""
    about = {"published_on": found.published_on, "source": found.source}
    stored, made = list_model.objects.using(using).get_or_create(
        year=found.year, version=found.version, defaults=about
    )
    if not made and any(getattr(stored, k) != v for k, v in about.items()):
        for k, v in about.items():
            setattr(stored, k, v)
        stored.save(using=using)
    existing = {t.code: t for t in taakveld_model.objects.using(using).filter(taakveld_list=stored)}
    new = []
    for order, entry in enumerate(found.taakvelden):
        values = {
            "name": entry.name,
            "chapter": entry.chapter,
            "chapter_name": entry.chapter_name,
            "order": order,
        }
        known = existing.get(entry.code)
        if known is None:
            new.append(taakveld_model(taakveld_list=stored, code=entry.code, **values))
        elif any(getattr(known, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(known, key, value)
            known.save(using=using)
    taakveld_model.objects.using(using).bulk_create(new)
    return stored, len(new)


def in_social_domain(code: str) -> bool:
    return code.split(".")[0] in SOCIAL_DOMAIN_CHAPTERS or code in SOCIAL_DOMAIN_TAAKVELDEN


def applicable(years: list[int], year: int) -> int | None:
    """Which edition codes a budget of `year`: the newest not after it, else the oldest
    (a plan older than every edition Koers has)."""
    if not years:
        return None
    earlier = [y for y in years if y <= year]
    return max(earlier) if earlier else min(years)
