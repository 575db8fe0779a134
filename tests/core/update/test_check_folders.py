"""A check killed mid-run leaves its scratch folder and a work tree in the project repo;
the next run removes both, and leaves a live process's folder alone."""

from __future__ import annotations

import os
import subprocess
import sys

from portal.core.update.check_folders import CHECKS, check_folder, clean_stale
from tests.helpers import git


def test_a_killed_checks_leftovers_go_on_the_next_run(fleet, tmp_path):
    workspace, repos = fleet
    repo = repos[0]
    # A process that made a scratch folder and a work tree, then was killed.
    script = (
        "import os, sys, subprocess\n"
        "from pathlib import Path\n"
        "from portal.core.update.check_folders import check_folder\n"
        f"folder = check_folder(Path({str(workspace.index_dir)!r}))\n"
        f"subprocess.run(['git', 'worktree', 'add', '--quiet', '--detach', "
        f"str(folder / 'tree'), 'HEAD'], cwd={str(repo)!r}, check=True)\n"
        "(folder / 'venv').mkdir()\n"
        "os.kill(os.getpid(), 9)\n"
    )
    killed = subprocess.run([sys.executable, "-c", script])
    assert killed.returncode == -9
    (stale,) = (workspace.index_dir / CHECKS).iterdir()
    assert len(git(repo, "worktree", "list").splitlines()) == 2
    mine = check_folder(workspace.index_dir)  # this process is alive: its folder stays
    assert clean_stale(workspace.index_dir, repos) == [stale]
    assert not stale.exists() and mine.is_dir()
    assert len(git(repo, "worktree", "list").splitlines()) == 1
    assert mine.name.startswith(f"{os.getpid()}-")
