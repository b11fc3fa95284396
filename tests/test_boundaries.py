"""Imports run one way: web, api, reports -> services -> models (docs/services.md).

Every module is read as source (imports inside functions count too), so a new module that
breaks the direction fails here, whatever it is called.
"""

import ast
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[1] / "src" / "koers"
# The layers that write and keep data; they never reach up to a way of showing it.
LOWER = ("models", "services", "permissions", "concurrency", "status", "tree", "periods")
PRESENTATION = ("koers.web", "koers.api")


def modules() -> list[Path]:
    return sorted(p for p in SOURCE.rglob("*.py") if "migrations" not in p.parts)


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in names if name.startswith("koers.")}


def app_of(path: Path) -> str:
    parts = path.relative_to(SOURCE).parts
    return f"koers.{parts[0]}" if len(parts) > 1 else f"koers.{path.stem}"


def is_lower(path: Path) -> bool:
    return path.stem in LOWER or path.parent.name == "models"


def reaches(names: set[str], package: str) -> set[str]:
    return {n for n in names if n == package or n.startswith(package + ".")}


def test_the_rule_sees_a_wrong_import(tmp_path):
    """The check itself: a services module that imports a view is caught."""
    wrong = tmp_path / "services.py"
    wrong.write_text("def f():\n    from koers.web.views import overview\n", encoding="utf-8")
    assert reaches(imported(wrong), "koers.web") == {"koers.web.views", "koers.web.views.overview"}


@pytest.mark.parametrize(
    "path", [p for p in modules() if is_lower(p)], ids=lambda p: str(p.relative_to(SOURCE))
)
def test_models_and_services_import_no_pages_api_or_reports(path):
    names = imported(path)
    wrong = set()
    for package in PRESENTATION:
        wrong |= reaches(names, package)
    if app_of(path) != "koers.reports":
        wrong |= reaches(names, "koers.reports")
    assert not wrong, f"{path.relative_to(SOURCE)} imports {sorted(wrong)}"


@pytest.mark.parametrize(
    "path",
    [p for p in modules() if app_of(p) in ("koers.reports", "koers.api")],
    ids=lambda p: str(p.relative_to(SOURCE)),
)
def test_reports_and_api_do_not_import_the_pages(path):
    wrong = reaches(imported(path), "koers.web")
    assert not wrong, f"{path.relative_to(SOURCE)} imports {sorted(wrong)}"
