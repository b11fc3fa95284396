"""`koers status`: the status tree of the Heerde plan from the database."""

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from koers.monitor.models import Assessment, Indicator, Measurement, Target
from koers.monitor.tree import status_tree
from koers.plans.models import Action, Framework, Task

pytestmark = pytest.mark.usefixtures("heerde")


def _find(node: dict, kind: str, code: str) -> dict | None:
    if node["kind"] == kind and node["code"] == code:
        return node
    for child in node["children"]:
        found = _find(child, kind, code)
        if found:
            return found
    return None


def _status_json(capsys, on: str = "2022-06-01") -> dict:
    call_command("status", "--date", on, "--json")
    return json.loads(capsys.readouterr().out)


def test_loneliness_of_the_elderly_rests_on_figures_from_before_the_plan(capsys):
    """2016 -> 2020 went the wrong way, but the plan began in 2022: no verdict on the plan."""
    framework = _status_json(capsys)["frameworks"][0]
    indicator = _find(framework, "indicator", "3.1-eenzaamheid-65plus")
    assert indicator["status"] == "pre_plan"
    assert indicator["reason"] == (
        "Geen cijfers sinds de start van het plan in 2022: de nieuwste zijn van 2020 en zeggen "
        "dus nog niets over wat het plan bereikt. Gemeten 42% in 2020 tegen nulmeting 33% in "
        "2016; doel: afname."
    )
    assert indicator["next_period"] == "2024"
    task = _find(framework, "task", "3.1")
    assert task["status"] == "insufficient"
    assert task["reason"] == "Het enige onderdeel is niet te beoordelen; 1 zonder actuele cijfers."


def test_context_figures_do_not_count(capsys):
    framework = _status_json(capsys)["frameworks"][0]
    assert _find(framework, "indicator", "3.1-matig-eenzaam-65plus") is None


def test_a_new_measurement_changes_the_status(capsys):
    indicator = Indicator.objects.get(code="3.1-eenzaamheid-65plus")
    Measurement.objects.create(
        indicator=indicator, area=indicator.measurements.first().area, period="2024", value=30
    )
    before = _find(_status_json(capsys, "2024-06-01")["frameworks"][0], "indicator", indicator.code)
    assert before["status"] == "pre_plan"  # a 2024 figure counts once 2024 has ended
    after = _find(_status_json(capsys, "2026-01-01")["frameworks"][0], "indicator", indicator.code)
    assert after["status"] == "on_track"


def test_qualitative_indicator_with_an_assessment(capsys):
    indicator = Indicator.objects.filter(kind="qualitative").first()
    Assessment.objects.create(
        indicator=indicator, assessed_on=date(2022, 5, 1), verdict="at_risk", text="Te weinig."
    )
    node = _find(_status_json(capsys)["frameworks"][0], "indicator", indicator.code)
    assert node["status"] == "assessed"
    assert node["reason"] == "Beoordeeld op 01-05-2022: risico. Te weinig."


def test_text_output_in_dutch(capsys):
    call_command("status", "--date", "2022-06-01")
    output = capsys.readouterr().out
    assert output.startswith("Status op 01-06-2022")
    assert "3.1 Verminderen van eenzaamheid bij ouderen — onvoldoende gegevens" in output


def _queries() -> int:
    reset_queries()  # the log keeps 9,000 queries at most: start from empty
    with CaptureQueriesContext(connection) as queries:
        status_tree(Framework.objects.get(), date(2024, 1, 1))
    return len(queries)


def test_constant_number_of_queries():
    before = _queries()
    # Grow the plan: more tasks, indicators, targets, measurements and actions.
    task = Task.objects.get(code="3.1")
    area = task.indicators.first().measurements.first().area
    for n in range(5):
        extra = Task.objects.create(
            theme=task.theme, framework=task.framework, code=f"3.{10 + n}", title="x", order=50 + n
        )
        for i in range(4):
            indicator = Indicator.objects.create(task=extra, code=f"3.{10 + n}-i{i}", name="x")
            Target.objects.create(indicator=indicator, kind="direction", direction="decrease")
            for year in (2016, 2020):
                Measurement.objects.create(
                    indicator=indicator, area=area, period=str(year), value=year % 7
                )
    if Action.objects.exists():
        ambition = Action.objects.first().ambition
        for i in range(10):
            Action.objects.create(ambition=ambition, code=f"9.{i}", text="x", order=100 + i)
    assert _queries() == before


def test_targets_command_reads_sentences_and_reports_the_rest(capsys):
    indicator = Indicator.objects.get(code="3.1-eenzaamheid-65plus")
    indicator.targets.all().delete()
    unread = Indicator.objects.create(
        task=indicator.task, code="3.1-x", name="x", sentence="We monitoren de instroom.", order=99
    )
    call_command("targets", "--apply")
    output = capsys.readouterr().out
    assert f"{unread.code}: geen doel herkend in: We monitoren de instroom." in output
    target = indicator.targets.get()
    assert (target.kind, target.direction) == ("direction", "decrease")
    assert not unread.targets.exists()
