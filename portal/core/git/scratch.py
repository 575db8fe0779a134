"""Scratch folders for files that live for milliseconds: renders, merges, objects.

A rollout writes and deletes thousands of small files per repo. Where the system has
a memory file system at /dev/shm (Linux), they go there, which spares the disk's
journal; elsewhere they go to the usual temporary folder. Each folder is named after
its process (`paved-<what>-<pid>-<random>`); a process killed before removing its own
leaves them, and the next paved process removes those of processes that are gone,
so nothing accumulates in memory.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path

_MEMORY = "/dev/shm"
_OURS = re.compile(r"paved-[a-z]+-(\d+)-")


def scratch_folder(what: str) -> Path:
    """A new empty folder, in memory where the system allows; the caller removes it."""
    remove_stale()
    return Path(tempfile.mkdtemp(prefix=f"paved-{what}-{os.getpid()}-", dir=memory()))


@cache
def memory() -> str | None:
    """The memory file system's folder, when it is there and writable; else None."""
    if os.path.isdir(_MEMORY) and os.access(_MEMORY, os.W_OK | os.X_OK):
        return _MEMORY
    return None


def alive(pid: int) -> bool:
    """Whether a process is running (someone else's counts; one that has ended and
    waits to be reaped does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Whether a process has ended and waits to be reaped (known where /proc is)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] in ("Z", "X")


@cache
def remove_stale() -> None:
    """Once per process: remove the scratch folders of paved processes that are gone."""
    folder = memory() or tempfile.gettempdir()
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        match = _OURS.match(name)
        if match and not alive(int(match.group(1))):
            shutil.rmtree(os.path.join(folder, name), ignore_errors=True)
