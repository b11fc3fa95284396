"""The public pages, through Django's test client: content, language and query counts."""

import re

import pytest
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.plans.models import Programme, Task

from helpers import page_urls, plan_url

pytestmark = pytest.mark.usefixtures("heerde")
ON = {"peildatum": "2022-06-01"}


def page(client, name: str, *args, **query) -> str:
    response = client.get(plan_url(f"web:{name}", *args), {**ON, **query})
    assert response.status_code == 200, name
    assert response.headers["Content-Language"] == "nl"
    return response.content.decode()


def test_overview_lists_every_task_with_its_status(client):
    html = page(client, "overview")
    for code in Task.objects.values_list("code", flat=True):
        assert f">{code} " in html, code
    # 3.1: loneliness rose from 2016 to 2020, before the plan began: no verdict on the plan.
    assert "onvoldoende gegevens" in html
    assert "Laatste metingen" in html
    # The counts per status add up to every task.
    legend = html.split('class="koers-counts"')[1].split("</ul>")[0]
    counted = sum(int(n) for n in re.findall(r"<strong>(\d+)</strong>", legend))
    assert counted == Task.objects.count()


def test_task_page_shows_situation_indicators_and_reasons(client):
    html = page(client, "task", "3.1")
    assert "Waar staan we?" in html
    assert "Gemeten 42% in 2020 tegen nulmeting 33% in 2016; doel: afname." in html
    assert "Matig eenzame 65-plussers" in html  # a context figure
    assert "39%" in html


def test_task_page_shows_benchmarks_side_by_side(client):
    html = page(client, "task", "4.1")
    assert "Regio Noord- en Oost-Gelderland" in html
    assert "16%" in html and "22%" in html


def test_programme_page_has_three_columns_numbering_and_budget(client):
    programme = Programme.objects.get()
    html = page(client, "programme", programme.pk)
    for heading in ["Ambities", "Wat gaan we doen", "Hoe laten we dit zien"]:
        assert heading in html
    assert "<strong>5.1 A</strong>" in html
    assert plan_url("web:task", "4.3") in html  # "zie opgave 4.3" as a link
    # The same split as in every report format: planned, already reserved elsewhere, spent.
    footer = html.split("<tfoot")[-1].split("</tfoot>")[0]
    assert re.findall(r"<strong>([^<]+)</strong>", footer) == [
        "€ 21.500,00",
        "€ 10.000,00",
        "€ 0,00",
    ]
    assert "€ 31.500,00" not in html
    assert "uit reguliere budgetten" in html


def test_spending_shows_on_the_programme_page_as_in_the_report(client):
    from datetime import date

    from koers.budgets.models import BudgetLine, Spending
    from koers.reports.publishing import live_content

    programme = Programme.objects.get()
    line = BudgetLine.objects.filter(programme=programme, amount_cents__gt=0).first()
    Spending.objects.create(budget_line=line, spent_on=date(2022, 3, 1), amount_cents=123456)
    html = page(client, "programme", programme.pk)
    assert "€ 1.234,56" in html
    content = live_content(programme.framework_id, programme.pk, date(2022, 6, 1))
    assert content["summary"]["budget"]["spent_cents"] == 123456


def test_indicator_page_shows_calendar_and_history(client):
    html = page(client, "indicator", "3.1-eenzaamheid-65plus")
    assert "Volgende meting" in html and "2024" in html
    assert "koers load-demo" in html  # why the values were last changed


def test_theme_page(client):
    html = page(client, "theme", "6")
    assert "Gelijke kansen" in html
    assert plan_url("web:task", "6.4") in html


def test_search_text_status_and_partner(client):
    html = page(client, "search", q="eenzaamheid")
    assert plan_url("web:task", "3.1") in html
    html = page(client, "search", partner="Lucrato")
    assert "Lucrato" in html and "resultaat" in html.lower()
    html = page(client, "search", status="late")
    assert "te laat" in html


def test_unknown_codes_are_404(client):
    assert client.get(plan_url("web:task", "9.9")).status_code == 404
    assert client.get(plan_url("web:indicator", "nope")).status_code == 404


def test_english_through_the_language_switch(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(plan_url("web:overview"))
    assert response.headers["Content-Language"] == "en"
    assert "Latest measurements" in response.content.decode()


def _queries(client) -> dict[str, int]:
    counts = {}
    for name, url in page_urls().items():
        reset_queries()  # the log keeps 9,000 queries at most: start from empty
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts[name] = len(queries)
        assert counts[name] > 0, name
    return counts


def test_each_page_type_runs_a_constant_number_of_queries(client, admin_user):
    # As an administrator, so that the pages also show their forms and history.
    client.force_login(admin_user)
    heerde = _queries(client)
    call_command("load_demo", "--scale", "10", verbosity=0)
    assert Task.objects.count() == 220
    assert _queries(client) == heerde


def test_task_page_has_a_chart_beside_the_table(client):
    html = page(client, "task", "3.1")
    assert 'role="img"' in html and "<svg" in html
    assert '<script id="spec-' in html  # the spec the browser draws from
    assert "Eenzaamheid onder 65-plussers" in html


def test_the_chart_caption_names_only_the_lines_drawn(client):
    with_path = page(client, "indicator", "4.4-kinddossiers-risicofactoren")
    assert "De gestreepte lijn is het pad van de nulmeting naar het doel." in with_path
    direction_only = page(client, "indicator", "7.2-problematische-schulden")
    assert "Elk gebied heeft een eigen kleur en puntvorm." in direction_only
    assert "gestreepte lijn" not in direction_only


def test_search_by_owner_and_year():
    from django.test import Client

    client = Client()
    html = page(client, "search", partner="Leerplicht")  # owner of action 6.3 2.2
    assert "Actie" in html and "6.3" in html
    html = page(client, "search", jaar="2023")
    assert "resultaten" in html or "resultaat" in html
    assert "Indicator</span>" not in html


def test_an_overdue_measurement_says_since_when(client):
    """Problematic debts: the 2021 figure was due in 2022; in 2026 the page says it is late."""
    html = page(client, "indicator", "7.2-problematische-schulden", peildatum="2026-11-30")
    assert "te laat sinds" in html
    assert "verwacht rond" not in html
    assert "geen actuele cijfers" in html  # 2018 -> 2020, before the plan began


def test_latest_measurements_name_each_indicator_once(client):
    html = page(client, "overview", peildatum="2026-11-30")
    table = html.split('id="latest-title"')[1].split("</table>")[0]
    names = re.findall(r'<th scope="row"[^>]*><a[^>]*>([^<]+)</a>', table)
    assert names and len(names) == len(set(names))
    # Heerde's demo figures are all from before 2022: the page says so.
    assert "Geen van deze cijfers gaat al over de periode van het plan (vanaf 2022)." in html
