"""Which entity files changed since the index last read them.

The index keeps a snapshot of `catalog/`: every entity file's modification time, change
time and size as they were when the index read it. A refresh lists the folder once and
stats each file (one system call each, no Python objects beyond a tuple), then:

- when nothing changed, the listing's bytes equal the stored ones: one comparison of
  bytes, no file compared one by one, nothing decoded from the index;
- otherwise the listing is compared with the snapshot: a file whose stat differs was
  edited, replaced or added and is read again; a file that is gone is dropped.

Why every file is stat-ed rather than the folder's own modification time trusted: the
folder's time changes when a file is added, removed or replaced (paved's atomic writes,
`git checkout`), but not when a file is edited in place (many editors, `>>`, `sed` on
some systems), and an edited file must be seen.

A file modified moments before it was read is *racily clean* (git's word): an edit in
the same clock tick, to the same size, would leave its stat unchanged. Such files are
remembered with a hash of their content and compared by content until they are older
than the window, when their stat alone can be trusted again.

Stat-ing 25,000 files takes about 0.1 s, as long as a command's start-up (imports,
parsing). `scan_ahead` overlaps the two: a forked child scans while the command starts,
and a lookup collects its listing with `take` (`index.ask`).
"""

from __future__ import annotations

import marshal
import os
import sys
import time

Folder = str | os.PathLike[str]
# (st_mtime_ns, st_ctime_ns, st_size): an in-place edit changes the first two (and a
# tool that restores the modification time cannot restore the change time).
Stat = tuple[int, int, int]

# Timestamps coarser than this (FAT's 2 s) are not expected on a catalog folder.
RACY_WINDOW_NS = 2_000_000_000
_MARSHAL_VERSION = 2  # no back-references: the same listing always dumps the same bytes


class Snapshot:
    """The entity files as the index last read them."""

    def __init__(
        self, stats: dict[str, Stat] | None = None, unsettled: dict[str, bytes] | None = None
    ) -> None:
        self.stats = {} if stats is None else stats
        # name -> hash of the content read, for files too recently modified to trust a
        # stat.
        self.unsettled = {} if unsettled is None else unsettled

    def columns(self) -> tuple[bytes, bytes]:
        """(listing, unsettled) as the index stores them."""
        return listing(self.stats), marshal.dumps(self.unsettled, _MARSHAL_VERSION)

    @classmethod
    def from_columns(cls, row: tuple[bytes, bytes] | None) -> Snapshot:
        """The stored snapshot; an unreadable one is empty, so every file is read again."""
        if row is None:
            return cls()
        try:
            return cls(dict(marshal.loads(row[0])), dict(marshal.loads(row[1])))
        except (EOFError, ValueError, TypeError):
            return cls()


SETTLED = marshal.dumps({}, _MARSHAL_VERSION)  # the `unsettled` column when no file is


def scan(folder: Folder) -> dict[str, Stat]:
    """Every entity file in `folder` (`*.yaml`, not hidden), by name, in name order."""
    try:
        names = sorted(
            name for name in os.listdir(folder) if name.endswith(".yaml") and name[0] != "."
        )
    except (FileNotFoundError, NotADirectoryError):
        return {}
    found: dict[str, Stat] = {}
    handle = os.open(folder, os.O_RDONLY)
    try:
        stat = os.stat
        for name in names:
            try:
                result = stat(name, dir_fd=handle)
            except FileNotFoundError:  # removed while listing: it is gone
                continue
            found[name] = (result.st_mtime_ns, result.st_ctime_ns, result.st_size)
    finally:
        os.close(handle)
    return found


def listing(stats: dict[str, Stat]) -> bytes:
    """A listing (in name order, as `scan` makes it) as bytes: equal bytes, equal
    listings."""
    return marshal.dumps(stats, _MARSHAL_VERSION)


def content_hash(data: bytes) -> bytes:
    import hashlib  # OpenSSL's loading is paid only when a file is unsettled

    return hashlib.blake2b(data, digest_size=16).digest()


def is_racy(stat: Stat, scan_started_ns: int) -> bool:
    """Whether a file was modified too close to its reading for its stat to be trusted."""
    return max(stat[0], stat[1]) >= scan_started_ns - RACY_WINDOW_NS


class Scan:
    """A folder's listing as of `started_ns` (taken just before the first stat)."""

    def __init__(
        self, started_ns: int, listing: bytes, count: int, stats: dict[str, Stat] | None = None
    ) -> None:
        self.started_ns = started_ns
        self.listing = listing
        self.count = count
        self._stats = stats

    @property
    def stats(self) -> dict[str, Stat]:
        if self._stats is None:
            self._stats = dict(marshal.loads(self.listing))
        return self._stats

    @classmethod
    def now(cls, folder: Folder) -> Scan:
        started = time.time_ns()
        stats = scan(folder)
        return cls(started, listing(stats), len(stats), stats)


# folder (real path) -> (child's pid, read end of its pipe)
_ahead: dict[str, tuple[int, int]] = {}
_HEADER = 16  # started_ns and count, 8 bytes each, before the listing


def scan_ahead(folder: Folder) -> None:
    """Start scanning `folder` in a forked child; `take(folder)` collects the result.

    Only where forking is safe: a platform that forks, and no thread running (a fork
    copies one thread, and a lock another thread held would never be released). The
    child makes C calls only (no import, no lock) and leaves without any clean-up, so
    the parent's buffers are never flushed twice.
    """
    threading = sys.modules.get("threading")
    if not hasattr(os, "fork") or (threading is not None and threading.active_count() > 1):
        return
    folder = os.path.realpath(folder)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(read_end)
            started = time.time_ns()
            stats = scan(folder)
            data = memoryview(
                started.to_bytes(8, "little") + len(stats).to_bytes(8, "little") + listing(stats)
            )
            while data:  # blocks until the parent reads; a parent gone ends it (EPIPE)
                data = data[os.write(write_end, data) :]
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    stale = _ahead.pop(folder, None)
    _ahead[folder] = (pid, read_end)
    if stale is not None:
        _collect(stale)


def scanning_ahead(folder: Folder) -> bool:
    """Whether a scan of `folder` was started ahead and not yet taken."""
    return bool(_ahead) and os.path.realpath(folder) in _ahead


def take(folder: Folder) -> Scan:
    """`folder`'s scan: the one started ahead for it, else one made now."""
    if _ahead:
        pending = _ahead.pop(os.path.realpath(folder), None)
        if pending is not None:
            found = _collect(pending)
            if found is not None:
                return found
    return Scan.now(folder)


def _collect(pending: tuple[int, int]) -> Scan | None:
    pid, fd = pending
    chunks = []
    try:
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(fd)
        _, status = os.waitpid(pid, 0)
    data = b"".join(chunks)
    if status != 0 or len(data) < _HEADER:
        return None  # the child failed (or was killed): scan here instead
    started, count = int.from_bytes(data[:8], "little"), int.from_bytes(data[8:16], "little")
    return Scan(started, data[_HEADER:], count)
