"""The database itself refuses what the documents cannot mean, whatever writes to it."""

import pytest
from django.db import IntegrityError, transaction

from koers.budgets.models import BudgetLine
from koers.imports.loader import load_document
from koers.monitor.models import Area, Indicator, Measurement, Target
from koers.plans.models import Action, Framework, Municipality, Result, Task, Theme


@pytest.fixture
def plan(db, small_document):
    load_document(small_document, "small.json", "test")


def _refused(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_measurement_unique_per_indicator_area_period(plan):
    existing = Measurement.objects.get(period="2020", category=None)
    _refused(
        lambda: Measurement.objects.create(
            indicator=existing.indicator, area=existing.area, period="2020", value=1
        )
    )
    other_area = Area.objects.get(code="NL01")
    Measurement.objects.create(
        indicator=existing.indicator, area=other_area, period="2020", value=1
    )


def test_measurement_period_format(plan):
    indicator, area = Indicator.objects.get(), Area.objects.get(code="GM0246")
    _refused(
        lambda: Measurement.objects.create(
            indicator=indicator, area=area, period="2020-13", value=1
        )
    )
    _refused(
        lambda: Measurement.objects.create(
            indicator=indicator, area=area, period="2024", value=1, margin=-1
        )
    )


def test_task_code_unique_in_framework(plan):
    theme = Theme.objects.get()
    other = Theme.objects.create(framework=theme.framework, chapter="4", title="Ander")
    _refused(lambda: Task.objects.create(theme=other, code="3.1", title="Dubbel"))


def test_municipality_code_format_and_uniqueness(db):
    Municipality.objects.create(name="Heerde", cbs_code="GM0246")
    _refused(lambda: Municipality.objects.create(name="Dubbel", cbs_code="GM0246"))
    _refused(lambda: Municipality.objects.create(name="Fout", cbs_code="0246"))


def test_framework_period_order(db):
    municipality = Municipality.objects.create(name="Heerde", cbs_code="GM0246")
    _refused(
        lambda: Framework.objects.create(
            municipality=municipality, title="Kader", start_year=2027, end_year=2022
        )
    )


def test_target_needs_its_numbers(plan):
    indicator = Indicator.objects.get()
    _refused(lambda: Target.objects.create(indicator=indicator, kind="direction", order=5))
    _refused(lambda: Target.objects.create(indicator=indicator, kind="share", value=120, order=5))
    _refused(
        lambda: Target.objects.create(indicator=indicator, kind="value_by_year", value=0, order=5)
    )
    _refused(
        lambda: Target.objects.create(
            indicator=indicator, kind="change_per_year", change=-5, order=5
        )
    )
    Target.objects.create(
        indicator=indicator, kind="change_per_year", change=-5, change_unit="absolute", order=5
    )


def test_action_and_result_rules(plan):
    action = Action.objects.get()
    _refused(lambda: Action.objects.create(ambition=action.ambition, code="1.1", text="Dubbel"))
    _refused(
        lambda: Action.objects.create(ambition=action.ambition, code="1.2", text="x", progress=101)
    )
    result = Result.objects.get()
    _refused(
        lambda: Result.objects.create(
            ambition=result.ambition, code="1.1", text="x", order=result.order
        )
    )
    _refused(
        lambda: Result.objects.create(
            ambition=result.ambition,
            code="1.2",
            text="x",
            order=9,
            achieved=False,
            achieved_on="2024-01-01",
        )
    )
    # The document numbers three results "5.3": codes may repeat.
    Result.objects.create(ambition=result.ambition, code="1.1", text="tweede", order=9)


def test_budget_amount_not_negative(plan):
    line = BudgetLine.objects.get()
    _refused(
        lambda: BudgetLine.objects.create(
            programme=line.programme, task=line.task, amount_cents=-1, order=7
        )
    )
