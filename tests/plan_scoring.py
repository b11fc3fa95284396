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


def _pairs(draft: list[str], reference: list[str], exact: bool = False) -> int:
    """How many draft texts match a reference text, each used once (best ratio first)."""

    def ratio(a: str, b: str) -> float:
        if exact:
            return float(a == b)
        return SequenceMatcher(None, normal(a), normal(b), autojunk=False).ratio()

    scored = sorted(
        ((ratio(d, r), i, j) for i, d in enumerate(draft) for j, r in enumerate(reference)),
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


def _ratios(matched: int, found: int, wanted: int) -> tuple[float, float]:
    """Precision and recall; with nothing to find and nothing found, both are perfect."""
    if not found and not wanted:
        return 1.0, 1.0
    return (matched / found if found else 0.0, matched / wanted if wanted else 0.0)


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
        result[kind] = _ratios(matched, n_found, n_wanted)
    return result


def _programme_groups(programme: dict[str, Any]) -> dict[str, dict[str, list[str]]]:
    kinds: dict[str, dict[str, list[str]]] = {
        "programme ambitions": {},
        "actions": {},
        "results": {},
        "budget rows": {},
        "amounts": {},
    }
    for ambition in programme.get("ambitions", []):
        where = f"{ambition['task']}/{ambition['number']}"
        kinds["programme ambitions"].setdefault(ambition["task"], []).append(
            f"{ambition['number']} {ambition['text']}"
        )
        kinds["actions"][where] = [f"{a['code']} {a['text']}" for a in ambition["actions"]]
        kinds["results"][where] = [f"{r['code']} {r['text']}" for r in ambition["results"]]
    for line in programme.get("budget_lines", []):
        text = " ".join(x for x in (line.get("resource"), line.get("description")) if x)
        kinds["budget rows"].setdefault(line["task"], []).append(text)
        amount = line.get("amount_cents")
        kinds["amounts"].setdefault(line["task"], []).append(
            "none" if amount is None else str(amount)
        )
    return kinds


def score_programme(
    draft: dict[str, Any], reference: dict[str, Any]
) -> dict[str, tuple[float, float]]:
    """Per kind of a programme: (precision, recall); amounts must be equal to the cent."""
    found, wanted = _programme_groups(draft), _programme_groups(reference)
    result = {}
    for kind in wanted:
        groups = set(found[kind]) | set(wanted[kind])
        matched = sum(
            _pairs(found[kind].get(g, []), wanted[kind].get(g, []), exact=kind == "amounts")
            for g in groups
        )
        n_found = sum(len(v) for v in found[kind].values())
        n_wanted = sum(len(v) for v in wanted[kind].values())
        result[kind] = _ratios(matched, n_found, n_wanted)
    return result
