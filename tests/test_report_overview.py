"""The bestuurlijke samenvatting: the editor's key message and the summary Koers draws from
the report, the same in every format; and the documents print no rows of nothing."""

import io
import re
from datetime import date

import docx
import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from koers.budgets.models import BudgetLine, Spending
from koers.concurrency import Conflict
from koers.plans.models import Programme
from koers.reports.formats import render
from koers.reports.models import Report
from koers.reports.overview import build_overview, tasks_with_work
from koers.reports.publishing import draft_content, live_content, publish
from koers.reports.services import write_key_message

from helpers import plan_url, user

ON = date(2026, 11, 30)
KEY = "De inburgering loopt achter.\n\n- Meer taalcoaches\n- Eerder starten"


def _indicator(code, status, *, due=None, figures=(), latest=None):
    return {
        "code": code,
        "name": f"Indicator {code}",
        "status": status,
        "next_measurement": {"period": "2024", "due": due} if due else None,
        "latest": latest,
        "baseline": None,
        "measurements": [{"period": p, "value": 1} for p in figures],
    }


def _content(**changes):
    """A small report content by hand: two tasks, three indicators, actions and results."""
    tasks = [
        {
            "code": "1.1",
            "status": "off_track",
            "indicators": [
                _indicator(
                    "a",
                    "outdated",
                    due="2023-07-01",
                    figures=["2019", "2020"],
                    latest={"period": "2020"},
                ),
                _indicator("b", "on_track", figures=["2022", "2023"]),
            ],
            "programme_ambitions": [
                {
                    "actions": [{"status": "late"}, {"status": "done"}, {"status": "late"}],
                    "results": [{"status": "open"}],
                }
            ],
        },
        {
            "code": "1.2",
            "status": "awaiting",
            "indicators": [_indicator("c", "awaiting", due="2022-01-01", latest=None)],
            "programme_ambitions": [],
        },
    ]
    content = {
        "reporting_date": "2026-11-30",
        "scope": {"start_year": 2022},
        "themes": [{"tasks": tasks}],
        "summary": {"budget": {"planned_cents": 850000, "reserved_cents": 0, "spent_cents": 0}},
        "changes": {"previous": None},
    }
    content.update(changes)
    return content


def test_the_summary_counts_what_the_report_holds():
    with translation.override("nl"):
        overview = build_overview(_content(), "  Kort gezegd.  ")
    assert overview["key_message"] == "Kort gezegd."
    assert [(c["status"], c["count"]) for c in overview["actions"]] == [("done", 1), ("late", 2)]
    assert [(c["status"], c["count"]) for c in overview["tasks"]] == [
        ("off_track", 1),
        ("awaiting", 1),
    ]
    # 2022 and 2023 fall in the plan period (from 2022); 2019 and 2020 do not.
    assert overview["figures_in_plan_period"] == 2
    assert overview["indicators_with_figures_in_plan_period"] == 1
    # Overdue: the longest first, with what was known last.
    assert [(f["indicator"], f["latest_period"]) for f in overview["overdue"]] == [
        ("c", None),
        ("a", "2020"),
    ]
    points = overview["points"]
    assert "Stand van de 2 opgaven: 1 achter op koers en 1 wacht op meting." in points
    assert "Stand van de 3 acties: 1 gereed en 2 te laat." in points
    assert "Stand van het enige resultaat: 1 open." in points
    assert any(
        p.startswith(
            "Bij 2 indicatoren is het volgende cijfer te laat, het langst bij "
            "Indicator c (verwacht rond 01-01-2022)"
        )
        for p in points
    )
    assert any("2 cijfers bekend, voor 1 van de 3 indicatoren" in p for p in points)
    assert any(p.startswith("Begroting: € 8.500,00 gepland") for p in points)
    assert not any("vorige rapportage" in p for p in points)


