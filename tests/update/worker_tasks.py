"""Work for worker processes in tests: module-level, importable as
`tests.update.worker_tasks` by the workers."""

from __future__ import annotations

import os
import time
from pathlib import Path

from portal.core.update.workers import orphaned


def die(engine, item):
    os._exit(9)


def double(engine, item):
    return item * 2, orphaned()


def wait_for_orphaning(engine, item):
    """Wait for the parent to go, then write what `orphaned` says to the file `item`."""
    deadline = time.monotonic() + 30
    while not orphaned() and time.monotonic() < deadline:
        time.sleep(0.05)
    Path(item).write_text(str(orphaned()))
    return True
