"""The review of a draft: its items at their source lines, and corrections applied to it."""

from pathlib import Path

import pytest

from koers.imports.document import read_document
from koers.imports.document.pointers import resolve
from koers.imports.document.review import correct, items
from koers.web.document_form import DraftForm, EuroField, LinesField, legend

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
COMMON_LAYOUT = Path(__file__).parent / "data" / "programma-zuiderkerk.txt"


@pytest.fixture(scope="module")
def framework():
    return read_document((SEEDS / "000_7003adf1e14434c8.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def programme():
    return read_document((SEEDS / "003_12bc93806595a94c.txt").read_text(encoding="utf-8"))


def source_line(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


def test_every_item_knows_the_line_it_was_read_from(framework, programme):
    text = (SEEDS / "000_7003adf1e14434c8.txt").read_text(encoding="utf-8").splitlines()
    found = items(framework.document, framework.lines)
    tasks = [i for i in found if i.model == "plans.Task"]
    assert len(tasks) == 22
    # A task's line is its heading; an indicator's is where its sentence starts.
    assert all(text[t.line - 1].strip().startswith(t.data["code"]) for t in tasks)
    indicator = next(i for i in found if i.model == "monitor.Indicator")
    assert indicator.data["sentence"].startswith(text[indicator.line - 1].strip().lstrip("•- "))
    # Every item but the framework, whose title comes from the running header.
    assert [i.model for i in found if i.line is None] == ["plans.Framework"]
    # Parents before their children, one level deeper each.
    assert [(i.model, i.depth) for i in found[:4]] == [
        ("plans.Framework", 0),
        ("plans.Theme", 1),
        ("plans.Task", 2),
        ("plans.Ambition", 3),
    ]
    lines = (SEEDS / "003_12bc93806595a94c.txt").read_text(encoding="utf-8").splitlines()
    for item in items(programme.document, programme.lines):
        if item.model == "plans.Action":
            assert lines[item.line - 1].strip().startswith(item.data["code"])
    budget = [
        i for i in items(programme.document, programme.lines) if i.branch.key == "budget_lines"
    ]
    assert budget and all(i.line for i in budget)


def test_the_common_layout_gives_lines_too():
    draft = read_document(COMMON_LAYOUT.read_text(encoding="utf-8"), "programme")
    found = items(draft.document, draft.lines)
    ambitions = [i for i in found if i.model == "plans.ProgrammeAmbition"]
    assert ambitions and all(
        source_line(COMMON_LAYOUT, i.line).strip().startswith(f"{i.data['number']}.")
        for i in ambitions
    )


def test_leaving_out_items_keeps_the_lines_of_the_others(programme):
    document, lines = programme.document, programme.lines
    before = items(document, lines)
    second = lines["/programmes/0/ambitions/1"]
    first_action = "/programmes/0/ambitions/0/actions/0"
    # An ambition and, at the same time, an action under it: both go, nothing else.
    corrected, kept = correct(document, lines, {}, {"/programmes/0/ambitions/0", first_action})
    under_first = [i for i in before if i.pointer.startswith("/programmes/0/ambitions/0/")]
    assert len(items(corrected, kept)) == len(before) - 1 - len(under_first)
    assert kept["/programmes/0/ambitions/0"] == second
    assert (
        resolve(corrected, "/programmes/0/ambitions/0")["text"]
        == resolve(document, "/programmes/0/ambitions/1")["text"]
    )
    # The draft read is untouched, and keeps to the export format.
    assert (
        len(document["programmes"][0]["ambitions"])
        == len(corrected["programmes"][0]["ambitions"]) + 1
    )
    assert "'_line'" not in str(corrected)


def test_a_corrected_text_is_read_again(framework, programme):
    action = "/programmes/0/ambitions/0/actions/0"
    corrected, _lines = correct(
        programme.document,
        programme.lines,
        {action: {"text": "Voorlichting op scholen. Zie ook opgaven 6.3 en 4.4."}},
        set(),
    )
    assert resolve(corrected, action)["references"] == ["6.3", "4.4"]

    indicator = next(
        i.pointer
        for i in items(framework.document, framework.lines)
        if i.model == "monitor.Indicator"
    )
    sentence = "Het aantal jongeren dat sport stijgt."
    corrected, _lines = correct(
        framework.document, framework.lines, {indicator: {"sentence": sentence}}, set()
    )
    read = resolve(corrected, indicator)
    assert (read["unit"], read["direction"]) == ("count", "higher_better")
    assert [t["direction"] for t in read["targets"]] == ["increase"]
    # What the adviser set stands; only what they left is derived again.
    corrected, _lines = correct(
        framework.document,
        framework.lines,
        {indicator: {"sentence": sentence, "unit": "percent"}},
        set(),
    )
    assert resolve(corrected, indicator)["unit"] == "percent"


def test_amounts_are_read_as_documents_write_them():
    field = EuroField(required=False)
    assert [field.clean(v) for v in ("8.500", "€ 8.500,-", "8.500,50", "1234", "")] == [
        850000,
        850000,
        850050,
        123400,
        None,
    ]
    for wrong in ("acht euro", "-5", "8,505"):
        with pytest.raises(Exception, match="bedrag in euro"):
            field.clean(wrong)
    assert field.prepare_value(850050) == "8.500,50"
    assert LinesField(required=False).clean(" a \n\n b ") == ["a", "b"]


def test_the_form_names_each_wrong_field_by_its_item(programme):
    found = items(programme.document, programme.lines)
    form = DraftForm(items=found)
    data = {name: form[name].value() for name in form.fields if not name.endswith("leave_out")}
    budget = next(n for n, i in enumerate(found) if i.branch.key == "budget_lines")
    data[f"{budget}-amount_cents"] = "acht euro"
    wrong = DraftForm(data, items=found)
    assert not wrong.is_valid()
    task = found[budget].data["task"]
    assert wrong.error_list() == [
        (
            f"id_{budget}-amount_cents",
            f"Begrotingsregel 1, opgave {task}, bedrag in euro",
            "Schrijf een bedrag in euro, zoals 8.500 of 8.500,00.",
        )
    ]
    # Unchanged, the form corrects nothing.
    del data[f"{budget}-amount_cents"]
    data[f"{budget}-amount_cents"] = form[f"{budget}-amount_cents"].value()
    same = DraftForm(data, items=found)
    assert same.is_valid() and same.corrections() == ({}, set())
    assert legend(found[0]) == "Uitvoeringsprogramma"


def test_an_actions_planning_is_reviewed_and_read_again(programme):
    found = items(programme.document, programme.lines)
    form = DraftForm(items=found)
    late = next(
        n
        for n, i in enumerate(found)
        if i.model == "plans.Action" and i.data["code"] == "2.2" and i.parent["task"] == "6.1"
    )
    assert form[f"{late}-planned_text"].value() == "Voor 2025"
    assert 'type="date"' in str(form[f"{late}-deadline"])
    assert form[f"{late}-deadline"].value() == "2024-12-31"
    # A rewritten text gives its planning anew, unless the adviser set it in the same step.
    pointer = found[late].pointer
    corrected, _lines = correct(
        programme.document, programme.lines, {pointer: {"text": "Eind 2023 is het klaar."}}, set()
    )
    assert (
        resolve(corrected, pointer)["planned_text"],
        resolve(corrected, pointer)["deadline"],
    ) == (
        "Eind 2023",
        "2023-12-31",
    )
    data = {name: form[name].value() for name in form.fields if not name.endswith("leave_out")}
    data[f"{late}-deadline"] = "2024-06-30"
    changed = DraftForm(data, items=found)
    assert changed.is_valid()
    assert changed.corrections() == ({pointer: {"deadline": "2024-06-30"}}, set())