def test_the_summary_tells_what_moved_since_the_previous_report():
    changes = {
        "previous": {"reporting_date": "2025-12-31", "title": "Vorige"},
        "statuses": [{}],
        "actions_completed": [{}, {}],
        "actions_newly_late": [],
        "measurements": [{}],
    }
    with translation.override("nl"):
        points = build_overview(_content(changes=changes))["points"]
    assert (
        "Sinds de vorige rapportage (peildatum 31-12-2025): 1 status gewijzigd, 2 acties "
        "gereedgekomen, 0 acties te laat geraakt en 1 nieuw of gecorrigeerd cijfer."
    ) in points


def test_a_subject_without_programmes_or_figures_says_so_once():
    content = _content()
    for task in content["themes"][0]["tasks"]:
        task["programme_ambitions"] = []
        for indicator in task["indicators"]:
            indicator["measurements"] = []
    content["summary"]["budget"] = {"planned_cents": 0, "reserved_cents": 0, "spent_cents": 0}
    with translation.override("nl"):
        points = build_overview(content)["points"]
    assert "Voor dit onderwerp is nog geen uitvoeringsprogramma met acties vastgesteld." in points
    assert "Uit de planperiode (vanaf 2022) zijn nog geen cijfers bekend." in points
    assert not any(p.startswith(("Begroting", "Stand van de 0")) for p in points)


def test_the_action_table_leaves_out_tasks_without_work():
    def task(code, actions, planned):
        return {
            "code": code,
            "actions": {"total": actions},
            "budget": {"planned_cents": planned, "reserved_cents": 0, "spent_cents": 0},
        }

    summary = {
        "themes": [
            {"chapter": "3", "tasks": [task("3.1", 0, 0), task("3.2", 0, 0)]},
            {"chapter": "6", "tasks": [task("6.1", 4, 0), task("6.2", 0, 100), task("6.3", 0, 0)]},
        ]
    }
    themes, left_out = tasks_with_work(summary)
    assert [(t["chapter"], [x["code"] for x in t["tasks"]]) for t in themes] == [
        ("6", ["6.1", "6.2"])
    ]
    assert left_out == 3


# -- the key message ---------------------------------------------------------------------------


@pytest.fixture
def framework_report(heerde):
    programme = Programme.objects.get()
    return Report.objects.create(
        framework=programme.framework, reporting_date=ON, title="Kader november 2026"
    )


@pytest.mark.django_db
def test_only_an_editor_of_every_theme_writes_the_key_message(framework_report):
    for refused in [user("raadslid", "viewer"), user("kansen", "editor", ["6"])]:
        with pytest.raises(PermissionDenied):
            write_key_message(refused, framework_report, "Mijn boodschap.")
    editor = user("redactie", "editor")
    saved = write_key_message(editor, framework_report, KEY, expected_version=1)
    assert saved.key_message == KEY and saved.version == 2
    record = Report.history.filter(id=saved.pk).latest("history_date")
    assert record.history_user == editor and record.key_message == KEY
    # Someone who opened the page before that save overwrites nothing.
    with pytest.raises(Conflict):
        write_key_message(editor, framework_report, "Oude pagina.", expected_version=1)
    assert Report.objects.get(pk=saved.pk).key_message == KEY
    publish(saved, editor)
    with pytest.raises(ValidationError):
        write_key_message(editor, saved, "Na publicatie.", expected_version=2)


