"""BBV taakvelden: the Iv3 list read from the ministry's PDF, budget lines and tasks on
taakvelden (through the services), the page a controller reconciles with the begroting,
and the codes in the downloads and the export format."""

import copy
import csv
import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from koers.budgets import iv3
from koers.budgets.classification import Editions
from koers.budgets.models import BudgetLine, ProgrammeAmount, Taakveld, TaakveldList, TaskTaakveld
from koers.budgets.services import classify_line, record_spending, set_task_taakvelden
from koers.imports.datafiles import DEMO_DATA, read_data_dir
from koers.imports.document import Draft, pdf_text
from koers.imports.document.apply import apply_import, plan_import
from koers.imports.document.programme import read_programme
from koers.imports.exporter import export_document
from koers.imports.loader import load_document
from koers.plans.models import Programme, Task

from helpers import plan_url, user

IV3_PDF = (
    Path(__file__).resolve().parents[2]
    / "shared/data/bbv/Iv3-informatievoorschrift-gemeenten-en-gr-en-2026-1-0.pdf"
)

# Chapter 6 of the 2026 list as printed on page 8 of the PDF, typed over by hand.
SOCIAL_DOMAIN_2026 = [
    "6.1", "6.21", "6.22", "6.23", "6.3", "6.4", "6.5", "6.60", "6.711", "6.712", "6.713",
    "6.714", "6.751", "6.752", "6.753", "6.761", "6.762", "6.763", "6.791", "6.792", "6.811",
    "6.812", "6.821", "6.822", "6.91", "6.92",
]  # fmt: skip


@pytest.fixture(scope="module")
def iv3_text() -> str:
    return pdf_text(IV3_PDF.read_bytes()).text


def test_the_2026_list_is_read_from_the_ministry_pdf(iv3_text):
    found = iv3.read_list(iv3_text, source=IV3_PDF.name)
    assert (found.year, found.version, found.published_on) == (2026, "1.0", date(2025, 10, 27))
    codes = [e.code for e in found.taakvelden]
    assert len(codes) == 69
    assert [c for c in codes if c.startswith("6.")] == SOCIAL_DOMAIN_2026
    # 0.10 follows 0.9 and is not 0.1; chapters come with their names.
    assert codes[codes.index("0.9") + 1] == "0.10"
    first = {e.code: e for e in found.taakvelden}
    assert first["6.1"].name == "Samenkracht en burgerparticipatie"
    assert first["6.812"].name == "Maatschappelijke- en vrouwenopvang (Wmo)"
    assert (first["7.1"].chapter, first["7.1"].chapter_name) == ("7", "Volksgezondheid en milieu")
    assert first["0.11"].name == "Resultaat van de rekening van baten en lasten"


def test_the_shipped_file_holds_what_the_pdf_says(iv3_text):
    shipped = {f.year: f for f in iv3.shipped()}[2026]
    assert shipped.as_data() == iv3.read_list(iv3_text, source=IV3_PDF.name).as_data()


# An earlier edition as `pdftotext -layout` gives it: wide gaps, the table of contents
# first, a running header inside the list, and the list of categories after it.
EARLIER_EDITION = """\
Iv3 - Informatievoorschrift
Verslagjaar 2025
12 november 2024 versie: 1.2
Inhoudsopgave
3      Overzicht Iv3-taakvelden Gemeenten en Gemeenschappelijke regelingen ........... 7
6.     SOCIAAL DOMEIN ......................................................... 29

3        Overzicht Iv3-taakvelden Gemeenten en Gemeenschappelijke regelingen

0.         Bestuur en ondersteuning
0.1        Bestuur
0.2        Burgerzaken
0.3        Beheer overige gebouwen en gronden
0.4        Overhead
0.5        Treasury
0.10       Mutaties reserves

Iv3-Informatievoorschrift-2025 Gemeenten en Gemeenschappelijke regelingen (v1.2)   blad 7 van 80
6.         Sociaal domein
6.1        Samenkracht en burgerparticipatie
6.2        Toegang en eerstelijnsvoorzieningen
6.3        Inkomensregelingen
6.71       Maatwerkdienstverlening 18+

4        Overzicht Iv3-categorieën Gemeenten en Gemeenschappelijke regelingen
1.         Salarissen en sociale lasten
1.1        Salarissen en sociale lasten
"""


