"""Drafting a report: every explanation in one form, nothing typed is lost when one is
refused, and publishing after a confirmation that names the tasks without one."""

import html

import pytest
from django.test import Client

from koers.plans.models import Programme, Task
from koers.reports.models import Explanation, Report
from koers.reports.services import write_explanation

from helpers import plan_url, user

pytestmark = pytest.mark.usefixtures("heerde")


@pytest.fixture
def report():
    programme = Programme.objects.get()
    return Report.objects.create(
        framework=programme.framework,
        programme=programme,
        reporting_date="2024-06-01",
        title="Voortgang juni 2024",
    )


@pytest.fixture
def editor():
    client = Client()
    client.force_login(user("redacteur", "editor", themes=["6"]))
    return client


def _fields(client: Client, report: Report) -> dict[str, str]:
    """Every field of the explanations form as the page fills it in."""
    page = client.get(plan_url("reports:detail", report.pk))
    data = {}
    for item in page.context["tasks"]:
        form = item["form"]
        if form is not None:
            data[f"{form.prefix}-text"] = form["text"].value() or ""
            data[f"{form.prefix}-version"] = form["version"].value()
    return data


def _key(code: str, field: str) -> str:
    return f"task-{Task.objects.get(code=code).pk}-{field}"


def test_all_explanations_are_saved_from_one_form(report, editor):
    page = html.unescape(editor.get(plan_url("reports:detail", report.pk)).content.decode())
    assert page.count('name="task-') == 2 * Task.objects.filter(theme__chapter="6").count()
    assert "Toelichtingen opslaan" in page
    data = _fields(editor, report)
    data[_key("6.1", "text")] = "De buddypool staat."
    data[_key("6.3", "text")] = "De VVE-plaatsen zijn uitgebreid."
    response = editor.post(plan_url("reports:explain_all", report.pk), data)
    assert response.status_code == 302
    saved = {e.task.code: e.text for e in Explanation.objects.filter(report=report)}
    assert saved == {"6.1": "De buddypool staat.", "6.3": "De VVE-plaatsen zijn uitgebreid."}


def test_a_refused_explanation_keeps_everything_that_was_typed(report, editor):
    data = _fields(editor, report)
    # Someone else explains 6.1 after the page was opened.
    write_explanation(None, report, Task.objects.get(code="6.1"), "Eerder geschreven.")
    data[_key("6.1", "text")] = "Mijn tekst over 6.1."
    data[_key("6.2", "text")] = "Mijn tekst over 6.2."
    response = editor.post(plan_url("reports:explain_all", report.pk), data)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Mijn tekst over 6.1." in page and "Mijn tekst over 6.2." in page
    assert "Niet elke toelichting is opgeslagen" in page
    saved = {e.task.code: e.text for e in Explanation.objects.filter(report=report)}
    assert saved == {"6.1": "Eerder geschreven.", "6.2": "Mijn tekst over 6.2."}


def test_publishing_asks_first_and_names_the_tasks_without_an_explanation(report):
    client = Client()
    client.force_login(user("chef", "editor"))
    write_explanation(None, report, Task.objects.get(code="6.1"), "Klaar.")
    page = html.unescape(client.get(plan_url("reports:publish", report.pk)).content.decode())
    assert "\u2018Voortgang juni 2024\u2019 publiceren?" in page
    assert "opgaven hebben geen toelichting" in page
    assert "6.2 " in page and "6.1 Nieuwkomers" not in page
    report.refresh_from_db()
    assert not report.published  # asking changes nothing
    response = client.post(plan_url("reports:publish", report.pk))
    assert response.status_code == 302 and response.url.startswith("/taken/")


def test_the_reporting_date_field_shows_its_date(report):
    client = Client()
    client.force_login(user("chef", "editor"))
    page = client.get(plan_url("reports:index")).content.decode()
    assert 'type="date"' in page and 'value="20' in page
