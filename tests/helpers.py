"""Helpers the tests share, defined once: git run for real, a folder's files read
whole, a repo made in one commit. Fixtures live in conftest.py files; these are the
plain functions they and the tests call."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

# Never part of a tree compared by a test: git's own folder, a repo's virtual environment.
_LEFT_OUT = {".git", ".venv"}


def git(repo: Path, *args: str) -> str:
    """A git command in `repo`; its output, stripped (a failure raises)."""
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True
    ).stdout.strip()


def tree(folder: Path, modes: bool = False) -> dict[str, Any]:
    """Every file below `folder` by relative path: its bytes, or with `modes` its
    (executable bit, bytes); .git and .venv left out."""
    files: dict[str, Any] = {}
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if _LEFT_OUT & set(parts) or not path.is_file():
            continue
        data = path.read_bytes()
        files["/".join(parts)] = (bool(path.stat().st_mode & 0o100), data) if modes else data
    return files


def one_commit_repo(folder: Path, files: dict[str, str]) -> Path:
    """A new git repo in `folder` with `files` (path -> text) in one commit."""
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "first")
    return folder
