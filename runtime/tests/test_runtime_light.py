"""The runtime stays light: every generated repo installs it."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

RUNTIME = Path(__file__).resolve().parents[1]
HEAVY = (
    *("copier", "textual", "typer", "rich", "portal", "cookiecutter", "sqlglot", "jinja2"),
    # The service extra: only paved_runtime.service imports them.
    *("fastapi", "sklearn", "joblib", "uvicorn"),
)


def test_importing_the_runtime_pulls_in_nothing_heavy():
    modules = [
        "paved_runtime",
        "paved_runtime.cli",
        "paved_runtime.openapi",
        "paved_runtime.catalog",
        "paved_runtime.producer",
    ]
    code = (
        "import sys\n"
        + "".join(f"import {module}\n" for module in modules)
        + f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    env_path = str(RUNTIME / "src")
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": env_path, "PATH": ""},
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_its_declared_dependencies_are_the_light_ones():
    project = tomllib.loads((RUNTIME / "pyproject.toml").read_text())["project"]
    names = {
        requirement.split(">")[0].split("<")[0].split("=")[0]
        for requirement in project["dependencies"]
    }
    assert names == {"duckdb", "jsonschema-rs", "open-data-contract-standard", "pydantic", "pyyaml"}
