"""Importing a policy document: the draft read from each seed against the reviewed data."""

from pathlib import Path

import pytest

from koers.imports.document.framework import read_framework

from plan_scoring import score

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FRAMEWORK = SEEDS / "000_7003adf1e14434c8.txt"
PROGRAMME = SEEDS / "003_12bc93806595a94c.txt"


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
