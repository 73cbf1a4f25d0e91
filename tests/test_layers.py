"""The house drawn from its imports: shared floor ← tenant ← features, and no circle.

Each top-level module or package of `assembly` is a unit on one layer. A unit may
import its own layer or those below, never above; the units' import graph has no
cycle; and a feature never imports another feature's views or forms (features talk
through operations, loaders, signals or registries such as `meetings.panels`).
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "assembly"

FLOOR = {
    "config",
    "extensions",
    "database",
    "paths",
    "clock",
    "enums",
    "serving",
    "waitress_serving",
    "web",
    "trace",
}
TENANT = {"auth", "groups", "people", "messages"}
FEATURES = {
    "needs",
    "canvassing",
    "meetings",
    "decisions",
    "tasks",
    "minutes",
    "campaigns",
    "consultations",
    "insights",
}
TOP = {"__init__", "__main__", "cli", "demo", "wsgi", "migrations"}
LAYERS = [FLOOR, TENANT, FEATURES, TOP]


def layer_of(unit: str) -> int:
    for rank, layer in enumerate(LAYERS):
        if unit in layer:
            return rank
    raise AssertionError(f"assembly.{unit} is on no layer: add it to one in {__file__}")


def unit_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def imports() -> list[tuple[Path, str]]:
    """(file, imported module) for every `assembly.…` import, at any depth in a file."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "versions" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [f"{node.module}.{alias.name}" for alias in node.names]
                found += [(path, name) for name in names if name.startswith("assembly.")]
            elif isinstance(node, ast.Import):
                found += [(path, a.name) for a in node.names if a.name.startswith("assembly.")]
    return found


def target_of(name: str) -> str:
    """The unit an imported name lives in: `assembly.create_app` is in `__init__`."""
    part = name.split(".")[1]
    exists = (PACKAGE / part).is_dir() or (PACKAGE / f"{part}.py").is_file()
    return part if exists else "__init__"


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for path, name in imports():
        source, target = unit_of(path), target_of(name)
        if source != target:
            edges.setdefault(source, set()).add(target)
    return edges


def test_every_unit_is_on_a_layer():
    units = {unit_of(path) for path in PACKAGE.rglob("*.py")}
    for unit in units:
        layer_of(unit)


def test_no_unit_imports_a_layer_above_its_own():
    upward = sorted(
        f"{source} → {target}"
        for source, targets in graph().items()
        for target in targets
        if layer_of(target) > layer_of(source)
    )
    assert upward == []


def test_the_units_import_graph_has_no_cycle():
    edges = graph()
    state: dict[str, str] = {}

    def visit(unit: str, path: list[str]) -> None:
        state[unit] = "open"
        for target in sorted(edges.get(unit, ())):
            if state.get(target) == "open":
                cycle = path[path.index(target) :] + [target] if target in path else [target]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if target not in state:
                visit(target, path + [target])
        state[unit] = "done"

    for unit in sorted(edges):
        if unit not in state:
            visit(unit, [unit])


def test_no_feature_imports_another_features_views_or_forms():
    reaching = sorted(
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path, name in imports()
        if unit_of(path) in FEATURES
        and name.split(".")[1] in FEATURES - {unit_of(path)}
        and len(name.split(".")) > 2
        and name.split(".")[2] in {"views", "forms"}
    )
    assert reaching == []


def test_the_checks_see_what_they_look_for():
    """The graph is read from the code: the features' known dependencies are in it."""
    edges = graph()
    assert "meetings" in edges["decisions"]
    assert "groups" in edges["needs"]
    assert "extensions" in edges["web"]
