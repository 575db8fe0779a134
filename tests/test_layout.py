"""The house rules of portal/: no import loops, no reaching into another module's
private names, each file name paved knows defined once, and the update engine handed
the workspace rather than finding one.

The order of the packages is import-linter's layers contract (pyproject.toml), checked
in tests/test_headless.py; these are what a layers contract cannot see.
"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
PORTAL = ROOT / "portal"
# The names of files paved knows: each is written out in portal/core/filenames.py only.
FILE_NAMES = (".copier-answers.yml", ".cruft.json", "catalog-info.yaml", "paved.toml")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PORTAL.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_no_module_of_portal_takes_part_in_an_import_loop():
    """Imports inside functions count: grimp reads every import statement."""
    graph = grimp.build_graph("portal")
    edges = {
        module: {
            imported
            for imported in graph.find_modules_directly_imported_by(module)
            # A module importing its own package's __init__ is no loop of note.
            if not module.startswith(imported + ".")
        }
        for module in graph.modules
    }
    assert _cycles(edges) == []


def test_the_loop_finder_finds_a_loop():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _private_uses(path: Path, modules: dict[str, Path], code: str | None = None) -> list[str]:
    """Another portal module's private names the module at `path` imports or reads."""
    tree = ast.parse(code if code is not None else path.read_text("utf-8"))
    parts = path.relative_to(ROOT).with_suffix("").parts
    package = parts[:-1] if parts[-1] != "__init__" else parts
    own = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    aliases: dict[str, str] = {}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = list(package[: len(package) - node.level + 1]) if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            if not module.startswith("portal"):
                continue
            for alias in node.names:
                full = f"{module}.{alias.name}"
                if full in modules:
                    aliases[alias.asname or alias.name] = full
                elif alias.name.startswith("_") and module != own:
                    found.append(f"{path.name}:{node.lineno} imports {full}")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and aliases.get(node.value.id, own) != own
        ):
            found.append(f"{path.name}:{node.lineno} reads {aliases[node.value.id]}.{node.attr}")
    return found


def test_no_module_reaches_into_another_modules_private_names():
    modules = _modules()
    found = [use for path in modules.values() for use in _private_uses(path, modules)]
    assert found == []


def test_the_private_name_finder_finds_one():
    where = PORTAL / "core" / "update" / "sample.py"  # read as a module of update/
    code = "from ..catalog import queries\nfrom ..errors import _hidden\nqueries._project(1)\n"
    assert _private_uses(where, _modules(), code) == [
        "sample.py:2 imports portal.core.errors._hidden",
        "sample.py:3 reads portal.core.catalog.queries._project",
    ]


def _string_constants(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module, its docstrings left out."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


@pytest.mark.parametrize("name", FILE_NAMES)
def test_each_file_name_paved_knows_is_written_out_once(name):
    """Messages may name the file (`no .copier-answers.yml`); code uses the constant."""
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted(PORTAL.rglob("*.py"))
        for line, text in _string_constants(path)
        if text == name
    ]
    assert len(found) == 1 and found[0].startswith("portal/core/filenames.py:"), found


def test_nothing_under_update_finds_or_builds_a_workspace():
    """The engine is handed the workspace its caller loaded (golden paths included)."""
    found = []
    for path in sorted((PORTAL / "core" / "update").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name in ("Workspace", "find_workspace", "find_workspace_or_demo"):
                    found.append(f"{path.name}:{node.lineno} calls {name}")
    assert found == []
