"""Scratch in memory: a killed process's folders are removed by the next process."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from portal.core.git import scratch


def test_folders_of_processes_that_are_gone_are_removed_and_live_ones_kept():
    made = subprocess.run(
        [
            sys.executable,
            "-c",
            "from portal.core.git.scratch import scratch_folder as s; print(s('render'))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    left = Path(made.stdout.strip())  # its process ended without removing it
    (left / "file").write_text("rendered")
    mine = scratch.scratch_folder("merge")
    where = scratch.memory() or tempfile.gettempdir()
    assert left.parent == mine.parent == Path(where)
    assert mine.name.startswith(f"paved-merge-{os.getpid()}-")
    scratch.remove_stale.__wrapped__()
    assert not left.exists() and mine.is_dir()
    mine.rmdir()
