"""The Heerde plan as loaded from data/heerde/, checked against the two source documents.

Expected numbers are read off the documents in ../shared/seeds/, not off the data files.
"""

from decimal import Decimal

import pytest

from koers.budgets.models import BudgetLine
from koers.monitor.models import Indicator, Measurement
from koers.plans.models import Action, Ambition, Programme, Result, Task, Theme

pytestmark = pytest.mark.usefixtures("heerde")


def _range(prefix: str, last: int) -> list[str]:
    return [f"{prefix}.{n}" for n in range(1, last + 1)]


# "Wat gaan we doen" and "Hoe laten we dit zien" per opgave of the programme.
ACTIONS = {
    "6.1": [
        "1.1",
        "1.2",
        *_range("2", 7),
        "3.1",
        "3.2",
        *_range("4", 3),
        "5.1",
        "5.2",
        "6.1",
        "6.2",
        "7.1",
    ],
    "6.2": ["1.1", "2.1", "2.2", "3.1", "3.2", "4.1"],
    "6.3": ["1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "3.3", "4.1", "5.1", "5.2", "5.3"],
    "6.4": [*_range("1", 7), *_range("2", 4), *_range("3", 5)],
}
RESULTS = {
    "6.1": [
        "1.1",
        "1.2",
        *_range("2", 7),
        "3.1",
        "3.2",
        *_range("4", 3),
        "5.1 A",
        "5.1 B",
        "5.2",
        "6.1",
        "6.2",
        "7.1",
    ],
    "6.2": ["1.1", "2.1", "2.2", "3.1", "3.2", "4.1"],
    "6.3": [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
        "3.1",
        "3.2",
        "3.3",
        "4.1",
        "5.1",
        "5.2",
        "5.3",
        "5.3",
        "5.3",
    ],
    "6.4": [*_range("1", 7), *_range("2", 4), *_range("3", 5)],
}
AMBITIONS = {"6.1": 7, "6.2": 4, "6.3": 5, "6.4": 3}


def test_six_themes_in_chapters_three_to_eight():
    assert list(Theme.objects.order_by("order").values_list("chapter", flat=True)) == [
        "3",
        "4",
        "5",
        "6",
        "7",
        "8",
    ]
    assert Theme.objects.get(chapter="6").title == "Gelijke kansen"


def test_twenty_two_tasks_each_with_ambition_and_indicator():
    codes = list(Task.objects.order_by("theme__order", "order").values_list("code", flat=True))
    assert codes == [
        *_range("3", 4),
        *_range("4", 4),
        *_range("5", 4),
        *_range("6", 4),
        *_range("7", 3),
        *_range("8", 3),
    ]
    for task in Task.objects.all():
        assert task.situation, task.code
        assert Ambition.objects.filter(task=task).exists(), task.code
        assert Indicator.objects.filter(task=task, role="monitor").exists(), task.code


def test_programme_has_the_four_tasks_of_theme_six():
    programme = Programme.objects.get()
    assert programme.theme.chapter == "6"
    assert (programme.start_year, programme.end_year) == (2023, 2024)
    tasks = programme.ambitions.order_by("task__code").values_list("task__code", flat=True)
    tasks = list(dict.fromkeys(tasks))
    assert tasks == ["6.1", "6.2", "6.3", "6.4"]
    for code, count in AMBITIONS.items():
        numbers = list(
            programme.ambitions.filter(task__code=code)
            .order_by("order")
            .values_list("number", flat=True)
        )
        assert numbers == [str(n) for n in range(1, count + 1)], code


@pytest.mark.parametrize("task", sorted(ACTIONS))
def test_every_action_and_result_number(task):
    actions = Action.objects.filter(ambition__task__code=task).order_by("ambition__order", "order")
    results = Result.objects.filter(ambition__task__code=task).order_by("ambition__order", "order")
    assert [a.code for a in actions] == ACTIONS[task]
    assert [r.code for r in results] == RESULTS[task]


def test_results_belong_to_their_actions():
    result = Result.objects.get(ambition__task__code="6.1", code="5.1 B")
    assert result.action.code == "5.1"
    assert (
        Result.objects.filter(ambition__task__code="6.3", code="5.3", action__code="5.3").count()
        == 3
    )


def test_cross_references():
    action = Action.objects.get(ambition__task__code="6.1", code="1.1")
    assert sorted(t.code for t in action.references.all()) == ["4.4", "6.3"]
    result = Result.objects.get(ambition__task__code="6.1", code="6.2")
    assert [t.code for t in result.references.all()] == ["7.3"]
    action = Action.objects.get(ambition__task__code="6.3", code="2.1")
    assert [t.code for t in action.references.all()] == ["4.3"]


def test_budget_lines_and_total():
    lines = list(BudgetLine.objects.order_by("order"))
    assert [line.task.code for line in lines] == ["6.1", "6.2", "6.3", "6.3", "6.4"]
    assert [line.amount_cents for line in lines] == [850000, 1000000, None, 500000, 800000]
    assert sum(line.amount_cents or 0 for line in lines) == 3150000
    assert [line.reserved_elsewhere for line in lines] == [False, True, False, False, False]
    assert lines[2].kind == "recurring"
    assert lines[0].amount_euros == "€ 8.500,00"


def _value(task: str, area: str, value: str, period: str | None = None) -> Measurement:
    found = Measurement.objects.filter(
        indicator__task__code=task, area__code=area, value=Decimal(value)
    )
    if period is not None:
        found = found.filter(period=period)
    assert found.count() == 1, (task, area, value, period)
    return found.get()


def test_figures_from_waar_staan_we():
    # 3.1: "39% van de ouderen (65+) ... matig eenzaam", "van 33% (2016) naar 42% (2020)"
    assert "matig" in _value("3.1", "GM0246", "39").indicator.name.lower()
    before, after = _value("3.1", "GM0246", "33", "2016"), _value("3.1", "GM0246", "42", "2020")
    assert before.indicator == after.indicator
    # 3.3: 38% volunteers against the Dutch average of 25%
    assert _value("3.3", "GM0246", "38").indicator == _value("3.3", "NL01", "25").indicator
    # 3.4: 18% carers against 14% in the Netherlands
    assert _value("3.4", "GM0246", "18").indicator == _value("3.4", "NL01", "14").indicator


def test_smokers_against_the_region():
    heerde = _value("4.1", "GM0246", "16")
    region = _value("4.1", "REGIO-NOG", "22")
    assert heerde.indicator == region.indicator
    assert "rok" in heerde.indicator.name.lower()


def test_targets_keep_their_sentence():
    indicator = Indicator.objects.get(task__code="3.1", role="monitor")
    target = indicator.targets.get()
    assert (target.kind, target.direction) == ("direction", "decrease")
    assert "neemt af" in indicator.sentence
