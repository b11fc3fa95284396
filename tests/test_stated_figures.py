"""The figures the Heerde framework states in "Waar staan we?", found as candidates: the
draft against a hand-made answer key (tests/data/answer-keys/heerde-kaderdocument-figures.yaml)."""

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from koers.imports.document import read_document
from koers.imports.document.figures import candidate_figures

KEY = yaml.safe_load(
    (
        Path(__file__).parent / "data" / "answer-keys" / "heerde-kaderdocument-figures.yaml"
    ).read_text()
)
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def found_and_wanted(candidates) -> tuple[Counter, Counter]:
    found = Counter((c["task"], Decimal(c["value"])) for c in candidates)
    wanted = Counter(
        (task, Decimal(str(value)))
        for task, figures in KEY["figures"].items()
        for value, _ in figures
    )
    return found, wanted


@pytest.fixture(scope="module")
def draft():
    return read_document((SEEDS / KEY["document"]).read_text(encoding="utf-8"))


def test_the_framework_draft_holds_at_least_95_percent_of_its_stated_figures(draft):
    found, wanted = found_and_wanted(draft.candidates)
    matched = sum((found & wanted).values())
    recall = matched / sum(wanted.values())
    precision = matched / sum(found.values())
    print(f"\nstated figures: recall {recall:.3f}, precision {precision:.3f}")
    print("missed:", sorted((wanted - found).elements()))
    print("extra:", sorted((found - wanted).elements()))
    assert recall >= 0.95
    assert precision >= 0.9


@pytest.mark.parametrize(
    ("sentence", "values"),
    [
        ("Eind november 2021 betrof dit drie tot achttien statushouders.", ["3", "18"]),
        ("Het gaat om 12 tot 15% van de jongeren.", ["12", "15"]),
        ("In gemeente Heerde hebben we ongeveer tien cliënten die beschermd wonen.", ["10"]),
        ("In 2021 werden er twee meldingen van discriminatie gedaan.", ["2"]),
        ("Het aantal woningaanpassingen is sindsdien verdrievoudigd.", ["3"]),
        ("Er wonen drie keer zo veel ouderen als in 2000.", ["3"]),
        ("Ongeveer een vierde van de jongeren gaat buiten de gemeente naar school.", ["25"]),
        ("In 2021 had 6,5% van de inwoners (1.227) een migratieachtergrond.", ["6.5", "1227"]),
        ("Er is 26 keer advies ingewonnen.", ["26"]),
        ("We hebben een daling gezien, -35,6%, van het aantal WW-uitkeringen.", ["-35.6"]),
        ("Dit gaat om 16 uur per week voor kinderen van 2,5 tot 4 jaar.", []),
        ("Een inkomen van 120% van de bijstandsnorm.", []),
        ("Er zijn twee aandachtsfunctionarissen die advies geven.", []),
    ],
)
def test_figures_in_words_ranges_and_multiples(sentence, values):
    assert [c["value"] for c in candidate_figures(sentence, 1)] == values


@pytest.mark.parametrize(
    ("sentence", "areas"),
    [
        ("Dit is een stuk hoger dan het Nederlands gemiddelde van 25%.", [("25", "country")]),
        (
            "Circa 45% (regiogemiddelde 41%) houdt zich aan de richtlijn.",
            [("45", None), ("41", "region")],
        ),
        ("Eén op de vijf Nederlanders krijgt dementie.", [("20", "country")]),
        ("In Heerde is het 38%, tegen 25% landelijk.", [("38", None), ("25", "country")]),
        (
            "Ruim 61% van de huishoudens heeft een laag inkomen ten opzichte van 5% van de "
            "Nederlandse huishoudens.",
            [("61", None), ("5", None)],
        ),
    ],
)
def test_a_figure_about_the_country_or_the_region_says_so(sentence, areas):
    assert [(c["value"], c["area"]) for c in candidate_figures(sentence, 1)] == areas