@pytest.mark.django_db
def test_the_key_message_opens_every_format(framework_report):
    editor = get_user_model().objects.create_user("chef", first_name="Anna", last_name="de Vries")
    from koers.accounts.models import Role

    Role.objects.create(
        user=editor, kind="editor", municipality=framework_report.framework.municipality
    )
    write_key_message(editor, framework_report, KEY)
    framework_report.refresh_from_db()
    content = draft_content(framework_report)
    assert content["overview"]["key_message"] == KEY
    html = render(content, "html").decode()
    brief = html[html.index("Bestuurlijke samenvatting") : html.index("Stand per opgave")]
    assert "Kernboodschap" in brief and re.search(r"<li[^>]*>Meer taalcoaches</li>", brief)
    assert "De inburgering loopt achter." in brief
    for point in content["overview"]["points"]:
        assert point in brief
    document = docx.Document(io.BytesIO(render(content, "docx")))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    start = paragraphs.index(("Heading 1", "Bestuurlijke samenvatting"))
    assert ("List Bullet", "Meer taalcoaches") in paragraphs[start : start + 8]
    assert ("Normal", "De inburgering loopt achter.") in paragraphs[start : start + 8]
    book = openpyxl.load_workbook(io.BytesIO(render(content, "xlsx")))
    first = book[book.sheetnames[0]]
    assert book.sheetnames[0] == "Bestuurlijke samenvatting"
    lines = [row[0] for row in first.iter_rows(values_only=True)]
    assert "Kernboodschap" in lines and "Eerder starten" in lines
    assert content["overview"]["points"][0] in lines
    published = publish(framework_report, editor)
    assert published.published_by == "Anna de Vries"
    assert "Gepubliceerd op" in render(published.content, "html").decode()


@pytest.mark.django_db
def test_the_key_message_is_written_on_the_report_page(client, framework_report):
    client.force_login(user("redactie", "editor"))
    page = client.get(plan_url("reports:detail", framework_report.pk))
    form = page.context["key_form"]
    assert form is not None and form["version"].value() == 1
    url = plan_url("reports:key_message", framework_report.pk)
    response = client.post(url, {"key-text": "Eerste boodschap.", "key-version": 1})
    assert response.status_code == 302
    assert Report.objects.get().key_message == "Eerste boodschap."
    client.post(url, {"key-text": "Van een oude pagina.", "key-version": 1})
    assert Report.objects.get().key_message == "Eerste boodschap."
    page = client.get(plan_url("reports:detail", framework_report.pk)).content.decode()
    assert "Eerste boodschap." in page and "In het kort" in page
    client.force_login(user("lezer", "viewer"))
    assert client.post(url, {"key-text": "x", "key-version": 2}).status_code == 403
    assert client.get(plan_url("reports:detail", framework_report.pk)).context["key_form"] is None


# -- no rows of nothing ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_documents_print_no_dashes_and_keep_the_lists_of_the_plan(heerde):
    programme = Programme.objects.get()
    content = live_content(programme.framework_id, None, ON)
    html = render(content, "html").decode()
    assert not re.search(r"<td>\s*[\u2013-]?\s*</td>", html), "an empty or dashed cell"
    # The five Sardes domains are the means of an ambition of task 6.3.
    assert "<li>Extra ontwikkeltijd.</li>" in html
    words = [p.text for p in docx.Document(io.BytesIO(render(content, "docx"))).paragraphs]
    assert "Extra ontwikkeltijd." in words
    # Only the tasks of theme 6 have actions and money; the others are named once.
    themes, left_out = tasks_with_work(content["summary"])
    assert [t["chapter"] for t in themes] == ["6"] and left_out == 18
    assert "18 opgaven hebben nog geen acties of begroting" in html


@pytest.mark.django_db
def test_money_in_the_api_adds_up_as_in_the_reports(client, heerde):
    programme = Programme.objects.get()
    line = BudgetLine.objects.filter(programme=programme, reserved_elsewhere=False).first()
    Spending.objects.create(
        budget_line=line, spent_on=date(2024, 3, 1), amount_cents=125000, description="Training"
    )
    found = client.get("/api/v1/programmes/").json()["results"][0]["budget"]
    content = live_content(programme.framework_id, programme.pk, date.today())
    assert found == content["summary"]["budget"]
    assert found["spent_cents"] == 125000
    lines = {x["id"]: x for x in client.get("/api/v1/budget-lines/").json()["results"]}
    assert lines[line.pk]["spent_cents"] == 125000
    assert sum(x["spent_cents"] for x in lines.values()) == 125000
