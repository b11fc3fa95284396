"""Text from the plan as paragraphs and list items, for the formats without HTML."""

LIST_MARKS = ("- ", "\u2022 ", "* ", "\u2013 ")  # hyphen, bullet, asterisk, en dash


def flow(text: str) -> list[tuple[str, bool]]:
    """Source text as paragraphs: the line breaks a PDF put mid-sentence become spaces;
    lines starting with a list mark stay list items (True)."""
    paragraphs: list[tuple[str, bool]] = []
    for block in text.split("\n\n"):
        words: list[str] = []
        for line in block.splitlines():
            line = line.strip()
            if line.startswith(LIST_MARKS):
                if words:
                    paragraphs.append((" ".join(words), False))
                    words = []
                paragraphs.append((" ".join(line[2:].split()), True))
            elif line:
                words.append(line)
        if words:
            paragraphs.append((" ".join(words), False))
    return paragraphs