def test_an_earlier_edition_in_another_layout():
    found = iv3.read_list(EARLIER_EDITION)
    assert (found.year, found.version, found.published_on) == (2025, "1.2", date(2024, 11, 12))
    assert [e.code for e in found.taakvelden] == [
        "0.1", "0.2", "0.3", "0.4", "0.5", "0.10", "6.1", "6.2", "6.3", "6.71",
    ]  # fmt: skip
    assert found.taakvelden[7].name == "Toegang en eerstelijnsvoorzieningen"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Verslagjaar 2025\nHoofdstuk 1\n0.1 Bestuur\n", "Overzicht Iv3-taakvelden"),
        ("Iv3\n3 Overzicht Iv3-taakvelden\n0. Bestuur\n0.1 Bestuur\n", "year"),
        ("Verslagjaar 2025\n3 Overzicht Iv3-taakvelden\n0. Bestuur\n0.1 Bestuur\n", "not a whole"),
        (
            "Verslagjaar 2025\n3 Overzicht Iv3-taakvelden\n0. Bestuur\n6.1 Samenkracht\n",
            "chapter 0",
        ),
    ],
)
def test_a_text_without_a_whole_list_is_refused(text, message):
    with pytest.raises(iv3.Iv3Error, match=message):
        iv3.read_list(text)


def test_the_command_writes_a_data_file_and_installs_it(db, tmp_path):
    output = tmp_path / "iv3.yaml"
    call_command("read_iv3", str(IV3_PDF), "-o", str(output), "--install", verbosity=0)
    first = iv3.read_file(output).as_data()["taakvelden"][0]
    assert first == {
        "code": "0.1", "name": "Bestuur", "chapter": "0",
        "chapter_name": "Bestuur en ondersteuning",
    }  # fmt: skip
    # `migrate` installed the same edition: the command adds nothing.
    assert TaakveldList.objects.count() == 1
    assert Taakveld.objects.filter(taakveld_list__year=2026).count() == 69


@pytest.fixture
def edition_2025(db):
    earlier = iv3.read_list(EARLIER_EDITION)
    stored, added = iv3.install(earlier, TaakveldList, Taakveld)
    assert added == 10
    return stored


@pytest.fixture
def edition_2027(db):
    """A later edition (made up from the earlier one's text): a line coded with it keeps it."""
    stored, _added = iv3.install(
        iv3.read_list(EARLIER_EDITION.replace("2025", "2027")), TaakveldList, Taakveld
    )
    return stored


def test_codes_are_read_in_the_edition_of_the_plans_year(edition_2025):
    editions = Editions()
    assert editions.applicable(2025) == edition_2025
    assert editions.applicable(2026).year == 2026
    assert editions.applicable(2031).year == 2026
    assert editions.applicable(2019) == edition_2025  # older than every edition: the oldest
    assert editions.find("6.2", 2025).name == "Toegang en eerstelijnsvoorzieningen"
    assert editions.find("6.2", 2026) is None  # split into 6.21-6.23 in 2026
    assert editions.find("6.21 Toegang Wmo", 2026).code == "6.21"
    stated = editions.find("6.2 (Iv3 2025)", 2026)
    assert stated.taakveld_list == edition_2025
    assert editions.label(stated, 2026) == "6.2 (Iv3 2025)"
    assert editions.label(stated, 2025) == "6.2"
    assert editions.find("zes punt een", 2026) is None


def _line(code: str) -> BudgetLine:
    return BudgetLine.objects.get(task__code=code, amount_cents__isnull=False)


def test_the_heerde_lines_and_tasks_are_on_taakvelden(heerde):
    assert _line("6.1").taakveld.code == "6.1"
    assert _line("6.3").taakveld.code == "4.3"
    assert sorted(t.code for t in Task.objects.get(code="5.2").taakvelden.all()) == [
        "6.23",
        "6.812",
    ]
    assert TaskTaakveld.objects.count() == 44


def test_an_editor_of_the_theme_classifies_lines_and_tasks(heerde):
    editor = user("redacteur", "editor", themes=["6"])
    line = _line("6.4")
    wmo = Taakveld.objects.get(code="6.21")
    classify_line(editor, line, wmo)
    line.refresh_from_db()
    assert line.taakveld == wmo
    last = line.history.latest()
    assert (last.history_user, last.history_change_reason) == (editor, "taakveld")

    task = Task.objects.get(code="6.4")
    set_task_taakvelden(editor, task, [wmo, Taakveld.objects.get(code="6.1")])
    assert sorted(t.code for t in task.taakvelden.all()) == ["6.1", "6.21"]
    set_task_taakvelden(editor, task, [wmo])
    assert [t.code for t in task.taakvelden.all()] == ["6.21"]
    # 6.21 added, then 6.1 removed (the load's own link has no history row of its own).
    history = TaskTaakveld.history.filter(task=task).order_by("history_date")
    assert [(h.history_type, h.taakveld.code, h.history_user) for h in history] == [
        ("+", "6.21", editor),
        ("-", "6.1", editor),
    ]


