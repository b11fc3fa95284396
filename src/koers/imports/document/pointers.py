"""Places in a draft: JSON pointers to its items, and the source line each was read from.

A reader notes the line of each item it makes under `SOURCE_LINE`; `take_lines` moves these
notes out, so that the draft keeps to the export format, and `put_lines` puts them back for
a change that moves items (leaving one out shifts the pointers of those after it).
"""

from typing import Any

SOURCE_LINE = "_line"


def take_lines(document: Any, pointer: str = "") -> dict[str, int]:
    """Remove the readers' notes of source lines from a draft; the lines by pointer."""
    found: dict[str, int] = {}
    if isinstance(document, dict):
        line = document.pop(SOURCE_LINE, None)
        if line is not None:
            found[pointer] = line
        for key, value in document.items():
            found |= take_lines(value, f"{pointer}/{key}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found |= take_lines(value, f"{pointer}/{index}")
    return found


def put_lines(document: dict[str, Any], lines: dict[str, int]) -> None:
    """Note the source lines in the draft's items again, for a change that moves them."""
    for pointer, line in lines.items():
        resolve(document, pointer)[SOURCE_LINE] = line


def resolve(document: Any, pointer: str) -> Any:
    """The part of a draft a JSON pointer names (only list indexes and plain keys)."""
    for step in pointer.split("/")[1:]:
        document = document[int(step)] if isinstance(document, list) else document[step]
    return document
