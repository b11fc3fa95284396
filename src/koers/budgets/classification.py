"""Taakvelden as plans name them: a code ("6.1") read in the edition of the Iv3 list that
applies to the plan's year, or a code with its edition ("6.2 (Iv3 2025)") where a line was
coded with another one."""

import re

from koers.budgets import iv3
from koers.budgets.models import Taakveld, TaakveldList

_NAMED = re.compile(r"^\s*(\d\.\d{1,3})\b(?:.*?\(\s*Iv3\s+(\d{4})\s*\))?", re.IGNORECASE)


class Editions:
    """Every stored edition with its taakvelden, read by one query."""

    def __init__(self) -> None:
        self.by_code: dict[tuple[int, str], Taakveld] = {}
        self.newest: dict[int, TaakveldList] = {}  # per year, its newest version
        for taakveld in Taakveld.objects.select_related("taakveld_list").order_by(
            "taakveld_list__year", "taakveld_list__version", "order"
        ):
            edition = taakveld.taakveld_list
            self.newest[edition.year] = edition
            self.by_code[(edition.pk, taakveld.code)] = taakveld
        for edition in TaakveldList.objects.exclude(pk__in=[e.pk for e in self.newest.values()]):
            self.newest.setdefault(edition.year, edition)
        self.year_of = {e.pk: e.year for e in self.newest.values()}

    def applicable(self, year: int) -> TaakveldList | None:
        """The edition that codes a budget of `year` (`iv3.applicable`)."""
        chosen = iv3.applicable(sorted(self.newest), year)
        return None if chosen is None else self.newest[chosen]

    def choices(self, year: int) -> list[Taakveld]:
        edition = self.applicable(year)
        return [t for (pk, _code), t in self.by_code.items() if edition and pk == edition.pk]

    def find(self, name: str, year: int) -> Taakveld | None:
        """The taakveld a plan of `year` names; None when the name is no code of that edition."""
        match = _NAMED.match(name)
        if match is None:
            return None
        code, stated = match.groups()
        edition = self.newest.get(int(stated)) if stated else self.applicable(year)
        return None if edition is None else self.by_code.get((edition.pk, code))

    def label(self, taakveld: Taakveld, year: int) -> str:
        """What `find` reads back as this taakveld for a plan of `year`."""
        edition = self.applicable(year)
        if edition is not None and edition.pk == taakveld.taakveld_list_id:
            return taakveld.code
        stated = self.year_of.get(taakveld.taakveld_list_id) or taakveld.taakveld_list.year
        return f"{taakveld.code} (Iv3 {stated})"