def test_classifying_is_refused_outside_the_theme_and_the_edition(heerde, edition_2027):
    line = _line("6.1")
    other = user("ander", "editor", themes=["3"])
    viewer = user("lezer", "viewer")
    wmo = Taakveld.objects.get(code="6.21", taakveld_list__year=2026)
    for person in (other, viewer):
        with pytest.raises(PermissionDenied):
            classify_line(person, line, wmo)
        with pytest.raises(PermissionDenied):
            set_task_taakvelden(person, line.task, [wmo])
    editor = user("redacteur", "editor", themes=["6"])
    later = Taakveld.objects.get(code="6.2", taakveld_list=edition_2027)
    with pytest.raises(ValidationError, match="Iv3 2026"):
        classify_line(editor, line, later)  # the programme of 2023-2024 is coded with 2026's list
    line.refresh_from_db()
    assert line.taakveld.code == "6.1"


def _euros(html: str) -> list[str]:
    return [part.split("<")[0] for part in html.split("€ ")[1:]]


def test_the_controllers_page_adds_up_with_the_programme_page(client, heerde):
    programme = Programme.objects.get()
    on = f"?peildatum={programme.start_year}-12-31"
    record_spending(
        user("boekhouder", "editor", themes=["6"]),
        _line("6.3"),
        spent_on=date(2023, 5, 1),
        amount_cents=123_400,
    )
    page = client.get(plan_url("web:finances") + on).content.decode()
    programme_page = client.get(plan_url("web:programme", programme.pk) + on).content.decode()
    total = page.split('id="per-taakveld"')[1].split("<tfoot>")[1].split("</tfoot>")[0]
    programme_total = programme_page.split("Budget per opgave</caption>")[1].split("<tfoot>")[1]
    programme_total = programme_total.split("</tfoot>")[0]
    assert _euros(total) == _euros(programme_total) == ["21.500,00", "10.000,00", "1.234,00"]
    by_taakveld = page.split('id="per-taakveld"')[1].split("<tfoot>")[0]
    row_61 = by_taakveld.split("6.1 Samenkracht en burgerparticipatie")[1].split("</tr>")[0]
    assert _euros(row_61) == ["16.500,00", "10.000,00", "0,00"]  # lines of 6.1, 6.2 and 6.4
    row_43 = by_taakveld.split("4.3 Onderwijsbeleid en leerlingzaken")[1].split("</tr>")[0]
    assert _euros(row_43) == ["5.000,00", "0,00", "1.234,00"]
    assert ">6.3</a>" in row_43 and ">7.3</a>" in row_43  # tasks on 4.3
    uncovered = page.split("niet dekt")[1].split("</ul>")[0]
    assert "6.821 Jeugdbescherming" in uncovered and "6.822 Jeugdreclassering" in uncovered
    assert "6.1 Samenkracht" not in uncovered
    assert '<form method="post"' not in page  # residents see no form


def test_the_page_names_programme_budget_codes_and_unclassified_lines(client, heerde):
    programme = Programme.objects.get()
    ProgrammeAmount.objects.create(
        programme=programme, year=2024, taakveld="6.1", expense_cents=250_000_000
    )
    ProgrammeAmount.objects.create(
        programme=programme, year=2024, taakveld="6.2", taakveld_name="Wijkteams",
        expense_cents=90_000_000,
    )  # fmt: skip
    BudgetLine.objects.filter(task__code="6.4").update(taakveld=None)
    page = client.get(plan_url("web:finances")).content.decode()
    body = page.split('id="per-taakveld"')[1].split("<tfoot>")[0]
    assert "Programmabegroting 2024 (lasten)" in page
    row_61 = body.split("6.1 Samenkracht en burgerparticipatie")[1].split("</tr>")[0]
    assert _euros(row_61)[-1] == "2.500.000,00"
    assert "6.2 Wijkteams" in body and "niet in de lijst" in body
    unclassified = body.split("Nog niet op een taakveld")[1].split("</tr>")[0]
    assert _euros(unclassified)[0] == "8.000,00"


def test_an_editor_saves_taakvelden_all_or_nothing(client, heerde):
    editor = user("redacteur", "editor", themes=["6"])
    client.force_login(editor)
    url = plan_url("web:finances")
    page = client.get(url).content.decode()
    line, task = _line("6.4"), Task.objects.get(code="6.4")
    assert f'name="regel-{line.pk}"' in page and f'name="opgave-{task.pk}"' in page
    assert f'name="opgave-{Task.objects.get(code="3.1").pk}"' not in page  # not their theme
    wmo = Taakveld.objects.get(code="6.21")
    refused = client.post(
        url, {f"regel-{line.pk}": str(wmo.pk), f"opgave-{task.pk}": "6.1, 6.99, 9.9"}
    )
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Er is niets opgeslagen" in html and "6.99, 9.9" in html
    line.refresh_from_db()
    assert line.taakveld.code == "6.1"  # the valid change was not saved either
    saved = client.post(url, {f"regel-{line.pk}": str(wmo.pk), f"opgave-{task.pk}": "6.1; 6.21"})
    assert saved.status_code == 302
    line.refresh_from_db()
    assert line.taakveld == wmo
    assert sorted(t.code for t in task.taakvelden.all()) == ["6.1", "6.21"]


