"""The catalog index's database: its tables, and opening it.

A new database (or one of an older schema) is made here, one process at a time: two
commands started together in a fresh workspace both find it missing. Every write to it
goes through `write`, one transaction holding SQLite's write lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

VERSION = 3
# The indexes cover the queries they serve: those read the indexes alone, never the
# (large) tables.
_TABLES = """
CREATE TABLE IF NOT EXISTS snapshot (
    id INTEGER PRIMARY KEY CHECK (id = 0),
    listing BLOB NOT NULL,
    unsettled BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
    file TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    owner TEXT,
    type TEXT,
    description TEXT,
    golden_path TEXT,
    template_version TEXT,
    repo TEXT,
    contract_version TEXT,
    document TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entities_by_name ON entities (name, kind, owner);
CREATE INDEX IF NOT EXISTS entities_by_owner ON entities (owner, kind);
CREATE INDEX IF NOT EXISTS entities_by_file ON entities (file);
CREATE TABLE IF NOT EXISTS relations (
    file TEXT NOT NULL,
    source TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    type TEXT NOT NULL,
    target TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS relations_by_target ON relations (type, target, source);
CREATE INDEX IF NOT EXISTS relations_by_source ON relations (source, type, target);
CREATE INDEX IF NOT EXISTS relations_by_file ON relations (file);
CREATE TABLE IF NOT EXISTS consumers (
    file TEXT NOT NULL,
    dataset TEXT NOT NULL,
    project TEXT NOT NULL,
    owner TEXT,
    publishes TEXT NOT NULL,
    pinned TEXT,
    reads TEXT
);
CREATE INDEX IF NOT EXISTS consumers_by_dataset ON consumers (dataset, project, owner, publishes);
CREATE INDEX IF NOT EXISTS consumers_by_file ON consumers (file);
CREATE TABLE IF NOT EXISTS downstream (id INTEGER PRIMARY KEY CHECK (id = 0), graph BLOB);
"""
# `consumers` is the consumer graph as a walk reads it: one row per (dataset, project
# consuming it), with the project's owner and the datasets it publishes in turn, all
# from the project's own entity, and the contract version it pins and the columns it
# reads (as its annotations say: NULL when not known). `downstream` holds it whole,
# compact, for transitive walks: derived from `consumers`, dropped whenever a file
# changes, built on next need.
# Pages are read through a memory map rather than a read() each.
_MMAP_BYTES = 1 << 30


def connect(path: Path) -> sqlite3.Connection:
    """The database at `path`, with the current schema (made if need be). A file that
    is not a database, or a damaged one, is derived data: removed and made again."""
    try:
        return _connect(path)
    except sqlite3.DatabaseError as error:
        if not is_corrupt(error):
            raise
        discard(path)
        return _connect(path)


def is_corrupt(error: BaseException) -> bool:
    """Whether SQLite says the file is not a database or is damaged (not locked, busy
    or missing a table: those are OperationalError, a subclass)."""
    return type(error) is sqlite3.DatabaseError


def discard(path: Path) -> None:
    """Remove the database and its write-ahead log, to be made again from the files."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=30)
    db.row_factory = sqlite3.Row
    if _version(db) != VERSION:
        _create(db, path)
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
    return db


@contextmanager
def write(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, holding the write lock from its start: committed, or
    rolled back on any error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.commit()
    except BaseException:
        db.rollback()
        raise


def reset(db: sqlite3.Connection, unless_current: bool = False) -> None:
    """Drop and recreate every table in one write transaction.

    With `unless_current`, a process that waited while another made the schema finds
    it made and leaves it alone instead of dropping tables under the other.
    (`executescript` would commit first, hence one statement at a time.)
    """
    with write(db):
        if unless_current and _version(db) == VERSION:
            return
        for table in ("files", "snapshot", "entities", "relations", "consumers", "downstream"):
            db.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in _TABLES.split(";"):
            if statement.strip():
                db.execute(statement)
        db.execute(f"PRAGMA user_version={VERSION}")


def _create(db: sqlite3.Connection, path: Path) -> None:
    """Make the tables of a new (or older) database, one process at a time.

    SQLite does not wait on a busy database while switching it to write-ahead logging,
    so the switch takes a lock file (only here: a warm lookup never imports filelock).
    """
    from filelock import FileLock

    with FileLock(path.with_name("catalog.sqlite.lock"), timeout=120):
        db.execute("PRAGMA journal_mode=WAL")
        reset(db, unless_current=True)


def _version(db: sqlite3.Connection) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]
