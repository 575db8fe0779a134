"""A catalog lookup from the command line starts fast: it imports no more than it uses,
and skipping typer's pydantic coercion changes no value and no error."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer._coercion import build_runtime_param
from typer.core import _TyperParameter

from portal.cli.app import app
from tests.core.catalog.test_catalog import _project

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "argv",
    [
        ["catalog", "owner", "orders", "--json"],
        ["catalog", "consumers", "orders_ds", "--json"],
        ["catalog", "impact", "orders_ds", "--json"],
        ["--workspace", "WORKSPACE", "catalog", "owner", "orders", "--json"],
    ],
)
def test_a_lookup_imports_neither_pydantic_nor_yaml_nor_rich_console(workspace, argv):
    argv = [str(workspace.root) if arg == "WORKSPACE" else arg for arg in argv]
    _project(workspace.catalog_dir, "orders", "analytics", ["orders_ds"], [])
    _project(workspace.catalog_dir, "revenue", "growth", ["revenue_ds"], ["orders_ds"])
    code = (
        "import json, sys\n"
        "from portal.cli.main import run\n"
        f"code = run({argv!r})\n"
        "heavy = [m for m in ('pydantic', 'yaml', 'rich.console') if m in sys.modules]\n"
        "print(json.dumps([code, heavy]), file=sys.stderr)\n"
    )
    for _ in range(2):  # a cold index (files parsed: YAML needed), then a warm one
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=workspace.root,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(workspace.root)},
        )
        code_and_heavy = json.loads(result.stderr.strip().splitlines()[-1])
        json.loads(result.stdout)  # the answer came out whole
    assert code_and_heavy == [0, []]


def _typer_parameters() -> list[_TyperParameter]:
    found = []
    stack = [typer.main.get_command(app)]
    while stack:
        command = stack.pop()
        found += [p for p in command.params if isinstance(p, _TyperParameter)]
        stack += list(getattr(command, "commands", {}).values())
    return found


@pytest.mark.parametrize(
    "value",
    [None, "orders", "", "-", "--x", "ünïcode", "two words", "adir", "./adir//", "afile", "gone"],
)
def test_coercion_without_pydantic_gives_what_typer_gives(value, tmp_path, monkeypatch):
    """For every parameter of every command: the same value, or the same error; but a
    blank path, which paved refuses where typer would take it for the current folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("a file, not a folder")
    context = typer.main.get_command(app).make_context("paved", [])
    parameters = _typer_parameters()
    annotations = {p.type_descriptor.annotation for p in parameters}
    assert str in annotations and Path in annotations  # both shortcuts are exercised
    for parameter in parameters:
        if value is not None and parameter.type_descriptor.annotation not in (str, Path):
            continue  # typer's own coercion, unchanged: nothing to compare
        ours = parameter.get_runtime_param()
        theirs = build_runtime_param(parameter.type_descriptor)
        assert type(ours).__name__ == "DeferredRuntimeParam"
        outcomes = []
        for runtime in (ours, theirs):
            try:
                coerced = runtime.coerce(value, param=parameter, ctx=context)
                outcomes.append(("value", type(coerced), coerced))
            except Exception as error:  # compared below, not swallowed
                message = getattr(error, "format_message", error.__str__)()
                outcomes.append(("error", type(error).__name__, message))
        blank = value is not None and not value.strip()
        if blank and parameter.type_descriptor.annotation is Path:
            # Where paved departs from typer on purpose: Path("") would be ".".
            assert outcomes[0][0] == "error" and "not a usable path" in outcomes[0][2]
            continue
        assert outcomes[0] == outcomes[1], parameter.name


def test_the_process_and_an_in_process_caller_get_the_same_answer(paved, workspace):
    """`paved` as its own process leaves with everything frozen for the collector; a
    caller in the same process gets its collector back, and both get the same bytes."""
    _project(workspace.catalog_dir, "orders", "analytics", ["orders_ds"], [])
    _project(workspace.catalog_dir, "revenue", "growth", ["revenue_ds"], ["orders_ds"])
    for argv in (["catalog", "impact", "orders_ds", "--json"], ["catalog", "owner", "nope"]):
        in_process = paved("--workspace", workspace.root, *argv)
        assert gc.get_freeze_count() == 0
        process = subprocess.run(
            [str(Path(sys.executable).parent / "paved"), "--workspace", workspace.root, *argv],
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": "200"},
        )
        assert (process.returncode, process.stdout, process.stderr) == (
            in_process.code,
            in_process.out,
            in_process.err,
        )
