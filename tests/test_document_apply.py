"""`koers import-document`: a draft compared with the database, new items added once."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from koers.budgets.models import BudgetLine
from koers.monitor.models import Indicator, Target
from koers.plans.models import Action, Ambition, Framework, Partner, Programme, Result, Task

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FRAMEWORK = SEEDS / "000_7003adf1e14434c8.txt"
PROGRAMME = SEEDS / "003_12bc93806595a94c.txt"
MODELS = [Framework, Task, Ambition, Indicator, Target, Programme, Action, Result, BudgetLine]


def snapshot() -> dict[str, tuple[int, int]]:
    """Objects and history records per model: what 'changes nothing' is checked against."""
    return {m.__name__: (m.objects.count(), m.history.count()) for m in MODELS}


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_document", *args, stdout=out)
    return out.getvalue()


def test_importing_the_seeds_again_changes_nothing(heerde):
    before = snapshot()
    for seed in (FRAMEWORK, PROGRAMME):
        output = run(str(seed), "--yes")
        assert "Niets nieuw" in output, output
    assert snapshot() == before


def test_an_empty_database_gets_the_whole_plan(db, tmp_path):
    draft = tmp_path / "kader.json"
    output = run(str(FRAMEWORK), "--municipality", "GM0246", "--yes", "-o", str(draft))
    assert "22 opgaven" in output or "22 opgaves" in output, output
    assert json.loads(draft.read_text(encoding="utf-8"))["format"] == "koers"
    assert Task.objects.count() == 22
    # Target sentences go through the monitor's target parser.
    loneliness = Indicator.objects.get(task__code="3.1")
    assert loneliness.targets.get().direction == "decrease"
    assert loneliness.direction == "lower_better" and loneliness.unit == "percent"
    record = Task.history.first()
    assert record.history_change_reason == f"koers import-document {FRAMEWORK.name}"

    run(str(PROGRAMME), "--yes")
    programme = Programme.objects.get()
    assert Action.objects.filter(ambition__programme=programme).count() == 52
    assert Result.objects.filter(ambition__programme=programme).count() == 55
    assert sorted(BudgetLine.objects.values_list("amount_cents", flat=True), key=str) == sorted(
        [850000, 1000000, None, 500000, 800000], key=str
    )
    first = Action.objects.get(ambition__task__code="6.1", ambition__number="1", code="1.1")
    assert sorted(first.references.values_list("code", flat=True)) == ["4.4", "6.3"]
    # What the actions' texts say of their planning and partners comes along.
    late = Action.objects.get(ambition__task__code="6.1", ambition__number="2", code="2.2")
    assert (late.planned_text, str(late.deadline)) == ("Voor 2025", "2024-12-31")
    with_partners = Action.objects.get(ambition__task__code="6.3", code="3.1")
    assert {p.name for p in with_partners.partners.all()} >= {"Lucrato"}
    assert Partner.objects.get(name="stichting Roze 50+").kind == "external"
    assert Partner.objects.get(name="Gemeente Heerde").kind == "municipal"
    planned = Action.objects.filter(ambition__programme=programme).exclude(planned_text="")
    assert planned.count() >= 10 and planned.exclude(deadline=None).count() >= 6

    before = snapshot()
    run(str(FRAMEWORK), "--yes")
    run(str(PROGRAMME), "--yes")
    assert snapshot() == before


def test_dry_run_and_unanswered_questions_write_nothing(db, monkeypatch):
    output = run(str(FRAMEWORK), "--municipality", "GM0246", "--dry-run")
    assert "+ thema 3 Benut de kracht van de samenleving" in output
    assert "Proefdraai" in output
    assert not Framework.objects.exists()

    def no_answer(_question: str) -> str:
        raise EOFError

    monkeypatch.setattr("builtins.input", no_answer)
    run(str(FRAMEWORK), "--municipality", "GM0246")
    assert not Framework.objects.exists()
    monkeypatch.setattr("builtins.input", lambda _question: "ja")
    run(str(FRAMEWORK), "--municipality", "GM0246")
    assert Framework.objects.count() == 1


def test_clear_messages_and_nothing_written(db, tmp_path):
    with pytest.raises(CommandError, match="CBS-code"):
        run(str(FRAMEWORK), "--yes")
    with pytest.raises(CommandError, match="kaderdocument"):
        run(str(PROGRAMME), "--yes")  # no framework holds tasks 6.1-6.4 yet
    # A dry run that only reads: the draft is written, and the run succeeds.
    draft = tmp_path / "programma.json"
    output = run(str(PROGRAMME), "--dry-run", "-o", str(draft))
    assert "Niet met de database vergeleken" in output and "kaderdocument" in output
    assert len(json.loads(draft.read_text(encoding="utf-8"))["programmes"][0]["ambitions"]) == 19
    word = tmp_path / "plan.docx"
    word.write_bytes(b"PK\x03\x04 not a text")
    with pytest.raises(CommandError, match=r"plan\.docx.*\.txt en \.pdf"):
        run(str(word))
    broken = tmp_path / "kapot.pdf"
    broken.write_bytes(b"%PDF-1.7 this is not really a PDF")
    with pytest.raises(CommandError, match=r"kapot\.pdf"):
        run(str(broken))
    assert not Framework.objects.exists()
