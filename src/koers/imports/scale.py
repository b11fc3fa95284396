"""A plan several times the size of a real one, for query-count tests and benchmarks.

`scale_document(document, factor)` copies every theme, task, indicator, measurement,
programme, action, result and budget line `factor - 1` times under new numbers: chapter
"3" becomes "3-2", "3-3" ...; task "3.1" becomes "3.1-2"; indicator "3.1-x" becomes
"3.1-2-x". The copies refer to each other as the originals do.
"""

import copy


def scale_document(document: dict, factor: int) -> dict:
    scaled = copy.deepcopy(document)
    for framework in scaled["frameworks"]:
        themes, programmes = framework["themes"], framework["programmes"]
        extra_themes, extra_programmes = [], []
        for n in range(2, factor + 1):
            suffix = f"-{n}"
            codes = {task["code"]: task["code"] + suffix for t in themes for task in t["tasks"]}
            for theme in themes:
                extra_themes.append(_theme(theme, suffix, codes))
            for programme in programmes:
                extra_programmes.append(_programme(programme, suffix, codes))
        themes.extend(extra_themes)
        programmes.extend(extra_programmes)
    return scaled


def _theme(theme: dict, suffix: str, codes: dict[str, str]) -> dict:
    new = copy.deepcopy(theme)
    new["chapter"] = theme["chapter"] + suffix
    for task in new["tasks"]:
        old = task["code"]
        task["code"] = codes[old]
        for indicator in task.get("indicators", []):
            indicator["code"] = task["code"] + indicator["code"].removeprefix(old)
    return new


def _programme(programme: dict, suffix: str, codes: dict[str, str]) -> dict:
    new = copy.deepcopy(programme)
    new["title"] = programme["title"] + suffix
    new["theme"] = programme["theme"] + suffix
    for ambition in new.get("ambitions", []):
        ambition["task"] = codes[ambition["task"]]
        for item in [*ambition.get("actions", []), *ambition.get("results", [])]:
            item["references"] = [codes.get(c, c) for c in item.get("references", [])]
    for line in new.get("budget_lines", []):
        line["task"] = codes[line["task"]]
    return new
