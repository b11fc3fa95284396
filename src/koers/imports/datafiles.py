"""Read a plan kept as YAML data files (such as data/heerde/) into one Koers document.

The layout is described in docs/export-format.md under "Data files".
"""

from pathlib import Path

import yaml
from django.utils.translation import gettext as _

from koers.imports.loader import DocumentError

SHARED_LISTS = {
    "municipalities": "cbs_code",
    "areas": "code",
    "sources": "code",
    "partners": "name",
}
DEMO_DATA = Path(__file__).resolve().parents[3] / "data" / "heerde"


# libyaml's parser where PyYAML was built with it: ten times faster than the Python one.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> dict:
    try:
        with path.open(encoding="utf-8") as stream:
            data = yaml.load(stream, Loader=SafeLoader)
    except yaml.YAMLError as error:
        raise DocumentError(
            _("%(file)s: not valid YAML: %(error)s") % {"file": path, "error": error}
        ) from None
    if not isinstance(data, dict):
        raise DocumentError(_("%(file)s: expected a mapping at the top") % {"file": path})
    return data


def read_data_dir(directory: Path) -> dict:
    """Merge koers.yaml, framework/theme-*.yaml and programme-*.yaml into one document."""
    main = read_yaml(directory / "koers.yaml")
    document: dict = {"format": "koers", "version": 1}
    for key in SHARED_LISTS:
        document[key] = []
    framework = dict(main.pop("framework", None) or {})
    if not framework:
        raise DocumentError(
            _("%(file)s: 'framework' is missing") % {"file": directory / "koers.yaml"}
        )
    _merge_shared(document, main, directory / "koers.yaml")
    if main:
        raise DocumentError(
            _("%(file)s: unknown field(s) %(fields)s")
            % {"file": directory / "koers.yaml", "fields": ", ".join(map(repr, sorted(main)))}
        )

    themes = []
    for path in sorted((directory / "framework").glob("theme-*.yaml"), key=_chapter_order):
        theme = read_yaml(path)
        _merge_shared(document, theme, path)
        themes.append({**theme, "_file": str(path)})
    programmes = []
    for path in sorted(directory.glob("programme-*.yaml")):
        programme = read_yaml(path)
        _merge_shared(document, programme, path)
        programmes.append({**programme, "_file": str(path)})
    document["frameworks"] = [{**framework, "themes": themes, "programmes": programmes}]
    return document


def _chapter_order(path: Path) -> tuple[int, str]:
    number = path.stem.removeprefix("theme-")
    return (int(number), "") if number.isdigit() else (10**6, number)


def _merge_shared(document: dict, part: dict, path: Path) -> None:
    """Move the shared lists of one file into the document; a second definition must agree."""
    for key, natural_key in SHARED_LISTS.items():
        for item in part.pop(key, None) or []:
            existing = next(
                (x for x in document[key] if x.get(natural_key) == item.get(natural_key)), None
            )
            if existing is None:
                document[key].append(item)
            elif existing != item:
                raise DocumentError(
                    _("%(file)s: %(list)s: %(key)r is defined differently in another data file")
                    % {"file": path, "list": key, "key": item.get(natural_key)}
                )
