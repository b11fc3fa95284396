"""The formats of a progress report, each rendered from the report's content."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from koers.reports import structure


@dataclass(frozen=True)
class Format:
    code: str
    label: str
    content_type: str


FORMATS = {
    f.code: f
    for f in [
        Format("pdf", "PDF", "application/pdf"),
        Format(
            "docx",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        Format(
            "xlsx", "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
        Format("html", "HTML", "text/html; charset=utf-8"),
        Format("csv", "CSV", "text/csv; charset=utf-8"),
        Format("json", "JSON", "application/json"),
    ]
}


def download_links(name: str, args: list[Any], query: str = "") -> list[tuple[str, str]]:
    """(format name, address) of every format, for the download buttons."""
    from django.urls import reverse

    return [(f.label, reverse(name, args=[*args, f.code]) + query) for f in FORMATS.values()]


def render(content: structure.Report, code: str) -> bytes:
    """The report in one format, as the bytes of its file."""
    return _renderers()[code](content)


def _renderers() -> dict[str, Callable[[structure.Report], bytes]]:
    # Imported when used: WeasyPrint and python-docx are not needed to serve the pages.
    from koers.reports.formats import excel, html, opendata, pdf, word

    return {
        "html": lambda content: html.render_html(content).encode(),
        "pdf": pdf.render_pdf,
        "docx": word.render_docx,
        "xlsx": excel.render_xlsx,
        "csv": opendata.render_csv,
        "json": opendata.render_json,
    }
