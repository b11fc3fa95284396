"""Programme budgets (programmabegroting) read as a plan: the real Wassenaar budget 2025
against its hand-made answer key, and budgets in the genre's other layouts written for
these tests (docs/document-import.md, "Programme budgets")."""

import json
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from weasyprint import HTML

from koers.imports.document import detect_kind, read_document, source_text
from koers.imports.document.indicator_table import read_table
from koers.imports.document.pointers import resolve
from koers.imports.document.review import correct, items
from koers.imports.document.text import Line
from koers.web.document_form import DraftForm

DATA = Path(__file__).parent / "data"
KEY = yaml.safe_load((DATA / "answer-keys" / "wassenaar-programmabegroting-2025.yaml").read_text())
WASSENAAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "documents" / KEY["document"]
NOORDERVEEN = DATA / "budgets" / "begroting-noorderveen-2026.txt"
OOSTERMEER = DATA / "budgets" / "begroting-oostermeer-2025.txt"


def similar(a: str, b: str) -> bool:
    """The same text but for what extraction changes: spaces, quotes, a final stop."""

    def norm(text: str) -> str:
        text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
        return " ".join(text.lower().split()).rstrip(" .;")

    return SequenceMatcher(None, norm(a), norm(b), autojunk=False).ratio() >= 0.95


def outline(draft) -> dict:
    """The draft per programme: goals and results by code, indicators by name."""
    framework = draft.document["frameworks"][0]
    found = {}
    for theme, programme in zip(framework["themes"], framework["programmes"], strict=True):
        actions = [a for ambition in programme["ambitions"] for a in ambition["actions"]]
        found[theme["chapter"]] = {
            "title": theme["title"],
            "vision": theme["introduction"],
            "goals": {t["code"].split(".", 1)[1]: t["title"] for t in theme["tasks"]},
            "results": {a["code"]: a for a in actions},
            "indicators": {i["name"]: i for t in theme["tasks"] for i in t["indicators"]},
        }
    return found


@pytest.fixture(scope="module")
def wassenaar():
    source = source_text(WASSENAAR.name, WASSENAAR.read_bytes())
    return read_document(source.text)


def test_the_wassenaar_budget_is_read_as_a_programme_budget(wassenaar):
    framework = wassenaar.document["frameworks"][0]
    assert wassenaar.kind == "budget"
    assert wassenaar.document["municipalities"][0]["name"] == KEY["municipality"]
    assert (framework["start_year"], framework["end_year"]) == (
        KEY["budget_year"],
        KEY["last_year"],
    )
    assert [t["chapter"] for t in framework["themes"]] == [p["number"] for p in KEY["programmes"]]
    assert [t["title"] for t in framework["themes"]] == [p["title"] for p in KEY["programmes"]]
    # One programme per theme, named by it, for the budget year.
    assert [p["theme"] for p in framework["programmes"]] == [p["number"] for p in KEY["programmes"]]
    assert {(p["start_year"], p["end_year"]) for p in framework["programmes"]} == {(2025, 2025)}


@pytest.mark.parametrize("number", [p["number"] for p in KEY["programmes"]])
def test_each_wassenaar_programme_matches_the_answer_key(wassenaar, number):
    key = next(p for p in KEY["programmes"] if p["number"] == number)
    found = outline(wassenaar)[number]
    assert found["vision"].startswith(key["vision"])
    assert "Doelstellingen" not in found["vision"]
    assert found["goals"].keys() == key["goals"].keys()
    wrong = {n: t for n, t in found["goals"].items() if not similar(t, key["goals"][n])}
    assert wrong == {}
    assert list(found["results"]) == list(key["results"])
    wrong = {
        code: a["text"]
        for code, a in found["results"].items()
        if not similar(a["text"], key["results"][code])
    }
    assert wrong == {}
    for code, start in key["explanations"].items():
        assert found["results"][code]["explanation"].startswith(start), code
    # The budget's results are those of its year.
    assert {a["deadline"] for a in found["results"].values()} == {"2025-12-31"}


@pytest.mark.parametrize("number", [p["number"] for p in KEY["programmes"]])
def test_each_wassenaar_effect_indicator_has_its_baseline_and_targets_per_year(wassenaar, number):
    key = next(p for p in KEY["programmes"] if p["number"] == number)
    found = outline(wassenaar)[number]["indicators"]
    assert sorted(found) == sorted(i["name"] for i in key["indicators"])
    for expected in key["indicators"]:
        indicator = found[expected["name"]]
        (target,) = indicator["targets"]
        assert indicator["unit"] == expected["unit"]
        assert target["kind"] == "yearly"
        assert [target["baseline_value"], target["baseline_period"]] == expected["baseline"]
        assert {v["year"]: Decimal(v["value"]) for v in target["values"]} == {
            year: Decimal(value) for year, value in expected["targets"].items()
        }
        assert expected.get("footnote", "") in indicator["sentence"]


