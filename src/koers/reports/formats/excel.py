"""The report as an Excel workbook: a summary, one sheet per programme, the indicators,
every figure and the budget. Numbers are numbers, statuses text; each sheet has a frozen
header row and filters, so that a controller can sort and total without retyping.
"""

import io
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from koers.cells import text_cells
from koers.reports import structure
from koers.reports.formats.opendata import tasks_of
from koers.reports.formats.text import flow

EURO = '"€" #,##0.00'
DATE = "DD-MM-YYYY"


def render_xlsx(content: structure.Report) -> bytes:
    with translation.override(content["language"]):
        book = _workbook(content)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _euro(cents: int | None) -> float | None:
    return None if cents is None else cents / 100


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _sheet_name(title: str, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "-", title)[:31]
    base, n = name, 2
    while name in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name)
    return name


def _fill(sheet: Any, header: list[tuple[str, int, str | None]], rows: list[list[Any]]) -> None:
    """Header row (text, width, number format per column), rows, frozen header, filters."""
    sheet.append([title for title, _width, _format in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        text_cells(sheet[sheet.max_row])
    for i, (_title, width, number_format) in enumerate(header, start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = width
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _workbook(r: structure.Report) -> Workbook:
    book = Workbook()
    book.properties.title = r["title"]
    book.properties.creator = "Koers"
    book.properties.language = r["language"]
    taken: set[str] = set()
    _overview(book.active, r, taken)
    summary = book.create_sheet(_sheet_name(_("Status per task"), taken))
    rows = []
    for theme in r["summary"]["themes"]:
        for task in theme["tasks"]:
            a, b = task["actions"], task["budget"]
            rows.append(
                [
                    f"{theme['chapter']}. {theme['title']}",
                    task["code"],
                    task["title"],
                    task["status_label"],
                    task["status"],
                    a["total"],
                    a["done"],
                    a["on_schedule"],
                    a["late"],
                    a["not_started"],
                    a["cancelled"],
                    _euro(b["planned_cents"]),
                    _euro(b["reserved_cents"]),
                    _euro(b["spent_cents"]),
                ]
            )
    _fill(
        summary,
        [
            (_("Theme"), 28, None),
            (_("Task"), 8, None),
            (_("Title"), 45, None),
            (_("Status"), 18, None),
            (_("Status code"), 14, None),
            (_("Actions"), 9, None),
            (_("done"), 9, None),
            (_("on schedule"), 11, None),
            (_("late"), 9, None),
            (_("not started"), 11, None),
            (_("cancelled"), 11, None),
            (_("planned"), 14, EURO),
            (_("already reserved"), 14, EURO),
            (_("spent"), 14, EURO),
        ],
        rows,
    )
    for programme in r["programmes"]:
        sheet = book.create_sheet(_sheet_name(programme["title"], taken))
        _fill(sheet, _programme_header(), _programme_rows(r, programme["id"]))
    _fill(
        book.create_sheet(_sheet_name(_("Indicators"), taken)),
        _indicator_header(),
        _indicator_rows(r),
    )
    _fill(book.create_sheet(_sheet_name(_("Figures"), taken)), _figure_header(), _figure_rows(r))
    _fill(book.create_sheet(_sheet_name(_("Budget"), taken)), _budget_header(), _budget_rows(r))
    return book


def _overview(sheet: Any, r: structure.Report, taken: set[str]) -> None:
    """The bestuurlijke samenvatting as text, one paragraph per row, then overdue figures."""
    sheet.title = _sheet_name(_("Summary for the council"), taken)
    sheet.column_dimensions["A"].width = 110
    sheet.append([r["title"]])
    sheet["A1"].font = Font(bold=True, size=14)
    overview = r["overview"]
    blocks: list[tuple[str, list[str]]] = []
    if overview["key_message"]:
        blocks.append((_("Key message"), [p for p, _listed in flow(overview["key_message"])]))
    blocks.append((_("In brief"), [f"{r['status_label']}: {r['reason']}", *overview["points"]]))
    for heading, lines in blocks:
        sheet.append([])
        sheet.append([heading])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        for line in lines:
            sheet.append([line])
            text_cells(sheet[sheet.max_row])
    if overview["overdue"]:
        sheet.append([])
        sheet.append([_("Figures that are overdue")])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.append(
            [_("Indicator"), _("Expected figure"), _("Expected around"), _("Latest known")]
        )
        for f in overview["overdue"]:
            sheet.append(
                [f"{f['task']} {f['name']}", f["period"], _day(f["due"]), f["latest_period"]]
            )
            text_cells(sheet[sheet.max_row])
            sheet.cell(sheet.max_row, 3).number_format = DATE
        for letter, width in (("B", 16), ("C", 16), ("D", 14)):
            sheet.column_dimensions[letter].width = width


def _programme_header() -> list[tuple[str, int, str | None]]:
    return [
        (_("Task"), 8, None),
        (_("Ambition"), 9, None),
        (_("Kind"), 10, None),
        (_("No."), 8, None),
        (_("Text"), 60, None),
        (_("Status"), 16, None),
        (_("Status code"), 14, None),
        (_("Reason"), 40, None),
        (_("Owner"), 18, None),
        (_("Deadline"), 12, DATE),
        (_("Progress (%)"), 12, None),
        (_("Date of the latest note"), 14, DATE),
        (_("Latest note"), 50, None),
    ]


def _programme_rows(r: structure.Report, programme_id: int) -> list[list[Any]]:
    rows = []
    for task in tasks_of(r):
        for ambition in task["programme_ambitions"]:
            if ambition["programme_id"] != programme_id:
                continue
            for a in ambition["actions"]:
                note: Mapping[str, Any] = a["latest_note"] or {}
                rows.append(
                    [
                        task["code"],
                        ambition["number"],
                        _("action"),
                        a["code"],
                        a["text"],
                        a["status_label"],
                        a["status"],
                        a["reason"],
                        a["owner"],
                        _day(a["deadline"]),
                        a["progress"],
                        _day(note.get("date")),
                        note.get("text"),
                    ]
                )
            for res in ambition["results"]:
                rows.append(
                    [
                        task["code"],
                        ambition["number"],
                        _("result"),
                        res["code"],
                        res["text"],
                        res["status_label"],
                        res["status"],
                        res["reason"],
                        None,
                        None,
                        None,
                        _day(res["achieved_on"]),
                        res["evidence"] or None,
                    ]
                )
    return rows


def _indicator_header() -> list[tuple[str, int, str | None]]:
    return [
        (_("Task"), 8, None),
        (_("Code"), 30, None),
        (_("Name"), 40, None),
        (_("Unit"), 10, None),
        (_("Latest value"), 12, None),
        (_("Period"), 10, None),
        (_("Baseline"), 12, None),
        (_("Period of the baseline"), 12, None),
        (_("Target"), 30, None),
        (_("Status"), 18, None),
        (_("Status code"), 14, None),
        (_("Reason"), 50, None),
        (_("Source"), 30, None),
    ]


def _indicator_rows(r: structure.Report) -> list[list[Any]]:
    rows = []
    for task in tasks_of(r):
        for i in task["indicators"]:
            latest: Mapping[str, Any] = i["latest"] or {}
            base: Mapping[str, Any] = i["baseline"] or {}
            rows.append(
                [
                    task["code"],
                    i["code"],
                    i["name"],
                    i["unit_label"],
                    latest.get("value"),
                    latest.get("period"),
                    base.get("value"),
                    base.get("period"),
                    i["target"],
                    i["status_label"],
                    i["status"],
                    i["reason"],
                    i["source"],
                ]
            )
    return rows


def _figure_header() -> list[tuple[str, int, str | None]]:
    return [
        (_("Task"), 8, None),
        (_("Indicator"), 30, None),
        (_("Area"), 28, None),
        (_("Period"), 10, None),
        (_("Value"), 12, None),
        (_("Margin"), 10, None),
        (_("provisional"), 10, None),
        (_("Source"), 40, None),
    ]


def _figure_rows(r: structure.Report) -> list[list[Any]]:
    return [
        [
            task["code"],
            i["code"],
            m["area_name"],
            m["period"],
            m["value"],
            m["margin"],
            _("yes") if m["provisional"] else _("no"),
            m["source"],
        ]
        for task in tasks_of(r)
        for i in task["indicators"]
        for m in i["measurements"]
    ]


def _budget_header() -> list[tuple[str, int, str | None]]:
    return [
        (_("Task"), 8, None),
        (_("Programme"), 30, None),
        (_("Resource or capacity"), 30, None),
        (_("Explanation"), 50, None),
        (_("Amount"), 14, EURO),
        (_("already reserved elsewhere"), 12, None),
        (_("spent"), 14, EURO),
        (_("Kind"), 14, None),
        (_("Funding source"), 40, None),
        (_("Taakveld"), 10, None),
        (_("Name of the taakveld"), 36, None),
    ]


def _budget_rows(r: structure.Report) -> list[list[Any]]:
    return [
        [
            task["code"],
            line["programme"],
            line["resource"],
            line["description"],
            _euro(line["amount_cents"]),
            _("yes") if line["reserved_elsewhere"] else _("no"),
            _euro(line["spent_cents"]),
            line["kind_label"],
            line["funding_source"],
            line.get("taakveld", ""),
            line.get("taakveld_name", ""),
        ]
        for task in tasks_of(r)
        for line in task["budget_lines"]
    ]
