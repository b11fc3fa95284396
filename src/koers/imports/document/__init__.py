"""Reading policy documents (kaderdocument, uitvoeringsprogramma, programmabegroting) from
their text or PDF.

`read_document` turns the text into a draft in the export format (docs/export-format.md)
with the reader's doubts and, for a framework, the figures found in "Waar staan we?".
`text` removes the marks of PDF extraction; `framework`, `programme` and
`programme_budget` read the structure;
`apply` compares a draft with the database and adds what is new. See
docs/document-import.md.
"""

import io
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.imports.document.annual_accounts import read_accounts
from koers.imports.document.framework import SECTIONS, FrameworkReader
from koers.imports.document.pointers import take_lines
from koers.imports.document.programme import GOALS, TABLE_HEADER, ProgrammeReader
from koers.imports.document.programme_budget import (
    LOOKING_BACK,
    ProgrammeBudgetReader,
    looks_like_budget,
)

KINDS = ("framework", "programme", "budget", "accounts")
KIND_LABELS = {
    "framework": gettext_lazy("framework (kaderdocument)"),
    "programme": gettext_lazy("programme (uitvoeringsprogramma)"),
    "budget": gettext_lazy("programme budget (programmabegroting)"),
    "accounts": gettext_lazy("annual account (jaarstukken)"),
}


@dataclass
class Draft:
    kind: str  # framework or programme
    document: dict[str, Any]
    doubts: list[dict[str, Any]]
    candidates: list[dict[str, Any]] = field(default_factory=list)
    # The line of the source each item was read from, by the item's JSON pointer
    # ("/frameworks/0/themes/2"): the review links an item and its text both ways.
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def shape(self) -> str:
        """The export shape of the document: a programme budget is a framework with its
        programmes; an annual account is progress on a plan, no plan of its own."""
        return {"programme": "programme", "accounts": "accounts"}.get(self.kind, "framework")


class DocumentError(ValueError):
    """A file that cannot be read as a policy document."""


def detect_kind(raw: str) -> str:
    """A programme budget has programme headings with goals after them; a programme its
    table or "Wat willen we bereiken?"; a framework its sections."""
    lines = [line.strip() for line in raw.splitlines()]
    if looks_like_budget([line for line in lines if line]):
        return "accounts" if any(LOOKING_BACK.match(line) for line in lines) else "budget"
    programme = sum(bool(TABLE_HEADER.search(t) or GOALS.match(t)) for t in lines)
    framework = sum(
        bool(SECTIONS["situation"].match(t) or SECTIONS["show"].match(t)) for t in lines
    )
    return "programme" if programme > framework else "framework"


def read_document(raw: str, kind: str = "auto", partners: Sequence[str] = ()) -> Draft:
    """The draft a document's text gives, as a framework or a programme; `partners` are the
    names of the partners Koers holds, which a programme's actions may mention."""
    if kind == "auto":
        kind = detect_kind(raw)
    if kind == "framework":
        reader = FrameworkReader(raw)
        document, doubts = reader.read()
        return Draft(kind, document, doubts, reader.candidates, take_lines(document))
    if kind == "programme":
        document, doubts = ProgrammeReader(raw, partners).read()
        return Draft(kind, document, doubts, lines=take_lines(document))
    if kind == "budget":
        document, doubts = ProgrammeBudgetReader(raw, partners).read()
        return Draft(kind, document, doubts, lines=take_lines(document))
    if kind == "accounts":
        accounts, doubts = read_accounts(raw, partners)
        return Draft(kind, accounts, doubts)
    raise DocumentError(
        _("kind must be auto, framework, programme, budget or accounts, not %(kind)r")
        % {"kind": kind}
    )


@dataclass
class SourceText:
    """A document's text, and for a PDF the line each page starts on."""

    text: str
    page_starts: list[int] | None = None

    def where(self, line: int) -> str:
        if not self.page_starts:
            return _("line %(line)d") % {"line": line}
        page = sum(1 for start in self.page_starts if start <= line)
        return _("page %(page)d, line %(line)d") % {"page": page, "line": line}


# What a policy document holds, with a wide margin (a 137-page programme budget: 8 MB of
# page content, 0.4 MB on its fullest page). A PDF beyond these is refused, not read: a
# few kilobytes can unpack to gigabytes (a "flate bomb").
MAX_PAGES = 1500
MAX_PAGE_CONTENT = 8 * 1024 * 1024
MAX_CONTENT = 150 * 1024 * 1024


def pdf_text(data: bytes) -> SourceText:
    """The text layer of a PDF in reading order, page after page.

    Blank lines are restored from the vertical gaps between lines (text extraction drops
    them), because paragraphs and table cells are told apart by them. Pages are joined by a
    line break only: a page break inside a paragraph is no paragraph break.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) > MAX_PAGES:
            raise DocumentError(
                _("the PDF has %(pages)d pages; Koers reads documents of at most %(max)d")
                % {"pages": len(reader.pages), "max": MAX_PAGES}
            )
        pages, content = [], 0
        for number, page in enumerate(reader.pages, start=1):
            size = _content_size(page)
            content += size
            if size > MAX_PAGE_CONTENT or content > MAX_CONTENT:
                raise DocumentError(
                    _(
                        "page %(page)d of the PDF unpacks to more than a document holds "
                        "(%(size)d MB); it was not read"
                    )
                    % {"page": number, "size": max(size, content) // 2**20}
                )
            pages.append(_page_text(page))
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise DocumentError(_("not a readable PDF: %(error)s") % {"error": error}) from error
    starts, line = [], 1
    for page in pages:
        starts.append(line)
        line += page.count("\n") + 1
    return SourceText("\n".join(pages), starts)


def _content_size(page: Any) -> int:
    """The unpacked size of a page's content; pypdf stops a single stream at 75 MB."""
    contents = page.get_contents()
    return len(contents.get_data()) if contents is not None else 0


def _page_text(page: Any) -> str:
    lines: list[list[Any]] = []  # [text, baseline height]

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, _size: Any) -> None:
        y = tm[5] * cm[3] + cm[5]
        for k, piece in enumerate(text.split("\n")):
            if piece and (k > 0 or not lines or abs(lines[-1][1] - y) > 1):
                lines.append([piece, y])
            elif piece:
                lines[-1][0] += piece

    page.extract_text(visitor_text=visit)
    gaps = [round(a[1] - b[1], 1) for a, b in itertools.pairwise(lines) if a[1] > b[1]]
    step = Counter(gaps).most_common(1)[0][0] if gaps else 0
    out: list[str] = []
    for k, (text, y) in enumerate(lines):
        if k and step:
            gap = lines[k - 1][1] - y
            # A larger step down is a blank line; a step up is the next column or box.
            blanks = 1 if gap < 0 else min(max(round(gap / step) - 1, 0), 2)
            out += [""] * blanks
        out.append(text)
    return "\n".join(out)


def readable(name: str, start: bytes) -> bool:
    """Whether a file of this name, beginning with these bytes, is one Koers reads."""
    return start[:5] == b"%PDF-" or Path(name).suffix.lower() in {".pdf", ".txt", ".text", ""}


def source_text(name: str, data: bytes) -> SourceText:
    """The text of an uploaded or given file: .txt (UTF-8 or Windows-1252) or .pdf."""
    if not readable(name, data):
        raise DocumentError(_("%(name)s: only .txt and .pdf files can be read") % {"name": name})
    if Path(name).suffix.lower() == ".pdf" or data[:5] == b"%PDF-":
        return pdf_text(data)
    try:
        return SourceText(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return SourceText(data.decode("cp1252", errors="replace"))
