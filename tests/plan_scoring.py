"""Precision and recall of a draft plan against the reviewed Heerde data (issue 6).

Items are compared within their task (or theme), one to one, by their text: two texts
match when difflib's ratio of their normalised forms is at least MATCH.
"""

import re
from difflib import SequenceMatcher
from typing import Any

MATCH = 0.85


def normal(text: str) -> str:
    text = re.sub(r"\s+", " ", (text or "").lower()).strip()
    return text.strip(" .:;")


def _pairs(draft: list[str], reference: list[str]) -> int:
    """How many draft texts match a reference text, each used once (best ratio first)."""
    scored = sorted(
        (
            (SequenceMatcher(None, normal(d), normal(r), autojunk=False).ratio(), i, j)
            for i, d in enumerate(draft)
            for j, r in enumerate(reference)
        ),
        reverse=True,
    )
    used_d, used_r, matched = set(), set(), 0
    for ratio, i, j in scored:
        if ratio < MATCH:
            break
        if i in used_d or j in used_r:
            continue
        used_d.add(i)
        used_r.add(j)
        matched += 1
    return matched


def _groups(framework: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    kinds: dict[str, dict[str, list[str]]] = {
        "themes": {"": []},
        "tasks": {},
        "ambitions": {},
        "indicators": {},
    }
    for theme in framework.get("themes", []):
        kinds["themes"][""].append(f"{theme['chapter']} {theme['title']}")
        for task in theme.get("tasks", []):
            kinds["tasks"].setdefault(theme["chapter"], []).append(
                f"{task['code']} {task['title']}"
            )
            kinds["ambitions"][task["code"]] = [a["text"] for a in task.get("ambitions", [])]
            sentences = [
                i.get("sentence") or ""
                for i in task.get("indicators", [])
                if i.get("role", "monitor") == "monitor"
            ]
            kinds["indicators"][task["code"]] = list(dict.fromkeys(sentences))  # distinct
    return kinds


def score(draft: dict[str, Any], reference: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Per kind: (precision, recall)."""
    found, wanted = _groups(draft), _groups(reference)
    result = {}
    for kind in wanted:
        groups = set(found[kind]) | set(wanted[kind])
        matched = sum(_pairs(found[kind].get(g, []), wanted[kind].get(g, [])) for g in groups)
        n_found = sum(len(v) for v in found[kind].values())
        n_wanted = sum(len(v) for v in wanted[kind].values())
        result[kind] = (
            matched / n_found if n_found else 0.0,
            matched / n_wanted if n_wanted else 0.0,
        )
    return result
