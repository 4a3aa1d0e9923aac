"""Dependencies point one way, down the pipeline (DESIGN.md): a later stage may import an
earlier one, never the reverse; algorithms beside an app import no Django."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "naikkelas"
PIPELINE = [
    "core",
    "registry",
    "coaching",
    "catalog",
    "curation",
    "events",
    "matching",
    "trade",
    "insights",
]
# Plain-Python modules (algorithms): no Django import allowed.
PLAIN = [
    "core/regions.py",
    "core/phones.py",
    "registry/importing",
    "registry/dedupe",
    "catalog/search",
    "catalog/taxonomy.py",
    "catalog/hscodes.py",
    "catalog/hs_suggest.py",
    "catalog/photos.py",
    "catalog/richtext.py",
    "catalog/importing.py",
    "events/capacity.py",
    "events/eligibility.py",
    "events/scoring.py",
    "events/allocation.py",
    "events/printing.py",
    "events/ics.py",
    "events/tickets.py",
    "events/checkin.py",
    "events/charts.py",
]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _app_files(app: str) -> list[Path]:
    return [p for p in (PACKAGE / app).rglob("*.py") if "migrations" not in p.parts]


@pytest.mark.parametrize("app", PIPELINE)
def test_an_app_imports_only_earlier_stages(app):
    later = PIPELINE[PIPELINE.index(app) + 1 :]
    wrong = []
    for path in _app_files(app):
        for name in _imports(path):
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "naikkelas" and parts[1] in later:
                wrong.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert wrong == []


@pytest.mark.parametrize("module", PLAIN)
def test_algorithms_are_plain_python(module):
    root = PACKAGE / module
    paths = [root] if root.suffix == ".py" else list(root.rglob("*.py"))
    offenders = [
        f"{p.relative_to(PACKAGE)} imports {name}"
        for p in paths
        for name in _imports(p)
        if name.split(".")[0] in {"django", "ninja", "django_scopes"}
    ]
    assert offenders == []
