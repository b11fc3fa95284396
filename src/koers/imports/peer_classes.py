"""Comparable municipalities by classification: the municipalities that a CBS table puts in
the same classes as the plan's municipality (size class, urbanity, ...), read from a
StatLine TypedDataSet CSV like every other CBS table (docs/comparable-municipalities.md)."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from koers.monitor.peer_groups import Member


class ClassesError(ValueError):
    """The file cannot give the classes; the message names the file and the column."""


@dataclass(frozen=True)
class Classified:
    members: list[Member]
    classes: dict[str, str]  # the municipality's own value per column
    period: str


def same_classes(
    path: Path,
    municipality: str,
    columns: list[str],
    *,
    key: str = "RegioS",
    names: str = "",
    period: str = "",
) -> Classified:
    """The municipalities with the same value as `municipality` in every one of `columns`
    (in the newest period, or `period`, where the table has periods)."""
    rows: dict[str, dict[str, dict[str, str]]] = {}  # period -> code -> cells
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream, delimiter=";")
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in [key, *columns, *([names] if names else [])] if c not in header]
        if missing:
            raise ClassesError(
                _("%(file)s: the column %(column)s is not in the file")
                % {"file": path.name, "column": ", ".join(missing)}
            )
        for cells in reader:
            cells = {k.strip(): (v or "").strip() for k, v in cells.items() if k}
            code = cells[key].upper()
            if code.startswith("GM"):
                rows.setdefault(cells.get("Perioden", ""), {})[code] = cells
    with_own = sorted(p for p, found in rows.items() if municipality in found)
    if not with_own or (period and period not in with_own):
        raise ClassesError(
            _("%(file)s: no row for %(code)s%(period)s")
            % {
                "file": path.name,
                "code": municipality,
                "period": f" ({period})" if period else "",
            }
        )
    chosen = period or with_own[-1]
    table = rows[chosen]
    classes = {c: table[municipality][c] for c in columns}
    empty = [c for c, value in classes.items() if not value]
    if empty:
        raise ClassesError(
            _("%(file)s: %(code)s has no value in %(column)s")
            % {"file": path.name, "code": municipality, "column": ", ".join(empty)}
        )
    members = [
        Member(code, cells.get(names, "") if names else "")
        for code, cells in sorted(table.items())
        if code != municipality and all(cells[c] == v for c, v in classes.items())
    ]
    return Classified(members, classes, chosen)
