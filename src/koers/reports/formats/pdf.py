"""The report as a tagged PDF (WeasyPrint), with the document's language and title set."""

from koers.reports import structure
from koers.reports.formats.html import render_html


def render_pdf(content: structure.Report) -> bytes:
    from weasyprint import HTML

    # Tags make the PDF readable by screen readers; WeasyPrint takes the title from
    # <title> and the language from <html lang>.
    document = HTML(string=render_html(content), base_url=None)
    return document.write_pdf(pdf_tags=True)
