"""Worker processes: plain children fed over pipes; one that dies is an error, not a
hang; one whose parent is gone knows it (and so does not push)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal.core.errors import PortalError
from portal.core.update.workers import orphaned, run_parallel
from tests.update.worker_tasks import die, double


def test_results_come_back_from_worker_processes(workspace):
    results = sorted(run_parallel(workspace.root, double, [1, 2, 3, 4, 5], jobs=2))
    assert results == [(2, False), (4, False), (6, False), (8, False), (10, False)]
    assert not orphaned()  # this process is no worker


def test_a_worker_that_dies_is_an_error_not_a_hang(workspace):
    with pytest.raises(PortalError, match="worker process died on a task: exit code 9"):
        list(run_parallel(workspace.root, die, [1, 2, 3], jobs=2))


def test_a_worker_knows_when_its_parent_is_gone(workspace, tmp_path):
    said = tmp_path / "orphaned.txt"
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from portal.core.update.workers import _Pool\n"
        "from tests.update.worker_tasks import wait_for_orphaning\n"
        f"pool = _Pool(Path({str(workspace.root)!r}), 1)\n"
        f"pool.workers[0].send(wait_for_orphaning, {str(said)!r})\n"
        "os._exit(0)  # as if killed: the worker is left running\n"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", script], cwd=root, check=True, timeout=60)
    deadline = time.monotonic() + 30
    while not said.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert said.read_text() == "True"