def test_the_wassenaar_draft_leaves_out_what_is_not_plan_content(wassenaar):
    text = json.dumps(wassenaar.document, ensure_ascii=False)
    # The table of contents, the taakveld overview, the paragraphs and the budget tables.
    assert "....." not in text
    assert "Paragraaf Lokale heffingen" not in text
    assert "Saldo van baten en lasten" not in text
    assert "Pagina " not in text
    # No indicator left without a note on which goal Koers put it under.
    named = [d["message"] for d in wassenaar.doubts]
    for programme in KEY["programmes"]:
        for indicator in programme["indicators"]:
            assert any(indicator["name"] in message for message in named)


def test_a_budget_with_doel_headings_bullets_and_a_running_header():
    draft = read_document(NOORDERVEEN.read_text(encoding="utf-8"), partners=["GGD"])
    found = outline(draft)
    assert draft.kind == "budget"
    framework = draft.document["frameworks"][0]
    assert framework["title"] == "Programmabegroting 2026 gemeente Noorderveen"
    assert (framework["start_year"], framework["end_year"]) == (2026, 2029)
    assert list(found) == ["1", "2"]  # not the table of contents
    social = found["2"]
    assert social["title"] == "Sociaal domein"
    assert social["vision"].startswith("Iedereen in Noorderveen doet mee")
    assert social["goals"] == {
        "1": "Minder inwoners in armoede",
        "2": "Jongeren groeien gezond en veilig op",
        "3": "Ouderen wonen langer zelfstandig thuis",
    }
    tasks = framework["themes"][1]["tasks"]
    assert tasks[0]["introduction"].startswith("Armoede raakt vooral gezinnen")
    # Bullets under a goal repeated as a heading, also after a page's running header.
    assert {code: a["text"] for code, a in social["results"].items()} == {
        "1.1": "We starten in 2026 met vroegsignalering van betalingsachterstanden, samen met "
        "de woningcorporatie en Stichting Schuldhulp Noord",
        "1.2": "Het kindpakket wordt uitgebreid met een fietsregeling",
        "2.1": "Jongerenwerkers zijn drie avonden per week op straat aanwezig",
        "2.2": "We voeren de aanpak Opgroeien in een Kansrijke Omgeving uit met de GGD",
        "3.1": "In elke kern komt een ontmoetingsplek voor ouderen",
    }
    assert social["results"]["2.2"]["partners"] == ["GGD"]
    assert social["results"]["1.1"]["partners"] == ["stichting Schuldhulp Noord"]
    income = social["indicators"]["% huishoudens met een laag inkomen"]
    assert income["unit"] == "percent" and income["direction"] == "lower_better"
    assert income["targets"][0]["baseline_value"] == "8.1"
    assert [v["value"] for v in income["targets"][0]["values"]] == ["7.8", "7.5", "7.2"]
    youth = social["indicators"]["Aantal jongeren met jeugdhulp per 1.000 jongeren"]
    assert youth["unit"] == "ratio"
    assert youth["targets"][0]["baseline_period"] == "2023"
    assert "Paragraaf" not in json.dumps(draft.document, ensure_ascii=False)


def test_a_budget_with_numbered_questions_lettered_goals_and_text_columns():
    draft = read_document(OOSTERMEER.read_text(encoding="utf-8"))
    found = outline(draft)
    assert list(found) == ["3", "4"]
    care = found["3"]
    assert care["goals"] == {
        "1": "Een sterke sociale basis in elke wijk",
        "2": "Passende zorg voor wie dat nodig heeft",
        "3": "Mantelzorgers houden het vol",
    }
    # A result and its explanation in one place.
    first = care["results"]["1.1"]
    assert first["text"] == "Wijkteams werken vanuit de buurthuizen"
    assert first["explanation"].startswith("De wijkteams zijn vanaf 1 maart 2025")
    assert first["partners"] == ["Welzijn Oostermeer"]
    # Names that run on below their values; a cell without a value ("-").
    assert sorted(care["indicators"]) == [
        "Cliënttevredenheid Wmo (rapportcijfer)",
        "Inwoners die zich betrokken voelen bij hun buurt",
        "Overbelaste mantelzorgers",
    ]
    score = care["indicators"]["Cliënttevredenheid Wmo (rapportcijfer)"]
    assert score["unit"] == "score"
    assert {v["year"]: v["value"] for v in score["targets"][0]["values"]} == {
        2025: "7.8",
        2027: "8",
    }
    strained = care["indicators"]["Overbelaste mantelzorgers"]
    assert "zwaar of tamelijk zwaar belast" in strained["sentence"]
    assert found["4"]["results"]["1.1"]["partners"] == ["UWV"]
    assert "Recapitulatie" not in json.dumps(draft.document, ensure_ascii=False)


