"""Progress reports: every format generated for the Heerde programme and framework and read
back with the libraries a council's staff would open them with; publishing freezes them."""

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import docx
import jsonschema
import openpyxl
import pypdf
import pytest
from conftest import load_heerde
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

import koers.reports
from koers.plans.models import Action, Framework, Programme, Task
from koers.reports.formats import FORMATS, render
from koers.reports.models import Explanation, Report
from koers.reports.publishing import live_content, publish

# Every test touches the database; the mark also makes pytest-django create it when only
# the tests that read the module's rendered reports are selected.
pytestmark = pytest.mark.django_db
ON = date(2024, 6, 1)
DOCS = Path(__file__).resolve().parent.parent / "docs" / "reports.md"
SCHEMA = Path(koers.reports.__file__).parent / "schema" / "report-v1.schema.json"
EXPLANATION = "De taalcafés in Wapenveld lopen goed; de wachtlijst voor inburgering is weg."


@pytest.fixture(scope="module")
def reports(django_db_setup, django_db_blocker) -> dict:
    """Both Heerde reports, published with an explanation, in every format; rolled back after.

    Rendered once for the module: the framework PDF alone takes several seconds.
    """
    found = {}
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        framework = Framework.objects.get()
        programme = Programme.objects.get()
        for scope, programme_id in [("framework", None), ("programme", programme.pk)]:
            report = Report.objects.create(
                framework=framework, programme_id=programme_id, reporting_date=ON, title="R"
            )
            Explanation.objects.create(
                report=report, task=Task.objects.get(code="6.1"), text=EXPLANATION
            )
            report = publish(report, None)
            found[scope] = {
                "content": report.content,
                "files": {f.format: bytes(f.data) for f in report.files.all()},
                "tasks": [t["code"] for theme in report.content["themes"] for t in theme["tasks"]],
            }
        transaction.set_rollback(True)
    return found


SCOPES = ["framework", "programme"]


def _statuses(content: dict) -> list[tuple[str, str]]:
    return [
        (task["code"], task["status_label"])
        for theme in content["themes"]
        for task in theme["tasks"]
    ]


def _charts(content: dict) -> int:
    """How many indicators have dated figures to draw."""
    return sum(
        bool(i["chart"]) for th in content["themes"] for t in th["tasks"] for i in t["indicators"]
    )


def _word_table(document, column: str):
    """The first table of a Word document with this column heading."""
    return next(t for t in document.tables if column in [c.text for c in t.rows[0].cells])


def test_the_scopes_hold_the_right_tasks(reports):
    assert len(reports["framework"]["tasks"]) == 22
    assert _charts(reports["framework"]["content"]) > 0
    assert reports["programme"]["tasks"] == ["6.1", "6.2", "6.3", "6.4"]


@pytest.mark.parametrize("scope", SCOPES)
def test_pdf_has_every_task_code_and_status_and_is_tagged(reports, scope):
    pdf = pypdf.PdfReader(io.BytesIO(reports[scope]["files"]["pdf"]))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
    for code, label in _statuses(reports[scope]["content"]):
        assert re.search(rf"{re.escape(code)} \w", text), code
        assert label in text, (code, label)
    assert EXPLANATION[:40] in text
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert pdf.metadata.title == reports[scope]["content"]["title"]


