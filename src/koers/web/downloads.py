"""A table of a page as a download: CSV (`;`, with a byte-order mark so that Excel reads
UTF-8) or Excel. Text never becomes a formula (`koers.cells`)."""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

import openpyxl
from django.http import HttpResponse

from koers.cells import csv_cell, text_cells

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def table_download(
    headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, name: str, sheet: str
) -> HttpResponse:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([csv_cell(cell) for cell in row])
        data, content_type = ("\ufeff" + out.getvalue()).encode(), "text/csv; charset=utf-8"
    else:
        book = openpyxl.Workbook()
        table = book.active
        table.title = sheet[:31]
        table.append(list(headers))
        for row in rows:
            table.append(list(row))
        text_cells(cell for line in table.iter_rows() for cell in line)
        # In memory: the workbook is the response body, nothing is written to disk.
        out_bytes = io.BytesIO()
        book.save(out_bytes)
        data, content_type = out_bytes.getvalue(), XLSX
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
