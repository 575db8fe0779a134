"""Run a golden path's checks in a generated repo, in the repo's own virtual environment.

The environment gets only what the repo declares (`pip install -e '.[dev]'`), so a
check passes here only if it would pass on a fresh machine.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from pydantic import BaseModel

from ..errors import GenerationError
from ..reporting import NullReporter, Reporter
from .models import GoldenPath

_OUTPUT_TAIL = 4000


class CheckResult(BaseModel):
    name: str
    command: str
    passed: bool
    output: str


def environment(repo: Path, venv: Path | None = None) -> Path:
    """Make (or reuse) a virtual environment with the repo installed; return its bin/."""
    venv = venv or repo / ".venv"
    bin_dir = venv / "bin"
    uv = _uv()
    if not (bin_dir / "python").exists():
        if uv:
            _run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], repo)
        else:
            _run([sys.executable, "-m", "venv", str(venv)], repo)
    if uv:
        install = [uv, "pip", "install", "--quiet", "--python", str(bin_dir / "python")]
    else:
        install = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet"]
    _run([*install, "-e", ".[dev]"], repo)
    return bin_dir


def run_checks(
    repo: Path,
    path: GoldenPath,
    reporter: Reporter | None = None,
    venv: Path | None = None,
) -> list[CheckResult]:
    """Install the repo in its own environment and run each of the path's checks."""
    reporter = reporter or NullReporter()
    reporter.start(f"Installing {repo.name} in its own environment", total=len(path.checks) + 1)
    try:
        bin_dir = environment(repo, venv)
        results = []
        for check in path.checks:
            reporter.advance(f"Running {check.name}: {check.run}")
            results.append(run_check(repo, bin_dir, check.name, check.run))
        reporter.advance()
        return results
    finally:
        reporter.finish()


def run_check(repo: Path, bin_dir: Path, name: str, command: str) -> CheckResult:
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(bin_dir.parent)
    env.pop("PYTHONPATH", None)
    result = subprocess.run(shlex.split(command), cwd=repo, env=env, capture_output=True, text=True)
    output = (result.stdout + result.stderr)[-_OUTPUT_TAIL:]
    return CheckResult(name=name, command=command, passed=result.returncode == 0, output=output)


def _uv() -> str | None:
    try:
        from uv import find_uv_bin  # the uv package ships its binary

        return find_uv_bin()
    except (ImportError, FileNotFoundError):
        return shutil.which("uv")


def _run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise GenerationError(
            f"`{' '.join(command[:3])} ...` failed in {cwd}: {detail[-1] if detail else ''}",
            "check the repo's pyproject.toml and your network access to the package index",
        )
