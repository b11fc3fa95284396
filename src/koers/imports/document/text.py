"""The marks of PDF extraction, removed: page headers and numbers, pull quotes in capitals,
words split with a hyphen over two lines, replacement characters and odd bullets.

Pure functions on text; every line keeps its number in the source, so that a parser can
say where it was unsure.
"""

import itertools
import re
from dataclasses import dataclass

BULLET = "- "
# Glyphs PDF fonts map to private-use code points or to U+FFFD when text is extracted.
_NOISE = re.compile("[\ufffd\uf000-\uf8ff\u00ad]")
_BULLET = re.compile(r"^[•●▪■◦‣∙·\uf0b7\uf0a7]\s*|^\ufffd\s+")
_SPACES = re.compile(r"[ \t\u00a0]+")
_PAGE_NUMBER = re.compile(
    r"^[-\u2013\s]*(p\.?|pagina|page)?\s*\d{1,3}(\s*(/|van|of)\s*\d{1,3})?[-\u2013\s]*$", re.I
)
# Chapter and item numbers ("3. Inleiding", "6.1 Nieuwkomers") repeat, but are no headers.
_NUMBERED = re.compile(r"^\d+(\.\d+)*\.?\s")
# Lines of text between two running headers: fewer than this is not a page.
_PAGE_APART = 12
_VOWELS = set("aeiouyáéíóúäëïöü")
_KEEP_HYPHEN_BEFORE = {"en", "of", "tot", "t/m"}


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, in the source text
    text: str


def _shouting(text: str) -> bool:
    """A line in capitals: a pull quote or a running header, not body text."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= 0.8


# Words no sentence ends with: a line in capitals ending in one is a quote cut off.
_GOES_ON = {"DE", "HET", "EEN", "VAN", "EN", "IN", "OP", "TE", "DAT", "DIE", "WE", "ZE", "MET"}


def _dangling(text: str) -> bool:
    words = text.split()
    return bool(words) and words[-1] in _GOES_ON


def _pull_quotes(texts: list[str]) -> set[int]:
    """Indexes of lines in capitals that are long, or stand next to another such line.

    A lone short word in capitals ("GGD.") is an abbreviation that ends a sentence.
    """
    filled = [i for i, text in enumerate(texts) if text]
    loud = {i for i in filled if _shouting(texts[i])}
    found = set()
    for k, i in enumerate(filled):
        if i not in loud:
            continue
        letters = sum(c.isalpha() for c in texts[i])
        neighbours = {filled[j] for j in (k - 1, k + 1) if 0 <= j < len(filled)}
        if letters >= 8 or neighbours & loud or _dangling(texts[i]):
            found.add(i)
    return found


def _normal(text: str) -> str:
    text = _BULLET.sub(BULLET, text.strip())
    text = _NOISE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _repeated_headers(lines: list[str]) -> set[str]:
    """Lines that recur on many pages with only their numbers changed: running headers.

    A header has words and at most two numbers ("Pagina # van #") and comes back a page
    apart; figures in a table ("12.367", "Baten 9.688 13.309 12.099") and its repeated
    column heads ("eind 2024") are not headers.
    """
    seen: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if re.search(r"\d", line) and not _NUMBERED.match(line):
            seen.setdefault(re.sub(r"\d+", "#", line), []).append(index)
    found = set()
    for shape, places in seen.items():
        if len(places) < 3 or len(shape) > 120 or sum(c.isalpha() for c in shape) < 3:
            continue
        if shape.count("#") > 2:
            continue  # a table's row ("Baten # # # #"), not "Pagina # van #"
        apart = [b - a >= _PAGE_APART for a, b in itertools.pairwise(places)]
        if sum(apart) >= 2:
            found.add(shape)
    return found


def _joins(before: str, after: str) -> str:
    """How a word split over two lines comes together: `aan-` `doeningen` → aandoeningen."""
    head = before[:-1]
    word = after.split(" ", 1)[0]
    last = head.rstrip(")]").split(" ")[-1]
    if word.lower() in _KEEP_HYPHEN_BEFORE:
        return f"{before} {after}"  # "arbeids- of participatieplek"
    keep = (
        not word[:1].islower()
        or (last[:1].isupper())  # "Stip-professionals", "Epe-Heerde"
        or (last[-1:].isupper() or last[-1:].isdigit())  # "GGD-monitor", "2022-2027"
        or (last[-1:].lower() in _VOWELS and word[:1].lower() in _VOWELS)  # thema-activiteit
    )
    return f"{before}{after}" if keep else f"{head}{after}"


def clean_lines(raw: str) -> list[Line]:
    """The document's lines without extraction marks; blank lines kept as paragraph breaks."""
    source = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    texts = [_normal(line) for line in source]
    headers = _repeated_headers([t for t in texts if t])
    loud = _pull_quotes(texts)
    lines: list[Line] = []
    for number, text in enumerate(texts, start=1):
        if text and (
            number - 1 in loud
            or _PAGE_NUMBER.match(text)
            or (not _NUMBERED.match(text) and re.sub(r"\d+", "#", text) in headers)
        ):
            continue
        lines.append(Line(number, text))
    return _dehyphenate(lines)


def _dehyphenate(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    pending: Line | None = None  # a line ending in a split word, waiting for its second half
    for line in lines:
        if pending is not None:
            if not line.text:
                continue  # extraction often puts blank lines inside a split word
            if line.text.startswith(BULLET) or re.match(r"\d+(\.\d+)+\s", line.text):
                out.append(pending)  # a new item follows: the hyphen was the author's
            else:
                # The first word goes up to its other half; the rest keeps its own line,
                # so that line lengths still tell body text from narrow boxes.
                word, _space, rest = line.text.partition(" ")
                joined = _joins(pending.text, word)
                if joined.endswith(f" {word}"):  # "arbeids- of": the phrase goes on
                    joined, rest = f"{pending.text} {line.text}", ""
                if rest:
                    out.append(Line(pending.number, joined))
                    line = Line(line.number, rest)
                else:  # the joined line may end in a split word again
                    line = Line(pending.number, joined)
            pending = None
        if re.search(r"[^\W_]-$", line.text) and not line.text.startswith(BULLET + "-"):
            pending = line
            continue
        out.append(line)
    if pending is not None:
        out.append(pending)
    return out


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into blocks separated by blank lines."""
    blocks: list[list[Line]] = [[]]
    for line in lines:
        if line.text:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]
