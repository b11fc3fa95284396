"""Importing a policy document: the draft read from each seed against the reviewed data."""

import html
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from weasyprint import HTML

from koers.imports.document import read_document, source_text
from koers.imports.document.framework import read_framework
from koers.imports.document.programme import read_programme

from plan_scoring import score, score_programme

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FRAMEWORK = SEEDS / "000_7003adf1e14434c8.txt"
PROGRAMME = SEEDS / "003_12bc93806595a94c.txt"
COMMON_LAYOUT = Path(__file__).parent / "data" / "programma-zuiderkerk.txt"


def assert_at_least(level: float, figures: dict, document: str) -> None:
    """Print precision and recall per kind, and require both to reach `level`."""
    print(f"\n{document}: precision / recall")
    for kind, (precision, recall) in figures.items():
        print(f"  {kind:20} {precision:.3f} / {recall:.3f}")
    assert {kind: min(pr) >= level for kind, pr in figures.items()} == dict.fromkeys(figures, True)


@pytest.fixture(scope="module")
def framework_draft():
    return read_framework(FRAMEWORK.read_text(encoding="utf-8"))


def test_framework_draft_matches_the_reviewed_data(framework_draft, heerde_document):
    draft, _doubts = framework_draft
    figures = score(draft["frameworks"][0], heerde_document["frameworks"][0])
    assert_at_least(0.95, figures, "kaderdocument")


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
    assert_at_least(0.95, figures, "uitvoeringsprogramma")


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


# -- the marks of PDF extraction ---------------------------------------------------------------


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


@pytest.mark.parametrize("fixture", ["framework_draft", "programme_draft"])
def test_no_page_headers_or_split_words_in_the_draft(fixture, request):
    draft, _doubts = request.getfixturevalue(fixture)
    seed = FRAMEWORK if fixture == "framework_draft" else PROGRAMME
    text = "\n".join(_texts(draft))
    assert "KADERDOCUMENT" not in text and "\ufffd" not in text and "•" not in text
    # Every word the seed splits over two lines ("aan-" / "doeningen") is whole again.
    raw = re.sub(r"\n\s*\n", "\n", seed.read_text(encoding="utf-8"))
    splits = re.findall(r"(\w+)-[ \t]*\n\s*(?!(?:en|of|tot)\b)([a-zà-ÿ]\w*)", raw)
    assert splits
    for first, second in splits:
        assert f"{first}- {second}" not in text and f"{first}-\n{second}" not in text


@pytest.mark.parametrize("seed", [FRAMEWORK, PROGRAMME, COMMON_LAYOUT], ids=lambda p: p.stem)
def test_a_pdf_made_from_the_text_imports_like_the_text(seed):
    raw = seed.read_text(encoding="utf-8")
    page = (
        '<html lang="nl"><body><pre style="font: 6pt DejaVu Sans Mono; white-space: pre">'
        f"{html.escape(raw)}</pre></body></html>"
    )
    pdf = HTML(string=page).write_pdf()
    source = source_text(f"{seed.stem}.pdf", pdf)
    assert source.page_starts
    from_pdf, from_text = read_document(source.text), read_document(raw)
    assert from_pdf.kind == from_text.kind
    if from_text.kind == "framework":
        figures = score(from_pdf.document["frameworks"][0], from_text.document["frameworks"][0])
    else:
        figures = score_programme(
            from_pdf.document["programmes"][0], from_text.document["programmes"][0]
        )
    assert figures == dict.fromkeys(figures, (1.0, 1.0))


# Pieces of the documents' structure, so that the readers' rules are reached, not only
# their first checks.
PIECES = [
    *"abcdefghij ABCDE.,:;-•%€()\n\t0123456789\ufffd",
    "Waar staan we?\n",
    "Hoe laten we dit zien?\n",
    "Wat zijn onze ambities?\n",
    "3. Thema\n",
    "3.1 Opgave\n",
    "3. Inleiding\n",
    "1. Ambitie\n",
    "1.1 Actie.\n",
    "5.1 A Resultaat\n",
    "Wat gaan we doen\n",
    "Middelen en capaciteit\n",
    "€ 8.500,-\n",
    "- \n",
    "- - gereserveerd € 10.000\n",
    "Wat willen we bereiken?\n",
    "Wat gaat het kosten?\n",
    "ver-\n\nbonden\n",
    # programme budgets and annual accounts
    "P2 Mens en maatschappij\n",
    "Programma 3: Zorg\n",
    "Doelstellingen\n",
    "Doel 1: Goede zorg\n",
    "a. Een doel\n",
    "6.1.2 Resultaat\n",
    "Wat hebben we daarvoor gedaan?\n",
    "Gerealiseerd. ",
    "Effectindicatoren\n",
    "Indicator Peilwaarde Streefwaarde 2025 Realisatie 2025\n",
    "% inwoners 6,9 (2023) 5,9 n.b.\n",
    "| 12.367 | € 18 mln. | 205 kg |\n",
    "* voetnoot\n",
    "Paragrafen\n",
]


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.text(max_size=400), st.lists(st.sampled_from(PIECES), max_size=80).map("".join)),
    st.sampled_from(["auto", "framework", "programme", "budget", "accounts"]),
)
@example("0.0 0\n1. ?\na", "programme")  # a cell running on before any action or result
def test_any_text_gives_a_draft_and_doubts(raw, kind):
    draft = read_document(raw, kind)
    assert draft.kind in {"framework", "programme", "budget", "accounts"}
    assert isinstance(draft.doubts, list)
    if draft.kind == "accounts":
        assert isinstance(draft.document["results"], list)
        assert isinstance(draft.document["figures"], list)
        return
    plans = draft.document.get("frameworks") or draft.document.get("programmes")
    assert isinstance(plans, list) and len(plans) == 1


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("We zagen een enorme daling, -35,6%, van het aantal WW-uitkeringen.", "percent_change"),
        ("Het aantal meldingen groeide met +12% ten opzichte van 2021.", "percent_change"),
        ("De procentuele verandering van het aantal bijstandsuitkeringen.", "percent_change"),
        ("Verandering van het aantal WW-uitkeringen in procenten.", "percent_change"),
        ("Het percentage jongeren dat rookt daalt met 5%.", "percent"),
        ("Tussen 10-15% van de inwoners voelt zich eenzaam.", "percent"),
        ("Het aantal kinderen met een kinddossier neemt af.", "count"),
        ("Verandering van het aantal statushouders met werk.", "count"),
        ("Inwoners ervaren meer regie.", "none"),
    ],
)
def test_the_unit_of_an_indicator_sentence(sentence, unit):
    from koers.imports.document.framework import indicator_unit

    assert indicator_unit(sentence) == unit