def test_a_budget_printed_as_pdf_with_a_real_table_reads_the_same(tmp_path):
    """The Noorderveen budget as a PDF whose indicator table has cells and borders, with a
    page break before every programme."""
    text = NOORDERVEEN.read_text(encoding="utf-8")
    head, table_and_rest = text.split("Prestatie-indicatoren\n", 1)
    table, rest = table_and_rest.split("Bron: CBS", 1)
    rows = [line for line in table.strip().splitlines()]
    cells = "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in _cells(row)) + "</tr>" for row in rows[1:]
    )
    header = "".join(
        f"<th>{c}</th>" for c in ["Indicator", "Nulmeting", "Doel 2026", "Doel 2027", "Doel 2028"]
    )
    paragraphs = "".join(
        f'<p style="{"break-before: page" if p.startswith("Programma ") else ""}">{p}</p>'
        for p in head.split("\n\n")
        for p in [p.replace("\n", "<br>")]
    )
    html = (
        '<html lang="nl"><body style="font: 10pt sans-serif">'
        f"{paragraphs}<p>Prestatie-indicatoren</p>"
        f'<table border="1" style="width: 60%"><tr>{header}</tr>{cells}</table>'
        f"<p>Bron: CBS{rest.split(chr(10), 1)[0]}</p>"
        + "".join(
            f"<p>{p.replace(chr(10), '<br>')}</p>" for p in rest.split("\n", 1)[1].split("\n\n")
        )
        + "</body></html>"
    )
    pdf = tmp_path / "begroting.pdf"
    HTML(string=html).write_pdf(pdf)
    from_pdf = outline(read_document(source_text(pdf.name, pdf.read_bytes()).text))
    from_text = outline(read_document(text))
    assert from_pdf["2"]["goals"] == from_text["2"]["goals"]
    assert list(from_pdf["2"]["results"]) == list(from_text["2"]["results"])
    for name, indicator in from_text["2"]["indicators"].items():
        assert from_pdf["2"]["indicators"][name]["targets"] == indicator["targets"]


def _cells(row: str) -> list[str]:
    """ "% huishoudens met een laag inkomen 8,1 (2024) 7,8 7,5 7,2" in five cells."""
    words = row.split()
    return [" ".join(words[:-5]), " ".join(words[-5:-3]), *words[-3:]]


def test_detecting_the_kind_keeps_the_heerde_documents_apart():
    seeds = Path(__file__).resolve().parents[2] / "shared" / "seeds"
    assert (
        detect_kind((seeds / "000_7003adf1e14434c8.txt").read_text(encoding="utf-8")) == "framework"
    )
    assert (
        detect_kind((seeds / "003_12bc93806595a94c.txt").read_text(encoding="utf-8")) == "programme"
    )
    assert (
        detect_kind((DATA / "programma-zuiderkerk.txt").read_text(encoding="utf-8")) == "programme"
    )
    assert detect_kind(OOSTERMEER.read_text(encoding="utf-8")) == "budget"


def lines(text: str) -> list[Line]:
    return [Line(n, t) for n, t in enumerate(text.splitlines(), start=1)]


def test_an_indicator_table_without_baseline_with_a_source_column_left_over():
    rows, unread = read_table(
        lines(
            "Indicator Streefwaarde 2025 Streefwaarde 2026\n"
            "Aantal deelnemers taalcafé 40 45\n"
            "Wachttijd schuldhulp (dagen) 28 21\n"
        )
    )
    assert [(r.name, r.baseline, r.targets) for r in rows] == [
        ("Aantal deelnemers taalcafé", None, [(2025, Decimal(40)), (2026, Decimal(45))]),
        ("Wachttijd schuldhulp (dagen)", None, [(2025, Decimal(28)), (2026, Decimal(21))]),
    ]
    assert unread == []
    rows, unread = read_table(lines("Tabel 3.2 Indicatoren\nEen zin zonder getallen erin.\n"))
    assert rows == [] and [ln.text for ln in unread] == [
        "Tabel 3.2 Indicatoren",
        "Een zin zonder getallen erin.",
    ]


