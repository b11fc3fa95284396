"""Dutch target sentences, as the two Heerde documents write them, become computable targets."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koers.monitor.targets import parse_target, parse_targets

# (sentence as in the seeds, expected kind, expected fields)
SEED_FORMS = [
    (
        "Het percentage eenzaamheid neemt af onder de 65+ers (GGD-monitor).",
        "direction",
        {"direction": "decrease"},
    ),
    (
        "Het middelengebruik onder jongeren daalt komende jaren door deze aanpak.",
        "direction",
        {"direction": "decrease"},
    ),
    (
        "Het aantal jeugdigen dat jeugd-GGZ ontvangt is afgenomen volgens de GGD.",
        "direction",
        {"direction": "decrease"},
    ),
    (
        "Het percentage vrijwilligers in de gezondheidsmonitor van de GGD is over 4 jaar gelijk "
        "gebleven of toegenomen.",
        "direction",
        {"direction": "stable_or_increase"},
    ),
    (
        "Het percentage zwaarbelaste mantelzorgers blijft gelijk of neemt af.",
        "direction",
        {"direction": "stable_or_decrease"},
    ),
    (
        "Het aantal ... blijft gelijk of neemt toe.",
        "direction",
        {"direction": "stable_or_increase"},
    ),
    (
        "Multiproblematiek onder inwoners met een migratieachtergrond neemt procentueel af.",
        "direction",
        {"direction": "decrease"},
    ),
    (
        "95% van de inburgeringsplichtigen slaagt de komende vier jaar voor het "
        "inburgeringstraject.",
        "share",
        {"value": Decimal(95)},
    ),
    (
        "Over vier jaar geven jongeren minstens een 7 aan het leven volgens de GGD-gezond-\n"
        "heidsmonitor.",
        "minimum",
        {"value": Decimal(7)},
    ),
    (
        "Vanaf 2023 tot 2027 zijn er jaarlijks 5 minder kinddossiers met risicofactoren aanwezig.",
        "change_per_year",
        {"change": Decimal(-5), "change_unit": "absolute", "start_year": 2023, "target_year": 2027},
    ),
    (
        "Per jaar breiden we het aantal deelnemers van het Taalpunt uit met 5 inwoners.",
        "change_per_year",
        {"change": Decimal(5), "direction": "increase"},
    ),
    (
        "breiden we het aantal deelnemers uit met 5 inwoners per jaar",
        "change_per_year",
        {"change": Decimal(5)},
    ),
    (
        "Het middelengebruik onder jongeren en\njongvolwassenen daalt met 5% in 2023 en 2024; \n"
        "waarbij we de Corona Gezondheidsmonitor Jeugd \n2021 als nulmeting nemen.",
        "relative_change",
        {
            "change": Decimal(-5),
            "change_unit": "percent",
            "start_year": 2023,
            "target_year": 2024,
            "baseline_period": "2021",
            "baseline_note": "Corona Gezondheidsmonitor Jeugd 2021 als nulmeting",
        },
    ),
    (
        "Van de nieuwkomers doet 30% mee aan de bestaande participatiegroep.",
        "share",
        {"value": Decimal(30)},
    ),
    (
        "zijn gedaald naar maximaal 1 problematische scheiding per jaar.",
        "maximum",
        {"value": Decimal(1)},
    ),
    (
        "Ook komt huiselijk geweld als gevolg van een problematische scheiding niet meer voor in "
        "2027.",
        "value_by_year",
        {"value": Decimal(0), "target_year": 2027},
    ),
    (
        "Jongeren ervaren minder taboes rondom mentale gezondheid (kwalitatief onderzoek).",
        "qualitative",
        {},
    ),
    (
        "In gesprek met jongeren gaan we na of zij op de hoogte zijn van het aanbod (kwalitatief).",
        "qualitative",
        {},
    ),
    (
        "We realiseren minimaal twee concrete projecten/maatregelen die normaliseren als doel "
        "hebben.",
        "minimum",
        {"value": Decimal(2)},
    ),
    (
        "Er is een daling te zien in het aantal bijstandsgerechtigden.",
        "direction",
        {"direction": "decrease"},
    ),
    (
        "Dit zien we in eerste instantie door een stijging van het aantal meldingen.",
        "direction",
        {"direction": "increase"},
    ),
    (
        "Via storytelling laten we zien op welke wijze we integraal herstel hebben ingericht.",
        "qualitative",
        {},
    ),
    (
        "Streefwaarde 2026: 12, 2027: 10,5, 2028: 9",
        "yearly",
        {"values": ((2026, Decimal(12)), (2027, Decimal("10.5")), (2028, Decimal(9)))},
    ),
]


@pytest.mark.parametrize(("sentence", "kind", "fields"), SEED_FORMS)
def test_seed_forms_parse(sentence, kind, fields):
    parsed = parse_target(sentence)
    assert parsed is not None
    assert parsed.kind == kind
    for name, value in fields.items():
        assert getattr(parsed, name) == value, name
    assert parsed.sentence  # the words are kept


@pytest.mark.parametrize(
    "sentence",
    [
        "We monitoren instroom van kinderen van statushouders in het onderwijs.",
        "Via reguliere informatiekanalen is informatie voorhanden voor inwoners.",
        "",
    ],
)
def test_sentences_without_a_target_are_not_guessed(sentence):
    assert parse_target(sentence) is None


def test_two_targets_in_one_passage():
    passage = (
        "Het aantal OT's en besprekingen aan de jeugdbeschermingstafel zijn gedaald naar "
        "maximaal 1 problematische scheiding per jaar. Ook komt huiselijk geweld als gevolg van "
        "een problematische scheiding niet meer voor in 2027."
    )
    assert [t.kind for t in parse_targets(passage)] == ["maximum", "value_by_year"]


@pytest.mark.parametrize(
    ("sentence", "kind", "value", "year", "baseline"),
    [
        ("Het percentage eenzame 65-plussers daalt naar 30% in 2027.", "value_by_year", 30, 2027,
         None),
        ("In 2026 is het aantal gestegen tot 12.", "value_by_year", 12, 2026, None),
        ("Het aantal jongeren neemt toe van 20 naar 30 in 2025.", "value_by_year", 30, 2025, 20),
        ("Het percentage daalt van 33% naar 25% voor 2026.", "value_by_year", 25, 2025, 33),
        ("Het aantal daalt naar 40.", "maximum", 40, None, None),
        ("De wachttijd neemt af tot twee weken.", "maximum", 2, None, None),
        ("Het bereik stijgt naar 90%.", "minimum", 90, None, None),
    ],
)  # fmt: skip
def test_a_level_to_fall_or_rise_to(sentence, kind, value, year, baseline):
    parsed = parse_target(sentence)
    assert (parsed.kind, parsed.value, parsed.target_year, parsed.baseline_value) == (
        kind,
        value,
        year,
        baseline,
    )
    # "toe, tot in de wijken" is no level.
    assert parse_target("Het aantal meldingen neemt toe, tot in de wijken.").kind == "direction"


def test_voor_a_year_means_by_the_end_of_the_year_before():
    assert parse_target("Voor 2025 is het aantal wachtenden afgenomen").kind == "direction"
    parsed = parse_target("95% doet mee voor 2025")
    assert (parsed.kind, parsed.target_year) == ("share", 2024)


@given(st.text())
def test_any_text_parses_or_returns_none(text):
    parsed = parse_target(text)
    assert parsed is None or parsed.kind in {
        "direction",
        "minimum",
        "maximum",
        "change_per_year",
        "relative_change",
        "share",
        "value_by_year",
        "yearly",
        "qualitative",
    }


@given(st.integers(min_value=1, max_value=99), st.sampled_from(["slaagt", "doet mee"]))
def test_any_share_is_read_back(value, verb):
    parsed = parse_target(f"{value}% van de deelnemers {verb}.")
    assert (parsed.kind, parsed.value) == ("share", Decimal(value))
