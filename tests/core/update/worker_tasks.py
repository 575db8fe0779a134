"""Work for worker processes in tests: module-level, importable as
`tests.core.update.worker_tasks` by the workers."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from portal.core.update.workers import orphaned


def die(engine, item):
    os._exit(9)


def double(engine, item):
    return item * 2, orphaned()


def run_a_long_command(engine, item):
    """Start a long command (as a check starts pytest), write the worker's pid and the
    command's to the file `item`, and wait for it: a task that outlives its rollout."""
    command = subprocess.Popen(["sleep", "120"])
    Path(item).write_text(f"{os.getpid()} {command.pid}")
    command.wait()
    return True
