"""All actions of a plan, filtered, and the filtered list as CSV and Excel."""

import csv
import html
import io
from datetime import date

import openpyxl
import pytest
from django.test import Client

from koers.plans.models import Action, Partner

from helpers import plan_url

pytestmark = pytest.mark.django_db
ON = "2024-06-01"


def _list(client: Client, **params) -> str:
    response = client.get(plan_url("web:actions"), {"peildatum": ON, **params})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _shown(page: str) -> set[int]:
    return {a.pk for a in Action.objects.all() if f"/actie/{a.pk}/" in page}


def test_every_action_is_listed_and_the_filters_narrow_it(heerde):
    client = Client()
    everything = _shown(_list(client))
    assert everything == set(Action.objects.values_list("pk", flat=True))
    assert _shown(_list(client, opgave="6.3")) == set(
        Action.objects.filter(ambition__task__code="6.3").values_list("pk", flat=True)
    )
    ggd = Partner.objects.get(name__startswith="GGD")
    involved = set(Action.objects.filter(partners=ggd).values_list("pk", flat=True)) | set(
        Action.objects.filter(owner=ggd).values_list("pk", flat=True)
    )
    assert involved and _shown(_list(client, organisatie=ggd.name)) == involved
    in_2024 = {a.pk for a in Action.objects.all() if a.deadline and a.deadline.year == 2024}
    assert in_2024 and _shown(_list(client, jaar="2024")) >= in_2024
    assert "0 acties getoond." in _list(client, opgave="6.1", thema="3")


def test_late_only_shows_the_late_actions(heerde):
    client = Client()
    Action.objects.update(deadline=None, planned_start=None)
    Action.objects.filter(ambition__task__code="6.2").update(deadline=date(2024, 1, 31))
    page = _list(client, te_laat="1")
    late = set(Action.objects.filter(ambition__task__code="6.2").values_list("pk", flat=True))
    assert _shown(page) == late
    assert page.count("te laat</span>") >= len(late)


def test_the_filtered_list_downloads_as_csv_and_excel(heerde):
    client = Client()
    Action.objects.filter(ambition__task__code="6.2").update(text='=HYPERLINK("x")')
    response = client.get(plan_url("web:actions"), {"opgave": "6.2", "formaat": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Thema", "Opgave", "Actie"]
    count = Action.objects.filter(ambition__task__code="6.2").count()
    assert len(rows) == 1 + count and {r[1] for r in rows[1:]} == {"6.2"}
    assert {r[3] for r in rows[1:]} == {'\'=HYPERLINK("x")'}  # text, never a formula
    book = client.get(plan_url("web:actions"), {"opgave": "6.2", "formaat": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(book.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 1 + count and values[1][1] == "6.2"
    assert all(cell.data_type == "s" for cell in sheet["D"][1:])
