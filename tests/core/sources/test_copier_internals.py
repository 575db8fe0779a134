"""Every private part of copier paved uses still exists in the installed copier, and
none is used outside portal/core/sources/copier_internals.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from portal.core.sources.copier_internals import INTERNALS, PATCHES
from tests.internals import resolve

PORTAL = Path(__file__).resolve().parents[3] / "portal"
HOME = PORTAL / "core" / "sources" / "copier_internals.py"


@pytest.mark.parametrize("dotted", sorted(INTERNALS))
def test_each_private_name_of_copier_paved_imports_exists(dotted):
    resolve(dotted)


@pytest.mark.parametrize(("owner", "attribute"), sorted(PATCHES))
def test_each_attribute_paved_sets_on_copiers_objects_exists(owner, attribute):
    """Each is a property or method of the class, replaced on one instance."""
    assert attribute in dir(resolve(owner)), f"{owner} has no {attribute}: see {HOME.name}"


def test_no_module_but_copier_internals_touches_copiers_private_parts():
    found = []
    for path in sorted(PORTAL.rglob("*.py")):
        if path == HOME:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("copier._"):
                found.append(f"{path.name}:{node.lineno} imports {node.module}")
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "__dict__"
                and isinstance(node.ctx, ast.Store)
            ):
                found.append(f"{path.name}:{node.lineno} sets an attribute through __dict__")
    assert found == []


def test_every_private_copier_import_of_that_module_is_in_its_table():
    imported = {
        f"{node.module}.{alias.name}"
        for node in ast.walk(ast.parse(HOME.read_text("utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("copier._")
        for alias in node.names
    }
    assert imported and imported <= set(INTERNALS)
