"""export → import → export gives an identical file, and load-demo is idempotent."""

import json

import pytest
from django.core.management import call_command

from koers.imports.exporter import export_json
from koers.monitor.models import Measurement
from koers.plans.models import Action


@pytest.mark.django_db(transaction=True)
def test_export_import_export_is_identical(tmp_path):
    call_command("load_demo", verbosity=0)
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


def test_load_demo_twice_changes_nothing(heerde, capsys):
    before = export_json()
    history = sum(model.history.count() for model in (Action, Measurement))
    capsys.readouterr()
    call_command("load_demo")
    assert "Niets gewijzigd" in capsys.readouterr().out
    assert export_json() == before
    assert sum(model.history.count() for model in (Action, Measurement)) == history


def test_export_uses_constant_queries(heerde, django_assert_max_num_queries):
    # Every level of the tree is fetched once, whatever the size of the plan.
    with django_assert_max_num_queries(20):
        export_json()
