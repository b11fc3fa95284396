"""The planning-and-control cycle on the reports page: the next reporting moment, what is
still missing for it, and the draft prepared from the calendar."""

import html
from datetime import date

import pytest
from django.test import Client

from koers.plans.models import Municipality, Task
from koers.reports.models import Report, ReportingMoment
from koers.reports.services import write_explanation

from helpers import plan_url, user

pytestmark = pytest.mark.django_db
ON = "2026-12-02"


def _page(client: Client) -> str:
    return html.unescape(
        client.get(plan_url("reports:index") + f"?peildatum={ON}").content.decode()
    )


@pytest.fixture
def editor(heerde):
    client = Client()
    client.force_login(user("redacteur", "editor"))
    return client


def test_the_year_is_planned_and_the_page_shows_the_next_moment_and_what_is_missing(editor):
    page = _page(editor)
    assert "Er is geen rapportagemoment gepland." in page
    response = editor.post(plan_url("reports:plan_year"), {"year": "2027"})
    assert response.status_code == 302
    moments = ReportingMoment.objects.order_by("deadline")
    assert [(m.title, m.reporting_date, m.deadline) for m in moments] == [
        ("Jaarstukken 2026", date(2026, 12, 31), date(2027, 4, 15)),
        ("Voorjaarsnota 2027", date(2027, 3, 31), date(2027, 5, 15)),
        ("Najaarsnota (bestuursrapportage) 2027", date(2027, 8, 31), date(2027, 10, 15)),
    ]
    editor.post(plan_url("reports:plan_year"), {"year": "2027"})
    assert ReportingMoment.objects.count() == 3  # planned once

    page = _page(editor)
    assert "Volgende: Jaarstukken 2026" in page
    assert (
        "De rapportage beschrijft de stand op 31 december 2026 en is klaar op 15 april 2027."
        in page
    )
    assert f"{Task.objects.count()} opgaven zonder toelichting" in page
    assert "indicatoren waarvan het cijfer te laat is" in page
    assert "acties zonder enige update" in page

    editor.post(plan_url("reports:prepare"), {"moment": moments[0].pk})
    editor.post(plan_url("reports:prepare"), {"moment": moments[0].pk})
    (draft,) = Report.objects.all()
    assert draft.moment == moments[0] and draft.reporting_date == date(2026, 12, 31)
    assert draft.title == "Jaarstukken 2026: voortgang sociaal domein"
    task = Task.objects.get(code="6.1")
    write_explanation(None, draft, task, "De buddy's zijn gevonden.")
    page = _page(editor)
    assert f"{Task.objects.count() - 1} opgaven zonder toelichting" in page
    assert f"/rapportages/{draft.pk}/#task-{Task.objects.get(code='6.2').pk}" in page
    assert "Verder met het concept \u2018Jaarstukken 2026: voortgang sociaal domein\u2019" in page


def test_residents_see_the_next_moment_but_not_what_is_missing(heerde):
    ReportingMoment.objects.create(
        municipality=Municipality.objects.get(),
        kind="voorjaarsnota",
        title="Voorjaarsnota 2027",
        reporting_date=date(2027, 3, 31),
        deadline=date(2027, 5, 15),
    )
    page = _page(Client())
    assert "Volgende: Voorjaarsnota 2027" in page
    assert "Nog niet klaar" not in page and "Zet het concept" not in page
    assert Client().post(plan_url("reports:plan_year"), {"year": "2027"}).status_code == 403
    assert ReportingMoment.objects.count() == 1


def test_a_moment_of_another_municipality_or_no_moment_is_refused(editor):
    epe = Municipality.objects.create(name="Epe", cbs_code="GM0232")
    foreign = ReportingMoment.objects.create(
        municipality=epe,
        kind="jaarstukken",
        title="Jaarstukken Epe",
        reporting_date=date(2026, 12, 31),
        deadline=date(2027, 4, 15),
    )
    assert editor.post(plan_url("reports:prepare"), {"moment": foreign.pk}).status_code == 404
    assert editor.post(plan_url("reports:prepare"), {"moment": "x"}).status_code == 404
    assert not Report.objects.exists()
