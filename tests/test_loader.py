"""Loading Koers documents: all-or-nothing, idempotent, and precise about errors."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from koers.imports.loader import DocumentError, load_document
from koers.monitor.models import Measurement
from koers.plans.models import Action, Framework, Task


def test_small_document_loads_everything(db, small_document):
    load_document(small_document, "small.json", "test")
    action = Action.objects.get()
    assert [p.name for p in action.partners.all()] == ["Stip"]
    assert [t.code for t in action.references.all()] == ["3.1"]
    assert action.results.get().code == "1.1"
    assert sorted(
        Measurement.objects.values_list("period", "category__code", "value"), key=str
    ) == [
        ("2016", None, 33),
        ("2020", "leeftijd-65plus", 47),
        ("2020", None, 42),
    ]
    target = action.references.get().indicators.get().targets.get(category__isnull=False)
    assert (target.category.dimension.name, target.value) == ("Leeftijd", 40)


def test_loading_twice_changes_nothing(db, small_document):
    first = load_document(small_document, "small.json", "test")
    history = Measurement.history.count()
    assert first["monitor.Measurement"] == 3
    assert load_document(small_document, "small.json", "test") == {}
    assert Measurement.history.count() == history


def test_changed_value_is_updated_and_recorded(db, small_document):
    load_document(small_document, "small.json", "test")
    indicator = small_document["frameworks"][0]["themes"][0]["tasks"][0]["indicators"][0]
    indicator["measurements"][1]["value"] = "41.5"
    assert load_document(small_document, "small.json", "a fix") == {"monitor.Measurement": 1}
    measurement = Measurement.objects.get(period="2020", category=None)
    assert str(measurement.value.normalize()) == "41.5"
    assert measurement.history.first().history_change_reason == "a fix"


def _indicator(document):
    return document["frameworks"][0]["themes"][0]["tasks"][0]["indicators"][0]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: _indicator(d)["measurements"][1].update(period="2020-13"),
            "thema 3 > opgave 3.1 > indicator 3.1-eenzaamheid > meting 2: 'period'",
        ),
        (
            lambda d: _indicator(d)["measurements"][1].update(value="veel"),
            "meting 2: 'value': 'veel' is geen getal",
        ),
        (
            lambda d: _indicator(d)["measurements"][1].update(area="GM9999"),
            "meting 2: 'area': 'GM9999' staat niet in dit document",
        ),
        (
            lambda d: _indicator(d)["measurements"][1].update(period="2016"),
            "meting 2: meting ",
        ),
        (
            lambda d: _indicator(d)["measurements"][1].update(value="500"),
            "meting 2: 'value': een percentage ligt tussen 0 en 100",
        ),
        (
            lambda d: _indicator(d)["measurements"][1].update(period="1990"),
            "meting 2: 'period': buiten 2012-2027",
        ),
        (
            lambda d: _indicator(d).update(colour="red"),
            "indicator 3.1-eenzaamheid: onbekend(e) veld(en) 'colour'",
        ),
        (lambda d: _indicator(d)["targets"][0].update(direction=None), "doel 1: "),
        (
            lambda d: d["frameworks"][0]["programmes"][0]["ambitions"][0]["actions"][0].update(
                references=["9.9"]
            ),
            "actie 1.1: 'references': '9.9' staat niet in dit document",
        ),
        (
            lambda d: d["frameworks"][0]["programmes"][0]["budget_lines"][0].update(
                amount_cents=-5
            ),
            "begrotingsregel 1: ",
        ),
    ],
)
def test_bad_document_names_the_place_and_writes_nothing(db, small_document, change, expected):
    change(small_document)
    with pytest.raises(DocumentError) as error:
        load_document(small_document, "small.json", "test")
    assert str(error.value).startswith("small.json: ")
    assert expected in str(error.value)
    assert not Framework.objects.exists()
    assert not Task.objects.exists()


def test_messages_in_english_on_request(db, small_document):
    _indicator(small_document)["measurements"][1].update(value="veel")
    with translation.override("en"), pytest.raises(DocumentError) as error:
        load_document(small_document, "small.json", "test")
    assert "theme 3 > task 3.1 > indicator 3.1-eenzaamheid > measurement 2: " in str(error.value)
    assert "'value': 'veel' is not a number" in str(error.value)


def test_import_refuses_a_database_that_is_not_empty(db, small_document, tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(small_document), encoding="utf-8")
    call_command("import", str(path), verbosity=0)
    with pytest.raises(CommandError, match="niet leeg"):
        call_command("import", str(path), verbosity=0)


def test_import_reports_broken_json_with_line(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "format": "koers",\n  "areas": [,]\n}', encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken.json: geen geldige JSON op regel 3"):
        call_command("import", str(path), verbosity=0)


def test_the_mode_that_only_adds_keeps_what_is_stored(db, small_document):
    """What the document import relies on: new items are added, stored ones kept whole."""
    from koers.imports.loader import load
    from koers.monitor.models import Indicator

    load_document(small_document, "small.json", "test")
    theme = small_document["frameworks"][0]["themes"][0]
    stored = theme["tasks"][0]
    stored["title"] = "Een andere titel"
    stored["indicators"].append({"code": "3.1-nieuw", "name": "Nieuw"})
    theme["tasks"].append({"code": "3.2", "title": "Nieuwe opgave", "ambitions": [{"text": "A"}]})
    before = Measurement.history.count()

    preview = load(small_document, "small.json", "test", add_only=True, dry_run=True)
    assert [str(obj) for obj in preview.added] == ["3.2 Nieuwe opgave", "3.2: A"]
    assert not Task.objects.filter(code="3.2").exists()  # a dry run writes nothing

    loaded = load(small_document, "small.json", "test", add_only=True)
    assert len(loaded.added) == 2
    assert any("3.1" in text and "titel" in text for text in loaded.differences)
    task = Task.objects.get(code="3.1")
    assert task.title == "Opgave"  # kept, with everything under it
    assert not Indicator.objects.filter(code="3.1-nieuw").exists()
    assert Task.objects.get(code="3.2").ambitions.count() == 1
    assert Measurement.history.count() == before
