"""The floors of the case modules: cases below the hotline, the hotline below One issue per month.

Read from the source with ``ast`` (imports inside functions count too), so an import against the
layering fails here before it becomes a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "minsheng"


def imports_of(source: str) -> set[str]:
    """The ``minsheng`` modules (and names from them) a source file imports, wherever it does."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.startswith("minsheng")}


def imported_modules(app: str) -> dict[str, set[str]]:
    """File -> what it imports, for every file of an app."""
    return {
        str(path.relative_to(PACKAGE.parent)): imports_of(path.read_text(encoding="utf-8"))
        for path in sorted((PACKAGE / app).rglob("*.py"))
    }


def offending(app: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    return {
        module: sorted(n for n in names if n.startswith(forbidden))
        for module, names in imported_modules(app).items()
        if any(n.startswith(forbidden) for n in names)
    }


def test_the_scan_sees_imports_inside_functions_and_modules_imported_by_name():
    source = "def hints():\n    from minsheng.monthly import classifier\n"
    assert "minsheng.monthly.classifier" in imports_of(source)
    assert "minsheng.monthly" in imports_of("import minsheng.monthly\n")


def test_the_hotline_imports_nothing_from_one_issue_per_month():
    assert offending("hotline", ("minsheng.monthly",)) == {}


@pytest.mark.parametrize("app", ["hotline", "monthly"])
def test_the_case_floor_imports_neither_module_above_it(app):
    assert offending("cases", (f"minsheng.{app}",)) == {}


def test_the_case_floor_does_not_import_demo_data():
    assert offending("cases", ("minsheng.people.demo", "minsheng.regions.demo")) == {}


@pytest.mark.parametrize("app", ["hotline", "monthly"])
def test_neither_module_opens_data_files_by_path(app):
    """The taxonomy, the word lists and the region tree are read through the case floor."""
    data_files = [p.name for p in (PACKAGE / "cases" / "data").iterdir()] + ["beijing.csv"]
    for path in (PACKAGE / app).rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not [name for name in data_files if name in source], path
        assert '/ "data"' not in source, path
