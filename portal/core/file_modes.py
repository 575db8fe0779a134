"""The modes of what paved writes: those the user's umask gives, as git, copier and
cookiecutter give theirs. Python's temporary files and folders (0600, 0700) are moved
into place only with the mode a plain write would have had.

Standard library only: the ground floor.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def umask() -> int:
    """The process's umask, read without changing it where the system says it."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)  # elsewhere: set and put back at once
    os.umask(current)
    return current


def file_mode(executable: bool = False) -> int:
    """The mode a new file gets (an executable one: its execute bits too)."""
    return (0o777 if executable else 0o666) & ~umask()


def folder_mode() -> int:
    return 0o777 & ~umask()


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` so a reader sees the old file or the new one, never a
    part; the file keeps its mode, or a new one gets the umask's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = file_mode()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
