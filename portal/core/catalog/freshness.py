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

Stat-ing 25,000 files takes about 0.1 s (100,000 entities: bench/catalog_scale.py).
"""

from __future__ import annotations

import marshal
import os
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
