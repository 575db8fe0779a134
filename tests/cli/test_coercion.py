"""Every private part of typer the CLI's coercion uses still exists in the installed
typer, and the coercion is installed (it changes nothing when they are gone)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from portal.cli.coercion import INTERNALS, PATCHES, install
from tests.internals import resolve

COERCION = Path(__file__).resolve().parents[2] / "portal" / "cli" / "coercion.py"


@pytest.mark.parametrize("dotted", sorted(INTERNALS))
def test_each_private_name_of_typer_the_cli_imports_exists(dotted):
    resolve(dotted)


def test_every_private_typer_import_is_in_the_table():
    imported = {
        f"{node.module}.{alias.name}"
        for node in ast.walk(ast.parse(COERCION.read_text("utf-8")))
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("typer")
        for alias in node.names
        if alias.name.startswith("_") or (node.module or "").split(".")[1].startswith("_")
    }
    assert imported == set(INTERNALS)


@pytest.mark.parametrize(("owner", "attribute"), sorted(PATCHES))
def test_the_patched_attribute_is_installed(owner, attribute):
    install()
    cls = resolve(owner)
    assert getattr(cls, "_paved_deferred", False)
    assert getattr(cls, attribute).__module__ == "portal.cli.coercion"