def test_someone_who_edits_nothing_cannot_post(client, heerde):
    client.force_login(user("lezer", "viewer"))
    assert client.post(plan_url("web:finances"), {}).status_code == 403


def test_the_downloads_carry_the_taakveld_codes(client, heerde):
    url = plan_url("web:finances")
    text = client.get(url + "?formaat=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][3:6] == ["Taakveld", "Naam van het taakveld", "Lijst van taakvelden"]
    assert sorted(r[3] for r in rows[1:]) == ["4.3", "4.3", "6.1", "6.1", "6.1"]
    assert {r[5] for r in rows[1:]} == {"Iv3 2026 (versie 1.0)"}
    book = openpyxl.load_workbook(io.BytesIO(client.get(url + "?formaat=xlsx").content))
    sheet = list(book.active.iter_rows(values_only=True))
    assert (sheet[1][3], sheet[1][6]) == ("6.1", 8500)  # euros as numbers, not text


def test_the_export_format_keeps_taakvelden(heerde, edition_2027):
    line = _line("6.4")
    line.taakveld = Taakveld.objects.get(code="6.2", taakveld_list=edition_2027)
    line.save()
    document = export_document()
    framework = document["frameworks"][0]
    tasks = {t["code"]: t for theme in framework["themes"] for t in theme["tasks"]}
    assert tasks["5.2"]["taakvelden"] == ["6.23", "6.812"]
    lines = framework["programmes"][0]["budget_lines"]
    assert [b["taakveld"] for b in lines] == ["6.1", "6.1", "4.3", "4.3", "6.2 (Iv3 2027)"]
    BudgetLine.objects.update(taakveld=None)
    TaskTaakveld.objects.all().delete()
    load_document(document, "export.json", "test")
    assert _line("6.4").taakveld.taakveld_list == edition_2027
    assert sorted(t.code for t in Task.objects.get(code="5.2").taakvelden.all()) == [
        "6.23",
        "6.812",
    ]
    assert export_document() == document


def test_an_unknown_taakveld_in_a_document_names_the_line(small_document, db):
    small_document["frameworks"][0]["programmes"][0]["budget_lines"] = [
        {"task": "3.1", "description": "x", "amount_cents": 100, "taakveld": "6.2"}
    ]
    from koers.imports.loader import DocumentError

    with pytest.raises(
        DocumentError, match=r"begrotingsregel 1: 'taakveld': '6.2' is geen taakveld van Iv3 2026"
    ):
        load_document(small_document, "plan.yaml", "test")
    assert not BudgetLine.objects.exists()


def test_a_programme_that_names_taakvelden_fills_them_and_an_outdated_code_stays_text(heerde):
    text = (Path(__file__).parent / "data" / "programma-zuiderkerk.txt").read_text("utf-8")
    text = text.replace("Ouderavonden € 4.250,50", "Ouderavonden (taakveld 6.2) € 4.250,50")
    text = text.replace("Beweegtuinen € 60.000,-", "Beweegtuinen, taakveld 5.1: € 60.000,-")
    draft, _doubts = read_programme(text)
    lines = draft["programmes"][0]["budget_lines"]
    assert [b.get("taakveld") for b in lines] == [None, "6.2", "5.1", None]
    assert lines[1]["description"].startswith("Ouderavonden (taakveld 6.2)")

    # Saved into Heerde's plan (a programme of its own, for 2025-2026): 6.2 is no taakveld
    # of the 2026 list, so that line keeps the code in its text only.
    programme = copy.deepcopy(heerde_programme())
    programme.update(title="Gelijke kansen 2025-2026", start_year=2025, end_year=2026)
    for line, code in zip(
        programme["budget_lines"], ["6.1", "6.2", "4.3", "4.3", "6.1"], strict=True
    ):
        line["taakveld"] = code
    plan = plan_import(Draft("programme", {"programmes": [programme]}, []))
    saved = plan.document["frameworks"][0]["programmes"][0]["budget_lines"]
    assert [b.get("taakveld") for b in saved] == ["6.1", None, "4.3", "4.3", "6.1"]
    apply_import(plan, "test")
    stored = BudgetLine.objects.filter(programme__title="Gelijke kansen 2025-2026")
    assert [b.taakveld.code if b.taakveld else None for b in stored] == saved_codes(saved)


def heerde_programme() -> dict:
    return read_data_dir(DEMO_DATA)["frameworks"][0]["programmes"][0]


def saved_codes(lines: list[dict]) -> list[str | None]:
    return [b.get("taakveld") for b in lines]
