"""export → import → export gives an identical file, and load-demo is idempotent."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from koers.budgets.models import BudgetLine, Spending
from koers.imports.exporter import export_json
from koers.monitor.models import Assessment, Indicator, Measurement, Target
from koers.plans.models import Action, ActionNote, Task


@pytest.mark.django_db(transaction=True)
def test_export_import_export_is_identical(tmp_path):
    call_command("load_demo", verbosity=0)
    qualitative = Indicator.objects.filter(kind="qualitative").first()
    Assessment.objects.create(
        indicator=qualitative, assessed_on="2024-05-01", verdict="on_track", text="Goed."
    )
    action = Action.objects.first()
    ActionNote.objects.create(
        action=action, noted_on="2024-02-01", text="Gestart.", status="in_progress", progress=10
    )
    Spending.objects.create(
        budget_line=BudgetLine.objects.first(),
        spent_on="2024-03-01",
        amount_cents=125000,
        description="Drukwerk",
    )
    first = tmp_path / "first.json"
    call_command("export", "--format", "json", "-o", str(first), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not Action.objects.exists()
    call_command("import", "--format", "json", str(first), verbosity=0)
    second = tmp_path / "second.json"
    call_command("export", "-o", str(second), verbosity=0)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
    document = json.loads(first.read_text(encoding="utf-8"))
    assert len(document["frameworks"][0]["themes"]) == 6
    assert Measurement.objects.count() > 0
    assert Assessment.objects.get().indicator.code == qualitative.code
    assert ActionNote.objects.get().text == "Gestart."
    assert Spending.objects.get().amount_cents == 125000


def test_load_demo_twice_changes_nothing(heerde, capsys):
    before = export_json()
    history = sum(model.history.count() for model in (Action, Measurement))
    capsys.readouterr()
    call_command("load_demo")
    assert "Niets gewijzigd" in capsys.readouterr().out
    assert export_json() == before
    assert sum(model.history.count() for model in (Action, Measurement)) == history


def _export_queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        export_json()
    return len(queries)


def test_export_uses_constant_queries(heerde):
    # Every level of the tree is fetched once, whatever the size of the plan.
    before = _export_queries()
    task = Task.objects.get(code="6.3")
    for i in range(20):
        indicator = Indicator.objects.create(
            task=task, code=f"6.3-extra-{i}", name="x", order=90 + i
        )
        target = Target.objects.create(indicator=indicator, kind="yearly")
        target.values.create(year=2026, value=i)
        Assessment.objects.create(indicator=indicator, assessed_on="2024-01-01", verdict="at_risk")
    assert _export_queries() == before
