"""The report pages and the `koers report` command: who sees and does what, and the cost."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from koers.plans.models import Framework, Programme, Task
from koers.reports.models import Explanation, Report
from koers.reports.publishing import publish

from helpers import plan_url, run_jobs, user

pytestmark = pytest.mark.usefixtures("heerde")
ON = "2024-06-01"


@pytest.fixture
def programme():
    return Programme.objects.get()


def draft(programme, title: str = "Voortgang juni 2024") -> Report:
    return Report.objects.create(
        framework=programme.framework, programme=programme, reporting_date=ON, title=title
    )


def explain(client, report, code: str, text: str, version=None):
    task = Task.objects.get(code=code)
    if version is None:
        page = client.get(plan_url("reports:detail", report.pk))
        form = next(item["form"] for item in page.context["tasks"] if item["task"]["code"] == code)
        version = form["version"].value()
    prefix = f"task-{task.pk}"
    return client.post(
        plan_url("reports:explain", report.pk, code),
        {f"{prefix}-text": text, f"{prefix}-version": version},
    )


def test_residents_see_published_reports_only(client, programme):
    hidden = draft(programme)
    shown = publish(draft(programme, title="Gepubliceerd"), None)
    index = client.get(plan_url("reports:index")).content.decode()
    assert "Gepubliceerd" in index and "Voortgang juni 2024" not in index
    assert client.get(plan_url("reports:detail", hidden.pk)).status_code == 404
    assert client.get(plan_url("reports:download", hidden.pk, "pdf")).status_code == 404
    page = client.get(plan_url("reports:detail", shown.pk))
    assert page.status_code == 200 and "ligt vast" in page.content.decode()
    pdf = client.get(plan_url("reports:download", shown.pk, "pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content == bytes(shown.files.get(format="pdf").data)
    assert client.get(plan_url("reports:download", shown.pk, "exe")).status_code == 404


def test_editor_makes_a_draft_explains_and_publishes(client, programme):
    client.force_login(user("redacteur", "editor", ["6"]))
    response = client.post(
        plan_url("reports:new"), {"subject": f"programme-{programme.pk}", "reporting_date": ON}
    )
    report = Report.objects.get()
    assert response.url == plan_url("reports:detail", report.pk)
    assert (
        report.title
        == "Voortgangsrapportage Uitvoeringsprogramma Thema 6 Gelijke kansen 2023-2024, 01-06-2024"
    )

    assert explain(client, report, "6.1", "Goed op weg met de taalcafés.").status_code == 302
    preview = client.get(plan_url("reports:view", report.pk)).content.decode()
    assert "Goed op weg met de taalcafés." in preview and "Concept" in preview
    record = Explanation.history.get()
    assert record.history_user.username == "redacteur"

    job_page = client.post(plan_url("reports:publish", report.pk))
    assert job_page.status_code == 302 and job_page.url.startswith("/taken/")
    waiting = client.get(job_page.url).content.decode()
    assert "Wacht op zijn beurt" in waiting and 'http-equiv="refresh"' in waiting
    run_jobs()
    done = client.get(job_page.url).content.decode()
    assert "Klaar." in done and plan_url("reports:detail", report.pk) in done
    report.refresh_from_db()
    # A login name is not a name: a publisher without one is not named at all.
    assert report.published and report.published_by == ""
    page = client.get(plan_url("reports:detail", report.pk)).content.decode()
    assert "Gepubliceerd op" in page and "door redacteur" not in page
    assert report.content["themes"][0]["tasks"][0]["explanation"] == "Goed op weg met de taalcafés."
    refused = explain(client, report, "6.1", "Later nog iets.", version=record.history_id)
    assert refused.status_code == 302
    assert Explanation.objects.get().text == "Goed op weg met de taalcafés."


def test_a_second_editor_does_not_overwrite_an_explanation(client, programme):
    report = draft(programme)
    client.force_login(user("redacteur", "editor", ["6"]))
    page = client.get(plan_url("reports:detail", report.pk))
    stale = next(i["form"] for i in page.context["tasks"] if i["task"]["code"] == "6.2")
    explain(client, report, "6.2", "Eerste versie.")
    explain(client, report, "6.2", "Tweede versie, op een oude pagina.", stale["version"].value())
    assert Explanation.objects.get().text == "Eerste versie."


def test_who_may_explain_and_publish(client, programme):
    report = draft(programme)
    client.force_login(user("raadslid", "viewer"))
    assert client.get(plan_url("reports:detail", report.pk)).status_code == 200
    assert explain(client, report, "6.1", "x", version=0).status_code == 403
    assert client.post(plan_url("reports:publish", report.pk)).status_code == 403
    assert client.post(plan_url("reports:new"), {}).status_code == 403

    client.force_login(user("zorg", "editor", ["3"]))
    assert explain(client, report, "6.1", "x", version=0).status_code == 403
    assert client.post(plan_url("reports:publish", report.pk)).status_code == 403

    # An editor of theme 6 only may publish the programme, not the whole framework.
    client.force_login(user("kansen", "editor", ["6"]))
    whole = Report.objects.create(
        framework=programme.framework, reporting_date=ON, title="Kader juni 2024"
    )
    assert client.post(plan_url("reports:publish", whole.pk)).status_code == 403
    assert client.post(plan_url("reports:publish", report.pk)).status_code == 302
    run_jobs()
    assert Report.objects.get(pk=report.pk).published


def test_programme_page_offers_the_current_state_as_report(client, programme):
    html = client.get(plan_url("web:programme", programme.pk), {"peildatum": ON})
    link = plan_url("reports:live", "programma", programme.pk, "xlsx") + f"?peildatum={ON}"
    assert link in html.content.decode()
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert response.content[:2] == b"PK"  # a zip container, as .xlsx files are
    live = client.get(
        plan_url("reports:live", "kader", programme.framework_id, "json"), {"peildatum": ON}
    )
    document = json.loads(live.content)
    assert document["state"] == "live" and document["scope"]["kind"] == "framework"
    assert client.get(plan_url("reports:live", "kader", 999, "json")).status_code == 404


def _queries(client, report) -> list[int]:
    counts = []
    for url in [
        plan_url("reports:detail", report.pk),
        plan_url("reports:live", "kader", report.framework_id, "json") + f"?peildatum={ON}",
        plan_url("reports:index"),
    ]:
        reset_queries()  # the log keeps 9,000 queries at most: start from empty
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


@pytest.mark.slow
def test_report_pages_use_the_same_queries_whatever_the_size(client, programme):
    # An editor of some themes: the page asks per task whether they may write its explanation.
    client.force_login(user("redacteur", "editor", ["3", "6"]))
    report = Report.objects.create(framework=programme.framework, reporting_date=ON, title="Kader")
    heerde = _queries(client, report)
    call_command("load_demo", "--scale", "10", verbosity=0)
    assert Task.objects.count() == 220
    assert _queries(client, report) == heerde


def test_command_writes_and_publishes(tmp_path, programme):
    out = tmp_path / "r.json"
    call_command(
        "report", "--programme", "gelijke kansen", "--date", ON, "--format", "json", "-o", str(out)
    )
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["scope"]["programme_id"] == programme.pk
    assert document["reporting_date"] == ON

    pdf = tmp_path / "r.pdf"
    framework = Framework.objects.get()
    call_command(
        "report", "--framework", str(framework.pk), "--date", ON, "--format", "pdf",
        "-o", str(pdf), "--publish",
    )  # fmt: skip
    report = Report.objects.get()
    assert report.published
    again = tmp_path / "again.pdf"
    call_command("report", "--report", str(report.pk), "--format", "pdf", "-o", str(again))
    assert again.read_bytes() == pdf.read_bytes()

    with pytest.raises(CommandError, match="'nergens': niet gevonden"):
        call_command("report", "--programme", "nergens", "--format", "pdf", "-o", str(pdf))
    with pytest.raises(CommandError, match=r"is geen datum|is not a date"):
        call_command(
            "report", "--framework", "1", "--date", "1-6-2024", "--format", "csv", "-o", str(out)
        )


def test_a_live_pdf_is_made_in_the_background_once_for_everyone(client, programme):
    from koers.operations.models import Job

    url = plan_url("reports:live", "programma", programme.pk, "pdf") + f"?peildatum={ON}"
    first = client.get(url)
    assert first.status_code == 302 and first.url.startswith("/taken/")
    # A second reader asking for the same report on the same data gets the same job.
    assert Client().get(url).url == first.url
    assert Job.objects.count() == 1
    run_jobs()
    page = client.get(first.url).content.decode()
    assert "Klaar." in page and 'http-equiv="refresh"' not in page
    download = client.get(first.url + "bestand/")
    assert download["Content-Type"] == "application/pdf" and download.content[:5] == b"%PDF-"
    # Another reporting date is another report.
    assert client.get(url.replace(ON, "2024-07-01")).url != first.url


def test_a_failed_job_says_why(client, programme, monkeypatch):
    from koers.reports import tasks

    def broken(content, fmt):
        raise RuntimeError("vl-convert ontbreekt")

    monkeypatch.setattr(tasks, "render", broken)
    url = plan_url("reports:live", "programma", programme.pk, "docx") + f"?peildatum={ON}"
    job_url = client.get(url).url
    run_jobs()
    page = client.get(job_url).content.decode()
    assert "Dit is niet gelukt" in page and "vl-convert ontbreekt" in page
    assert 'http-equiv="refresh"' not in page
