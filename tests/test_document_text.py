"""The marks of PDF extraction are removed from a document's text (issue 6, first part)."""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koers.imports.document.text import BULLET, Line, clean_lines, paragraphs

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FRAMEWORK = SEEDS / "000_7003adf1e14434c8.txt"
PROGRAMME = SEEDS / "003_12bc93806595a94c.txt"


def _text(path: Path) -> str:
    return "\n".join(line.text for line in clean_lines(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def framework() -> str:
    return _text(FRAMEWORK)


@pytest.fixture(scope="module")
def programme() -> str:
    return _text(PROGRAMME)


def test_split_words_are_joined(framework, programme):
    # Each pair: the two halves as the seed has them, and the word as it is written.
    for word in ["aandoeningen", "vereenzaming", "regiogemiddelde", "jeugdgezondheidszorg"]:
        assert word in framework, word
    assert re.search(r"inburgeringstraject\seffectief aangepakt", framework)  # blank between
    for word in ["Stip-professionals", "thema-activiteit", "Ambelt-doelgroep", "VVE-indicatie"]:
        assert word in programme, word  # the hyphen belongs to the word
    assert "arbeids- of participatieplek" in framework  # "arbeids- of": a shared ending
    for text in (framework, programme):
        assert not re.search(r"[a-zà-ÿ]-\n[a-z]", text)


def test_headers_pull_quotes_and_stray_characters_are_gone(framework, programme):
    for text in (framework, programme):
        assert "\ufffd" not in text
    assert "KADERDOCUMENT SOCIAAL DOMEIN" not in framework
    assert "ZOVEEL" not in framework and "MULTI-" not in framework
    assert "\nGGD." in programme  # a short abbreviation on its own line is text, not a quote
    # Chapter and task headings stay, although their numbering repeats.
    assert "\n3. Benut de kracht" in framework
    assert "\n3. Inleiding" in framework
    assert "\n6.1 Nieuwkomers duurzaam integreren" in framework


def test_bullets_become_one_kind(framework):
    assert f"\n{BULLET}Multiproblematiek onder inwoners met een migratieachtergrond neemt af." in (
        framework
    )
    assert "•" not in framework


def test_lines_keep_their_number_in_the_source():
    lines = clean_lines("Eerste regel met een ge-\n\ndeeld woord.\nTWEEDE REGEL IN HOOFDLETTERS\n3")
    # The word is joined on its first line; the rest of its second line keeps its number.
    assert lines == [Line(1, "Eerste regel met een gedeeld"), Line(3, "woord.")]


def test_paragraphs_follow_blank_lines():
    blocks = paragraphs(clean_lines("a\nb\n\n\nc\n"))
    assert [[line.text for line in block] for block in blocks] == [["a", "b"], ["c"]]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_is_cleaned_without_error(raw):
    lines = clean_lines(raw)
    numbers = [line.number for line in lines]
    assert numbers == sorted(numbers)
    assert all(1 <= n <= raw.count("\n") + raw.count("\r") + 1 for n in numbers)
    assert not any("\ufffd" in line.text for line in lines)
