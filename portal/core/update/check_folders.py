"""Scratch folders for a rollout's checks, in the workspace's `.paved/checks/`.

Each check runs in `<pid>-<random>/` (a work tree of the update branch and a virtual
environment), removed when it ends. A process killed mid-check cannot remove its own:
the next run removes every folder whose process is gone, and the project repos then
forget the work trees that lived there (`git worktree prune`).
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from ..git import commands as git
from ..git.scratch import alive

CHECKS = "checks"


def check_folder(index_dir: Path) -> Path:
    """A new scratch folder for one check, owned by this process."""
    folder = index_dir / CHECKS / f"{os.getpid()}-{secrets.token_hex(4)}"
    folder.mkdir(parents=True)
    return folder


def clean_stale(index_dir: Path, repos: list[Path]) -> list[Path]:
    """Remove the scratch folders of processes that are gone; when there were any, prune
    the work trees `repos` kept of them. Returns the folders removed."""
    root = index_dir / CHECKS
    if not root.is_dir():
        return []
    removed = []
    for folder in root.iterdir():
        pid = folder.name.partition("-")[0]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    if removed:
        for repo in repos:
            if (repo / ".git").exists():
                git.run(repo, "worktree", "prune", check=False)
    return removed
