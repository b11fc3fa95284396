"""Importing a policy document: the draft read from each seed against the reviewed data."""

from pathlib import Path

import pytest

from koers.imports.document.framework import read_framework
from koers.imports.document.programme import read_programme

from plan_scoring import score, score_programme

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FRAMEWORK = SEEDS / "000_7003adf1e14434c8.txt"
PROGRAMME = SEEDS / "003_12bc93806595a94c.txt"
COMMON_LAYOUT = Path(__file__).parent / "data" / "programma-zuiderkerk.txt"


@pytest.fixture(scope="module")
def framework_draft():
    return read_framework(FRAMEWORK.read_text(encoding="utf-8"))


def test_framework_draft_matches_the_reviewed_data(framework_draft, heerde_document):
    draft, _doubts = framework_draft
    figures = score(draft["frameworks"][0], heerde_document["frameworks"][0])
    print("\nkaderdocument: precision / recall")
    for kind, (precision, recall) in figures.items():
        print(f"  {kind:12} {precision:.3f} / {recall:.3f}")
    assert {kind: min(pr) >= 0.95 for kind, pr in figures.items()} == dict.fromkeys(figures, True)


def test_framework_draft_names_its_municipality_and_years(framework_draft):
    draft, doubts = framework_draft
    framework = draft["frameworks"][0]
    assert (framework["start_year"], framework["end_year"]) == (2022, 2027)
    assert draft["municipalities"][0]["name"] == "Heerde"
    # Chapter 2 ("2.1 Uitgangspunten") has numbered parts but no tasks: left out, said so.
    assert [t["chapter"] for t in framework["themes"]] == ["3", "4", "5", "6", "7", "8"]
    assert any("Hoofdstuk 2" in d["message"] for d in doubts)


@pytest.fixture(scope="module")
def programme_draft():
    return read_programme(PROGRAMME.read_text(encoding="utf-8"))


def test_programme_draft_matches_the_reviewed_data(programme_draft, heerde_document):
    draft, _doubts = programme_draft
    reference = heerde_document["frameworks"][0]["programmes"][0]
    figures = score_programme(draft["programmes"][0], reference)
    print("\nuitvoeringsprogramma: precision / recall")
    for kind, (precision, recall) in figures.items():
        print(f"  {kind:20} {precision:.3f} / {recall:.3f}")
    assert {kind: min(pr) >= 0.95 for kind, pr in figures.items()} == dict.fromkeys(figures, True)


def test_programme_cross_references_numbers_and_amounts(programme_draft):
    draft, _doubts = programme_draft
    programme = draft["programmes"][0]
    assert (programme["theme"], programme["start_year"], programme["end_year"]) == ("6", 2023, 2024)
    first = programme["ambitions"][0]
    assert first["actions"][0]["references"] == ["4.4", "6.3"]  # "Zie ook opgaven 4.4 .. en 6.3"
    codes = [r["code"] for a in programme["ambitions"] for r in a["results"]]
    assert "5.1 A" in codes and codes.count("5.3") == 3
    assert all(
        r["action"] for a in programme["ambitions"] for r in a["results"] if r["code"] != "5.3"
    )
    reserved = [b for b in programme["budget_lines"] if b["reserved_elsewhere"]]
    assert [(b["task"], b["amount_cents"]) for b in reserved] == [("6.2", 1000000)]
    regular = [b for b in programme["budget_lines"] if b["amount_cents"] is None]
    assert regular[0]["funding_source"].startswith("Komt uit reguliere budgetten")


def test_the_common_programme_layout_is_read_too():
    draft, doubts = read_programme(COMMON_LAYOUT.read_text(encoding="utf-8"))
    programme = draft["programmes"][0]
    goals = [(a["task"], a["number"], a["text"]) for a in programme["ambitions"]]
    assert goals == [
        ("2.1", "1", "Minder inwoners van 18 jaar en ouder roken."),
        (
            "2.1",
            "2",
            "Jongeren onder de 18 drinken geen alcohol en ouders weten hoe ze daarover met "
            "hun kinderen praten.",
        ),
        ("2.2", "1", "Meer inwoners bewegen volgens de beweegrichtlijn."),
    ]
    actions = [a["code"] for goal in programme["ambitions"] for a in goal["actions"]]
    assert actions == ["1.1", "1.2", "2.1", "2.2", "1.1", "1.2"]
    assert programme["ambitions"][0]["actions"][1]["text"] == (
        "Alle scholen en sportverenigingen worden rookvrij; zie ook opgave 2.2."
    )
    amounts = [(b["task"], b["description"], b["amount_cents"]) for b in programme["budget_lines"]]
    assert amounts == [
        ("2.1", "Cursus stoppen met roken", 1250000),
        ("2.1", "Ouderavonden", 425050),
        ("2.2", "Beweegtuinen", 6000000),
        ("2.2", "Buurtsportcoaches", None),
    ]
    assert programme["budget_lines"][-1]["kind"] == "recurring"
    assert (programme["start_year"], programme["end_year"]) == (2024, 2025)
    assert doubts == []
