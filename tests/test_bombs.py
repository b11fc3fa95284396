"""Files that unpack to far more than they weigh, and requests larger than Koers reads:
refused early with a message that names the file, and nothing changes."""

import socket
import tracemalloc
import zipfile
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from koers.imports.document import DocumentError, pdf_text
from koers.imports.measurements import ImportFailed, check_workbook
from koers.monitor.models import Measurement

from helpers import run_jobs, user

MB = 1024 * 1024


def pdf(*page_contents: bytes) -> bytes:
    """A minimal PDF whose pages have these content streams, each compressed (Flate)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(page_contents)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(page_contents)} >>".encode())
    for i, content in enumerate(page_contents):
        packed = zlib.compress(content, 9)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * i} 0 R "
            "/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
            ">> >> >> >>".encode()
        )
        objects.append(
            f"<< /Length {len(packed)} /Filter /FlateDecode >>\nstream\n".encode()
            + packed
            + b"\nendstream"
        )
    out = BytesIO(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


TEXT = b"BT /F1 12 Tf 72 720 Td (Thema 6. Meedoen) Tj ET"


def test_an_ordinary_pdf_is_read():
    assert "Thema 6. Meedoen" in pdf_text(pdf(TEXT, TEXT)).text


def test_a_flate_bomb_is_refused_on_its_page_without_reading_it():
    bomb = pdf(TEXT, TEXT + b" " * (40 * MB))
    assert len(bomb) < 100_000
    tracemalloc.start()
    with pytest.raises(DocumentError, match="pagina 2 van de PDF pakt uit tot meer"):
        pdf_text(bomb)
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 120 * MB  # the one stream unpacked once, not its text extracted


def test_many_pages_each_below_the_limit_are_refused_together(monkeypatch):
    from koers.imports import document

    monkeypatch.setattr(document, "MAX_CONTENT", 3 * MB)
    with pytest.raises(DocumentError, match="pagina 3 van de PDF"):
        pdf_text(pdf(*[TEXT + b" " * MB] * 5))


def test_the_job_page_says_why_a_bomb_was_refused(client, heerde):
    client.force_login(user("redacteur", "editor"))
    bomb = BytesIO(pdf(TEXT + b" " * (40 * MB)))
    bomb.name = "begroting.pdf"
    response = client.post("/documenten/importeren/", {"file": bomb, "kind": "auto"})
    run_jobs()
    page = client.get(response.url).content.decode()
    assert "Dit is niet gelukt" in page and "pagina 1 van de PDF" in page


def _workbook(path: Path, shared: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/sharedStrings.xml", shared)
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    return path


def test_a_shared_string_bomb_is_refused_before_openpyxl_reads_it(tmp_path, heerde):
    big = b"<sst><si><t>" + b"a" * (70 * MB) + b"</t></si></sst>"
    bomb = _workbook(tmp_path / "metingen.xlsx", big)
    assert bomb.stat().st_size < 200_000
    before = Measurement.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("import_measurements", str(bomb))
    message = str(refused.value)
    assert "metingen.xlsx" in message and "xl/sharedStrings.xml" in message
    assert Measurement.objects.count() == before


def test_a_file_named_xlsx_that_is_no_workbook_is_named(tmp_path):
    fake = tmp_path / "cijfers.xlsx"
    fake.write_text("indicator;gebied\n")
    with pytest.raises(ImportFailed) as refused:
        check_workbook(fake)
    assert str(refused.value) == f"{fake}: geen Excel-werkmap (.xlsx)"


def _send_head(url: str, path: str, length: int, body: bytes) -> bytes:
    """Headers that announce `length` bytes, then only `body`: the answer must come before
    the rest would have been sent."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n\r\n".encode()
            + body
        )
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
        return answer


@pytest.mark.django_db(transaction=True)
def test_a_request_larger_than_koers_reads_is_refused_unread(live_server):
    answer = _send_head(live_server.url, "/api/v1/measurements/bulk/", 200 * MB, b"{")
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_the_413_says_the_limit_in_words(client, db):
    response = client.post(
        "/documenten/importeren/", data=b"x", content_type="text/plain", CONTENT_LENGTH=str(50 * MB)
    )
    assert response.status_code == 413
    assert "Koers neemt bestanden aan tot 21 MB" in response.content.decode()