def test_import_document_names_the_kind_and_writes_a_draft_of_a_budget(tmp_path, db, capsys):
    out = tmp_path / "draft.json"
    call_command("import_document", str(OOSTERMEER), "--dry-run", "-o", str(out))
    printed = capsys.readouterr().out
    assert "programmabegroting" in printed
    assert "2 programma's, 4 doelen, 5 resultaten, 3 indicatoren" in printed
    document = json.loads(out.read_text())
    assert len(document["frameworks"][0]["programmes"]) == 2


def test_reviewing_a_budget_keeps_what_came_from_its_tables_and_its_year():
    draft = read_document(OOSTERMEER.read_text(encoding="utf-8"))
    found = items(draft.document, draft.lines)
    form = DraftForm(items=found)
    action = next(i for i in found if i.model == "plans.Action" and i.data["code"] == "1.1")
    indicator = next(i for i in found if i.model == "monitor.Indicator")
    number = found.index(action)
    assert form[f"{number}-explanation"].value().startswith("De wijkteams zijn vanaf")
    changes = {
        action.pointer: {"text": "Wijkteams werken vanuit alle buurthuizen"},
        indicator.pointer: {"sentence": "Inwoners die zich betrokken voelen bij hun buurt."},
    }
    corrected, _lines = correct(draft.document, draft.lines, changes, set())
    # The deadline is the budget year's, not the text's; the targets are the table row's.
    assert resolve(corrected, action.pointer)["deadline"] == "2025-12-31"
    (target,) = resolve(corrected, indicator.pointer)["targets"]
    assert [v["value"] for v in target["values"]] == ["74", "75", "76"]
    assert resolve(corrected, indicator.pointer)["unit"] == "percent"


def test_a_budget_printed_in_two_columns_reads_the_same(tmp_path):
    """Two columns per page, so that the table of contents and titles wrap differently."""
    text = NOORDERVEEN.read_text(encoding="utf-8")
    body = "".join(f"<p>{block.replace(chr(10), '<br>')}</p>" for block in text.split("\n\n"))
    pdf = tmp_path / "twee-kolommen.pdf"
    style = "font: 9pt sans-serif; columns: 2"
    HTML(string=f'<html lang="nl"><body style="{style}">{body}</body></html>').write_pdf(pdf)
    from_pdf = outline(read_document(source_text(pdf.name, pdf.read_bytes()).text))
    from_text = outline(read_document(text))
    assert list(from_pdf) == list(from_text) == ["1", "2"]
    for number, programme in from_text.items():
        assert from_pdf[number]["goals"] == programme["goals"]
        assert {c: a["text"] for c, a in from_pdf[number]["results"].items()} == {
            c: a["text"] for c, a in programme["results"].items()
        }
        assert from_pdf[number]["indicators"].keys() == programme["indicators"].keys()


def test_a_budget_numbering_goals_within_the_programme_with_a_barred_table():
    draft = read_document((DATA / "budgets" / "begroting-westerbroek-2026.txt").read_text())
    found = outline(draft)
    assert list(found) == ["6"]  # not "Paragraaf 1"
    social = found["6"]
    assert social["goals"] == {
        "1": "Inwoners doen mee naar vermogen",
        "2": "Kinderen groeien veilig op",
    }
    # "6.1.2" is goal 1's second result, under its own code.
    assert {code: a["text"][:30] for code, a in social["results"].items()} == {
        "6.1.1": "We breiden de schuldhulpverlen",
        "6.1.2": "Het participatiebudget gaat vo",
        "6.2.1": "Jeugdhulp wordt dichter bij sc",
    }
    ambitions = draft.document["frameworks"][0]["programmes"][0]["ambitions"]
    assert [[a["code"] for a in ambition["actions"]] for ambition in ambitions] == [
        ["6.1.1", "6.1.2"],
        ["6.2.1"],
    ]
    # "Realisatie 2024" before the budget years is where the targets start from.
    debts = social["indicators"]["Aantal huishoudens in de schuldhulpverlening"]
    (target,) = debts["targets"]
    assert (target["baseline_value"], target["baseline_period"]) == ("212", "2024")
    assert [(v["year"], v["value"]) for v in target["values"]] == [(2026, "240"), (2027, "250")]
    assert social["indicators"]["Jongeren met jeugdhulp (%)"]["unit"] == "percent"


