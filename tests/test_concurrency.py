"""Two writers who read the same version save at the same moment: exactly one wins.

Real threads, each with its own database connection, released together by a barrier, 100
rounds per kind of item. Needs a database server (PostgreSQL in CI); SQLite takes one writer
at a time by design, and the stale-version rule itself is tested on it in
test_write_rules.py.
"""

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from conftest import SMALL_DOCUMENT
from django.db import connection, connections

from koers.concurrency import Conflict
from koers.imports.loader import load_document
from koers.monitor import services as monitor_services
from koers.monitor.models import Measurement
from koers.plans import services as plan_services
from koers.plans.models import Action, Result, Task
from koers.reports import services as report_services
from koers.reports.models import Explanation, Report

from helpers import user

ROUNDS = 100

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite", reason="needs a database server with row locks"
    ),
]


def race(write: Callable[[int], object]) -> list[str]:
    """Run write(0) and write(1) at the same moment; what each got: 'saved' or 'conflict'."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = ["", ""]

    def run(n: int) -> None:
        try:
            barrier.wait()
            write(n)
            outcomes[n] = "saved"
        except Conflict:
            outcomes[n] = "conflict"
        except Exception as error:
            outcomes[n] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def editor():
    load_document(SMALL_DOCUMENT, "test", "test")
    return user("redacteur", "editor", ["3"])


def value(n: int, number: int) -> int:
    """What writer n writes in round `number`: it tells the two writers apart."""
    return (n * 51 + number) % 101


def rounds(kind: str, write: Callable[[int, int, int], object], read: Callable[[], tuple]):
    """Each round both writers saw the current version; one saves, the other conflicts, and
    what is stored is the winner's."""
    for number in range(ROUNDS):
        version, _value = read()
        outcomes = race(lambda n, version=version, number=number: write(n, version, number))
        assert sorted(outcomes) == ["conflict", "saved"], (kind, number, outcomes)
        winner = outcomes.index("saved")
        assert read() == (version + 1, value(winner, number)), (kind, number)


def test_two_editors_saving_an_action_at_once(editor):
    pk = Action.objects.get().pk

    def write(n: int, version: int, number: int) -> None:
        plan_services.update_action(
            editor,
            Action.objects.get(pk=pk),
            {"progress": value(n, number)},
            expected_version=version,
        )

    def read() -> tuple:
        action = Action.objects.get(pk=pk)
        return action.version, action.progress

    rounds("action", write, read)


def test_two_editors_recording_a_result_at_once(editor):
    pk = Result.objects.get().pk

    def write(n: int, version: int, number: int) -> None:
        plan_services.record_result(
            editor,
            Result.objects.get(pk=pk),
            achieved=True,
            achieved_on=date(2024, 1, 1),
            evidence=str(value(n, number)),
            expected_version=version,
        )

    def read() -> tuple:
        result = Result.objects.get(pk=pk)
        return result.version, int(result.evidence or -1)

    rounds("result", write, read)


def test_two_editors_correcting_a_figure_at_once(editor):
    pk = Measurement.objects.get(period="2020", category=None).pk

    def write(n: int, version: int, number: int) -> None:
        monitor_services.change_measurement(
            editor,
            Measurement.objects.select_related("indicator__task__framework").get(pk=pk),
            {"value": Decimal(value(n, number))},
            expected_version=version,
        )

    def read() -> tuple:
        figure = Measurement.objects.get(pk=pk)
        return figure.version, int(figure.value)

    rounds("measurement", write, read)


def test_two_editors_explaining_a_task_at_once(editor):
    task = Task.objects.get(code="3.1")
    report = Report.objects.create(
        framework=task.framework, reporting_date=date(2024, 6, 30), title="Rapportage"
    )
    report_services.write_explanation(editor, report, task, "-1", expected_version=0)

    def write(n: int, version: int, number: int) -> None:
        report_services.write_explanation(
            editor, report, task, str(value(n, number)), expected_version=version
        )

    def read() -> tuple:
        explanation = Explanation.objects.get(report=report)
        return explanation.version, int(explanation.text)

    rounds("explanation", write, read)


def test_a_bulk_write_meeting_a_figure_stored_meanwhile_answers_409_with_the_row(
    editor, monkeypatch
):
    """Another writer stores one of the batch's keys after the batch was checked and read
    back, and before its new rows are written: nothing of the batch is kept, and the answer
    names the row and the figure it met. (On SQLite the other writer would wait for this
    one: it cannot happen there.)"""
    from rest_framework.test import APIClient

    from koers.monitor import bulk
    from koers.monitor.models import Area, Indicator

    indicator = Indicator.objects.get(code="3.1-eenzaamheid")
    area = Area.objects.get(code="GM0246")
    create = bulk.create_columns
    interleaved = []

    def meanwhile(*args):
        if interleaved:  # the other writer's own write, or a later batch
            return create(*args)
        interleaved.append(True)

        def other() -> None:
            figure = monitor_services.Figure(indicator, area, "2019", Decimal("7"))
            monitor_services.record_measurement(editor, figure)
            connections.close_all()

        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        return create(*args)

    monkeypatch.setattr(bulk, "create_columns", meanwhile)
    client = APIClient()
    client.force_authenticate(editor)
    row = {"indicator": "3.1-eenzaamheid", "area": "GM0246", "value": "30"}
    rows = [{**row, "period": "2018"}, {**row, "period": "2019"}]
    answer = client.post("/api/v1/measurements/bulk/", {"measurements": rows}, format="json")

    assert answer.status_code == 409, answer.content
    stored = Measurement.objects.get(indicator=indicator, period="2019")
    assert [(e["row"], e["field"]) for e in answer.json()["errors"]] == [(2, "period")]
    assert (
        f"measurement {stored.pk}" in answer.json()["errors"][0]["message"]
        or str(stored.pk) in answer.json()["errors"][0]["message"]
    )
    assert stored.value == 7
    assert not Measurement.objects.filter(indicator=indicator, period="2018").exists()
