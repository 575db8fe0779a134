"""Worker processes: plain children fed over pipes; one that dies is an error, not a
hang, and ends what it was running; one whose parent is gone ends, mid-task, with the
commands it started."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from portal.core.errors import PortalError
from portal.core.git.scratch import alive
from portal.core.update.workers import orphaned, run_parallel
from tests.core.update.worker_tasks import die, double, run_a_long_command


def test_results_come_back_from_worker_processes(workspace):
    results = sorted(run_parallel(workspace, double, [1, 2, 3, 4, 5], jobs=2))
    assert results == [(2, False), (4, False), (6, False), (8, False), (10, False)]
    assert not orphaned()  # this process is no worker


def test_a_worker_that_dies_is_an_error_not_a_hang(workspace):
    with pytest.raises(PortalError, match="worker process died on a task: exit code 9"):
        list(run_parallel(workspace, die, [1, 2, 3], jobs=2))


def _wait_until_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while (living := [pid for pid in pids if alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.05)
    return living


def _wait_for_pids(file: Path) -> list[int]:
    deadline = time.monotonic() + 60
    while not (file.exists() and file.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [int(pid) for pid in file.read_text().split()]


def test_a_worker_whose_parent_dies_ends_with_its_commands_mid_task(workspace, tmp_path):
    said = tmp_path / "pids.txt"
    script = (
        "import os, time\n"
        "from pathlib import Path\n"
        "from portal.core.update.workers import _Pool\n"
        "from portal.core.workspace.model import Workspace\n"
        "from tests.core.update.worker_tasks import run_a_long_command\n"
        f"pool = _Pool(Workspace(Path({str(workspace.root)!r})), 1)\n"
        f"pool.workers[0].send(run_a_long_command, {str(said)!r})\n"
        f"while not Path({str(said)!r}).exists(): time.sleep(0.05)\n"
        "os._exit(0)  # as if killed: nothing stops the worker\n"
    )
    root = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, "-c", script], cwd=root, check=True, timeout=60)
    worker, command = _wait_for_pids(said)
    # The task has two minutes to go: only the parent's death ends them this soon.
    assert _wait_until_gone([worker, command], 5) == []


def test_a_worker_killed_mid_task_takes_its_commands_with_it(workspace, tmp_path):
    files = [tmp_path / "first.txt", tmp_path / "second.txt"]
    tasks = run_parallel(workspace, run_a_long_command, [str(f) for f in files], jobs=2)
    killer = threading.Thread(  # once both have started their command
        target=lambda: os.kill([_wait_for_pids(file) for file in files][0][0], 9)
    )
    killer.start()
    with pytest.raises(PortalError, match="worker process died"):
        list(tasks)
    killer.join()
    # The killed worker's command, and the other worker with its command, all end.
    pids = [pid for file in files for pid in _wait_for_pids(file)]
    assert len(pids) == 4 and _wait_until_gone(pids, 5) == []