def test_two_indicator_tables_in_one_programme_are_read_apart():
    text = (
        "Programmabegroting 2026 gemeente Zuidhaven\n\n"
        "Programma 2 Zorg\n\nWat willen we bereiken?\n1. Goede zorg dichtbij\n\n"
        "Wat gaan we daarvoor doen?\n1.1 We openen een gezondheidscentrum.\n\n"
        "Effectindicatoren\nTabel 2.1 Effectindicatoren\n"
        "Indicator Peilwaarde Streefwaarde 2026 Streefwaarde 2027\n"
        "% inwoners met een goede gezondheid 78 (2024) 79 80\n\n"
        "Prestatie-indicatoren\nIndicator Streefwaarde 2026 Streefwaarde 2027\n"
        "Aantal bezoekers gezondheidscentrum 4.000 5.500\n\n"
        "Wat mag het kosten?\nLasten 12.000\n"
    )
    indicators = outline(read_document(text))["2"]["indicators"]
    assert {n: i["targets"][0]["baseline_value"] for n, i in indicators.items()} == {
        "% inwoners met een goede gezondheid": "78",
        "Aantal bezoekers gezondheidscentrum": None,
    }
    visitors = indicators["Aantal bezoekers gezondheidscentrum"]["targets"][0]["values"]
    assert [v["value"] for v in visitors] == ["4000", "5500"]


@pytest.mark.parametrize("number", [p["number"] for p in KEY["programmes"] if "amounts" in p])
def test_each_wassenaar_programme_has_its_amounts_per_year_and_taakveld(wassenaar, number):
    key = next(p for p in KEY["programmes"] if p["number"] == number)
    programme = next(
        p for p in wassenaar.document["frameworks"][0]["programmes"] if p["theme"] == number
    )
    totals = {a["year"]: a for a in programme["amounts"] if not a["taakveld"]}
    assert sorted(totals) == [2025, 2026, 2027, 2028]  # not the accounts of 2023
    for year, expected in key["amounts"].items():
        assert (totals[year]["income_cents"], totals[year]["expense_cents"]) == (
            expected["income"] * 100,
            expected["expense"] * 100,
        )
    taakvelden = {a["taakveld"]: a for a in programme["amounts"] if a["taakveld"]}
    assert len(taakvelden) == key["taakvelden"]["count"]
    for code, expected in key["taakvelden"].items():
        if code == "count":
            continue
        found = taakvelden[code]
        assert (found["taakveld_name"], found["year"]) == (expected["name"], 2025)
        assert (found["income_cents"], found["expense_cents"]) == (
            expected["income"] * 100,
            expected["expense"] * 100,
        )


def test_the_amounts_of_budgets_in_other_layouts():
    noorderveen = read_document(NOORDERVEEN.read_text(encoding="utf-8"))
    social = noorderveen.document["frameworks"][0]["programmes"][1]["amounts"]
    assert [(a["year"], a["income_cents"], a["expense_cents"]) for a in social] == [
        (2026, 987_000_000, 3_120_400_000),
        (2027, 987_000_000, 3_195_000_000),
        (2028, 987_000_000, 3_210_000_000),
        (2029, 987_000_000, 3_241_000_000),
    ]
    # "Rekening 2023" and "Begroting 2024" in a budget for 2025: only 2025 is kept.
    oostermeer = read_document(OOSTERMEER.read_text(encoding="utf-8"))
    care = oostermeer.document["frameworks"][0]["programmes"][0]["amounts"]
    assert [(a["year"], a["expense_cents"]) for a in care] == [(2025, 2_365_500_000)]


def test_the_amounts_are_reviewed_as_fields_in_euro():
    draft = read_document(OOSTERMEER.read_text(encoding="utf-8"))
    found = items(draft.document, draft.lines)
    form = DraftForm(items=found)
    amount = next(i for i in found if i.model == "budgets.ProgrammeAmount")
    number = found.index(amount)
    assert form.groups()[number].legend == "Begroot bedrag 2025, hele programma"
    assert form[f"{number}-expense_cents"].value() == "23.655.000,00"
    data = {name: form[name].value() for name in form.fields if not name.endswith("leave_out")}
    data[f"{number}-expense_cents"] = "23.700.000"
    changed = DraftForm(data, items=found)
    assert changed.is_valid()
    assert changed.corrections() == ({amount.pointer: {"expense_cents": 2_370_000_000}}, set())