@pytest.mark.parametrize("scope", SCOPES)
def test_word_has_a_heading_per_task_and_real_tables(reports, scope):
    document = docx.Document(io.BytesIO(reports[scope]["files"]["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    for code in reports[scope]["tasks"]:
        assert any(h.startswith(f"{code} ") for h in headings), code
    themes = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert any(t.startswith("Thema 6. Gelijke kansen") for t in themes)
    statuses = _word_table(document, "Status")
    assert statuses.rows[0].cells[0].text == "Opgave"
    assert any(EXPLANATION in p.text for p in document.paragraphs)
    assert document.core_properties.title == reports[scope]["content"]["title"]
    assert len(document.inline_shapes) == _charts(reports[scope]["content"])


@pytest.mark.parametrize("scope", SCOPES)
def test_excel_has_summary_and_programme_sheets_with_numbers(reports, scope):
    book = openpyxl.load_workbook(io.BytesIO(reports[scope]["files"]["xlsx"]))
    programme = reports[scope]["content"]["programmes"][0]["title"]
    assert book.sheetnames[:2] == ["Bestuurlijke samenvatting", "Stand per opgave"]
    assert programme[:31] in book.sheetnames
    summary = book["Stand per opgave"]
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref
    header = [c.value for c in summary[1]]
    rows = {
        row[1]: dict(zip(header, row, strict=True))
        for row in summary.iter_rows(2, values_only=True)
    }
    # From the programme's budget table: € 8.500 for 6.1, € 10.000 already reserved for 6.2.
    assert rows["6.1"]["gepland"] == 8500
    assert rows["6.2"]["al gereserveerd"] == 10000
    assert isinstance(rows["6.1"]["Acties"], int) and rows["6.1"]["Acties"] > 0
    assert rows["6.1"]["Status"] == dict(_statuses(reports[scope]["content"]))["6.1"]
    actions = book[programme[:31]]
    kinds = [row[2] for row in actions.iter_rows(2, values_only=True)]
    assert "actie" in kinds and "resultaat" in kinds
    assert actions.freeze_panes == "A2" and actions.auto_filter.ref
    figures = book["Cijfers"]
    values = [row[4] for row in figures.iter_rows(2, values_only=True)]
    assert values and all(isinstance(v, int | float) for v in values)


def _documented_csv_columns() -> list[str]:
    section = DOCS.read_text(encoding="utf-8").split("## CSV (open data)")[1].split("\n## ")[0]
    return re.findall(r"^\| `(\w+)` \|", section, flags=re.M)


@pytest.mark.parametrize("scope", SCOPES)
def test_csv_follows_the_documented_columns(reports, scope):
    text = reports[scope]["files"]["csv"].decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == _documented_csv_columns()
    kinds = {"theme", "task", "indicator", "measurement", "action", "result", "budget_line"}
    assert {row["kind"] for row in rows} <= kinds
    for row in rows:
        assert row["reporting_date"] == ON.isoformat()
        for column in ("value", "baseline_value", "amount_euro", "spent_euro"):
            if row[column]:
                float(row[column])  # a number with a decimal point, or the test fails here
    tasks = [row["code"] for row in rows if row["kind"] == "task"]
    assert tasks == reports[scope]["tasks"]
    budget = [row for row in rows if row["kind"] == "budget_line" and row["task"] == "6.1"]
    assert budget[0]["amount_euro"] == "8500.00"


@pytest.mark.parametrize("scope", SCOPES)
def test_json_validates_against_the_schema(reports, scope):
    document = json.loads(reports[scope]["files"]["json"])
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(document)
    assert [t["code"] for th in document["themes"] for t in th["tasks"]] == reports[scope]["tasks"]
    broken = {**document, "themes": [{"chapter": 6}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(broken)


@pytest.mark.parametrize("scope", SCOPES)
def test_html_is_self_contained(reports, scope):
    html = reports[scope]["files"]["html"].decode()
    assert '<html lang="nl">' in html
    assert html.count("<svg") == _charts(reports[scope]["content"])
    assert "<script" not in html and "http://" not in html.split("<svg")[0]
    for code in reports[scope]["tasks"]:
        assert f">{code} " in html


def test_published_files_are_stored_with_their_hash(reports):
    content = reports["programme"]["content"]
    assert content["state"] == "published" and content["published_at"]
    assert set(reports["programme"]["files"]) == set(FORMATS)


# -- publishing freezes ----------------------------------------------------------------------


def test_a_published_report_stays_identical_after_the_plan_is_edited(heerde, client):
    programme = Programme.objects.get()
    report = Report.objects.create(
        framework=programme.framework, programme=programme, reporting_date=ON, title="R1"
    )
    report = publish(report, None)
    before = {
        f: client.get(f"/rapportages/{report.pk}/bestand/{f}/", follow=True).content
        for f in FORMATS
    }
    assert before["pdf"].startswith(b"%PDF")

    task = Task.objects.get(code="6.1")
    task.title = "Een nieuwe titel"
    task.save()
    action = Action.objects.filter(ambition__task=task).first()
    action.status = "done"
    action.save()

    after = {
        f: client.get(f"/rapportages/{report.pk}/bestand/{f}/", follow=True).content
        for f in FORMATS
    }
    assert after == before
    report.refresh_from_db()
    assert "Een nieuwe titel" not in json.dumps(report.content)
    assert "Een nieuwe titel" in json.dumps(live_content(programme.framework_id, programme.pk, ON))
    with pytest.raises(ValidationError, match="gepubliceerd"):
        Explanation.objects.create(report=report, task=task, text="Te laat.")
    with pytest.raises(ValidationError, match="gepubliceerde"):
        report.delete()


def test_the_next_report_says_what_changed(heerde):
    programme = Programme.objects.get()
    first = publish(
        Report.objects.create(
            framework=programme.framework, programme=programme, reporting_date=ON, title="R1"
        ),
        None,
    )
    action = Action.objects.get(ambition__task__code="6.3", code="2.1")
    action.status = "done"
    action.progress = 100
    action.save()
    later = date(2024, 12, 1)
    content = live_content(programme.framework_id, programme.pk, later)
    changes = content["changes"]
    assert changes["previous"]["reporting_date"] == first.reporting_date.isoformat()
    assert [(a["task"], a["code"]) for a in changes["actions_completed"]] == [("6.3", "2.1")]
    moved = {(s["kind"], s["code"]) for s in changes["statuses"]}
    assert ("action", "2.1") in moved
    # Deadlines that passed between June and December make actions newly late.
    late = {(a["task"], a["code"]) for a in changes["actions_newly_late"]}
    deadlines = Action.objects.filter(
        ambition__programme=programme, deadline__gte=ON, deadline__lt=later
    ).exclude(status__in=["done", "cancelled"])
    assert late == {(a.ambition.task.code, a.code) for a in deadlines}


def test_reports_on_a_past_date_leave_out_later_figures(heerde):
    framework = Framework.objects.get()
    early = live_content(framework.pk, None, date(2019, 1, 1))
    periods = {
        m["period"]
        for th in early["themes"]
        for t in th["tasks"]
        for i in t["indicators"]
        for m in i["measurements"]
    }
    assert periods and all(p == "" or int(p[:4]) <= 2018 for p in periods)


def test_spending_counts_up_to_the_reporting_date(heerde):
    from koers.budgets.models import BudgetLine, Spending

    line = BudgetLine.objects.get(task__code="6.1")
    Spending.objects.create(budget_line=line, spent_on=date(2024, 3, 1), amount_cents=120000)
    Spending.objects.create(budget_line=line, spent_on=date(2024, 9, 1), amount_cents=30000)
    programme = Programme.objects.get()

    def spent(on: date) -> int:
        content = live_content(programme.framework_id, programme.pk, on)
        return content["summary"]["budget"]["spent_cents"]

    assert spent(date(2024, 1, 1)) == 0
    assert spent(ON) == 120000
    assert spent(date(2024, 12, 31)) == 150000


def test_live_report_in_english(heerde):
    from django.utils import translation

    programme = Programme.objects.get()
    with translation.override("en"):
        content = live_content(programme.framework_id, programme.pk, ON)
        html = render(content, "html").decode()
    assert content["language"] == "en"
    assert "Summary for the council" in html and "Bestuurlijke samenvatting" not in html


@pytest.mark.parametrize("scope", SCOPES)
def test_action_counts_add_up_in_excel_and_word(reports, scope):
    """Done, on schedule, late, not started and cancelled make the total, in every format."""
    book = openpyxl.load_workbook(io.BytesIO(reports[scope]["files"]["xlsx"]))
    summary = book["Stand per opgave"]
    header = [c.value for c in summary[1]]
    parts = ["gereed", "volgens planning", "te laat", "niet gestart", "vervallen"]
    assert set(parts) <= set(header)
    for row in summary.iter_rows(2, values_only=True):
        cells = dict(zip(header, row, strict=True))
        assert sum(cells[p] for p in parts) == cells["Acties"], cells["Opgave"]
    document = docx.Document(io.BytesIO(reports[scope]["files"]["docx"]))
    table = _word_table(document, "gereed")
    names = [cell.text for cell in table.rows[0].cells]
    assert [names.index(p) for p in [*parts, "totaal"]]  # every column is there
    for row in table.rows[1:]:
        texts = [cell.text for cell in row.cells]
        if texts[names.index("totaal")]:
            counted = sum(int(texts[names.index(p)]) for p in parts)
            assert counted == int(texts[names.index("totaal")]), texts[0]


@pytest.mark.parametrize("scope", SCOPES)
def test_word_is_a4_with_page_numbers_and_no_hard_line_breaks(reports, scope):
    """An adviser pastes it into a raadsinformatiebrief: A4, numbered, flowing paragraphs."""
    document = docx.Document(io.BytesIO(reports[scope]["files"]["docx"]))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert "PAGE" in section.footer._element.xml
    breaks = sum(run._r.xml.count("<w:br/>") for p in document.paragraphs for run in p.runs)
    assert breaks == 0


def test_source_text_flows_and_keeps_its_lists():
    from koers.reports.formats.text import flow

    text = "We werken samen met\nscholen en ouders.\n- taalles\n- huiswerkbegeleiding\n\nVerder."
    assert flow(text) == [
        ("We werken samen met scholen en ouders.", False),
        ("taalles", True),
        ("huiswerkbegeleiding", True),
        ("Verder.", False),
    ]


def test_the_live_state_does_not_call_itself_the_first_published_report():
    load_heerde()
    content = live_content(Framework.objects.get().pk, None, ON)
    for code in ["html", "docx"]:
        data = render(content, code)
        text = (
            data.decode()
            if code == "html"
            else "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
        )
        assert "nog geen rapportage gepubliceerd" in text, code
        assert "eerste gepubliceerde rapportage" not in text, code


def _filled(html: str) -> list[float]:
    """How far down each PDF page the report's own content reaches (0 to 1), from
    WeasyPrint's layout; the running header and page number do not count."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    def walk(box):
        if isinstance(box, boxes.MarginBox):
            return
        yield box
        for child in getattr(box, "children", None) or []:
            yield from walk(child)

    filled = []
    for page in HTML(string=html).render().pages:
        root = page._page_box  # WeasyPrint keeps the laid-out boxes of each page here
        top = root.content_box_y()
        bottom = max(
            (
                box.position_y + box.margin_height()
                for box in walk(root)
                if isinstance(box, boxes.LineBox | boxes.ReplacedBox | boxes.TableRowBox)
            ),
            default=top,
        )
        filled.append((bottom - top) / root.height)
    return filled


@pytest.mark.parametrize("scope", SCOPES)
def test_no_page_but_the_last_is_half_empty(reports, scope):
    """Headings stay with their content and themes do not force a new page."""
    filled = _filled(reports[scope]["files"]["html"].decode())
    assert len(filled) > 3
    half_empty = [n for n, part in enumerate(filled[:-1], start=1) if part < 0.5]
    assert not half_empty, half_empty


def test_the_page_check_sees_a_half_empty_page(reports):
    """The check above fails on the old layout, where every theme began a new page."""
    html = reports["framework"]["files"]["html"].decode()
    forced = html.replace("</style>", ".theme { break-before: page; }</style>", 1)
    filled = _filled(forced)
    assert any(part < 0.5 for part in filled[:-1])


@pytest.mark.parametrize("scope", SCOPES)
def test_word_tables_give_text_the_room_and_counts_little(reports, scope):
    """Word and LibreOffice give every column the same width unless the grid says else."""
    document = docx.Document(io.BytesIO(reports[scope]["files"]["docx"]))
    actions = _word_table(document, "Wat gaan we doen / hoe laten we dit zien")
    number, text = actions.columns[0].width, actions.columns[1].width
    assert text > 3 * number
    work = _word_table(document, "gereed")
    assert work.columns[0].width > 2 * work.columns[1].width
