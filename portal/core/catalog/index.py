"""The catalog index: a SQLite database derived from the entity files in `catalog/`.

It is never the source of truth and never committed (it lives in `.paved/`). Each
query first brings it up to date: files whose size or modification time changed are
parsed again, files that are gone are dropped, the rest is left alone. So a warm
lookup costs a directory scan and one indexed query, even at 100,000 entities.

This module imports neither pydantic nor the entity models, so a lookup from the
command line starts fast.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import MalformedFileError

_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL, size INTEGER NOT NULL
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
CREATE INDEX IF NOT EXISTS entities_by_name ON entities (name, kind);
CREATE INDEX IF NOT EXISTS entities_by_owner ON entities (owner, kind);
CREATE INDEX IF NOT EXISTS entities_by_file ON entities (file);
CREATE TABLE IF NOT EXISTS relations (
    file TEXT NOT NULL,
    source TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    type TEXT NOT NULL,
    target TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS relations_by_target ON relations (type, target);
CREATE INDEX IF NOT EXISTS relations_by_source ON relations (source, type);
CREATE INDEX IF NOT EXISTS relations_by_file ON relations (file);
"""

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Relations paved follows, from a spec field to the kind of entity it points at.
_RELATIONS = {
    "providesApis": "providesApi",
    "consumesApis": "consumesApi",
    "memberOf": "memberOf",
    "members": "hasMember",
    "dependsOn": "dependsOn",
}


@dataclass(frozen=True)
class RefreshStats:
    parsed: int
    removed: int
    unchanged: int


class CatalogIndex:
    """A SQLite index of one catalog folder."""

    def __init__(self, catalog_dir: Path, index_dir: Path) -> None:
        self.catalog_dir = catalog_dir
        self.path = index_dir / "catalog.sqlite"
        index_dir.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=30)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        if self.db.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA_VERSION:
            self._reset()

    def close(self) -> None:
        self.db.close()

    # Keeping up to date -----------------------------------------------------

    def refresh(self) -> RefreshStats:
        """Re-read the files that changed since the last refresh."""
        on_disk = _scan(self.catalog_dir)
        known = {
            row["path"]: (row["mtime_ns"], row["size"])
            for row in self.db.execute("SELECT path, mtime_ns, size FROM files")
        }
        changed = [name for name, stat in on_disk.items() if known.get(name) != stat]
        removed = [name for name in known if name not in on_disk]
        if not changed and not removed:
            return RefreshStats(0, 0, len(on_disk))
        parsed = [(name, _parse(self.catalog_dir / name)) for name in changed]
        with self.db:
            for name in [*changed, *removed]:
                self._forget(name)
            for name, documents in parsed:
                self._insert(name, documents, on_disk[name])
        return RefreshStats(len(changed), len(removed), len(on_disk) - len(changed))

    def rebuild(self) -> RefreshStats:
        self._reset()
        return self.refresh()

    def _reset(self) -> None:
        with self.db:
            for table in ("files", "entities", "relations"):
                self.db.execute(f"DROP TABLE IF EXISTS {table}")
            self.db.executescript(_SCHEMA)
            self.db.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")

    def _forget(self, name: str) -> None:
        for table in ("entities", "relations"):
            self.db.execute(f"DELETE FROM {table} WHERE file = ?", (name,))
        self.db.execute("DELETE FROM files WHERE path = ?", (name,))

    def _insert(self, name: str, documents: list[dict[str, Any]], stat: tuple[int, int]) -> None:
        entities, relations = [], []
        for document in documents:
            kind = str(document["kind"])
            metadata = document["metadata"]
            spec = document.get("spec") or {}
            annotations = metadata.get("annotations") or {}
            entity_name = str(metadata["name"])
            entities.append(
                (
                    name,
                    kind,
                    entity_name,
                    bare_name(spec.get("owner")),
                    spec.get("type"),
                    metadata.get("description"),
                    annotations.get("paved.dev/golden-path"),
                    annotations.get("paved.dev/template-version"),
                    annotations.get("paved.dev/repo"),
                    annotations.get("paved.dev/contract-version"),
                    json.dumps(document, default=str),
                )
            )
            for field, relation in _RELATIONS.items():
                for target in spec.get(field) or []:
                    relations.append((name, entity_name, kind, relation, bare_name(str(target))))
        self.db.executemany(
            "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", entities
        )
        self.db.executemany("INSERT INTO relations VALUES (?, ?, ?, ?, ?)", relations)
        self.db.execute("INSERT INTO files VALUES (?, ?, ?)", (name, *stat))

    # Queries ------------------------------------------------------------------

    def entity(self, name: str, kinds: tuple[str, ...] = ()) -> sqlite3.Row | None:
        query = "SELECT * FROM entities WHERE name = ?"
        params: list[Any] = [name]
        if kinds:
            query += f" AND kind IN ({','.join('?' * len(kinds))})"
            params.extend(kinds)
        # Projects first, then datasets, then teams: the order `show` answers in.
        query += (
            " ORDER BY CASE kind WHEN 'Component' THEN 0 WHEN 'API' THEN 1 "
            "WHEN 'Group' THEN 2 ELSE 3 END LIMIT 1"
        )
        return self.db.execute(query, params).fetchone()

    def entities(
        self,
        kind: str | None = None,
        owner: str | None = None,
        golden_path: str | None = None,
        type: str | None = None,
    ) -> list[sqlite3.Row]:
        clauses, params = [], []
        for column, value in (
            ("kind", kind),
            ("owner", owner),
            ("golden_path", golden_path),
            ("type", type),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return self.db.execute(f"SELECT * FROM entities{where} ORDER BY name", params).fetchall()

    def related(self, source: str, relation: str) -> list[str]:
        # Sorted here, not in SQL: an ORDER BY tempts the planner into the
        # (type, target) index and a scan of every relation of that type.
        rows = self.db.execute(
            "SELECT target FROM relations WHERE source = ? AND type = ?", (source, relation)
        )
        return sorted(row[0] for row in rows)

    def sources(self, target: str, relation: str) -> list[str]:
        rows = self.db.execute(
            "SELECT source FROM relations WHERE target = ? AND type = ?", (target, relation)
        )
        return sorted(row[0] for row in rows)

    def edges_to(self, targets: list[str], relation: str) -> list[tuple[str, str]]:
        """(target, source) for every `relation` edge into any of `targets`."""
        return self._edges("target", "source", targets, relation)

    def edges_from(self, sources: list[str], relation: str) -> list[tuple[str, str]]:
        """(source, target) for every `relation` edge out of any of `sources`."""
        return self._edges("source", "target", sources, relation)

    def owners(self, names: list[str], kind: str = "Component") -> dict[str, str | None]:
        found: dict[str, str | None] = {}
        for chunk in _chunks(names):
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT name, owner FROM entities WHERE kind = ? AND name IN ({marks})",
                (kind, *chunk),
            )
            found.update((row[0], row[1]) for row in rows)
        return found

    def _edges(self, key: str, other: str, values: list[str], relation: str):
        found = []
        for chunk in _chunks(values):
            marks = ",".join("?" * len(chunk))
            cursor = self.db.cursor()
            cursor.row_factory = None  # plain tuples: no Row objects on this hot path
            cursor.execute(
                f"SELECT {key}, {other} FROM relations WHERE type = ? AND {key} IN ({marks})",
                (relation, *chunk),
            )
            found.extend(cursor.fetchall())
        return found

    def names(self, like: str | None = None) -> list[str]:
        if like is None:
            rows = self.db.execute("SELECT DISTINCT name FROM entities")
        else:
            rows = self.db.execute(
                "SELECT DISTINCT name FROM entities WHERE name LIKE ? LIMIT 2000",
                (f"%{like}%",),
            )
        return [row[0] for row in rows]

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM entities").fetchone()[0]


@contextmanager
def open_index(catalog_dir: Path, index_dir: Path) -> Iterator[CatalogIndex]:
    """An up-to-date index of the catalog, closed on exit."""
    with closing(CatalogIndex(catalog_dir, index_dir)) as index:
        index.refresh()
        yield index


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def document(row: sqlite3.Row) -> dict[str, Any]:
    return json.loads(row["document"])


def _scan(folder: Path) -> dict[str, tuple[int, int]]:
    if not folder.is_dir():
        return {}
    found = {}
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(".yaml") and not entry.name.startswith("."):
                stat = entry.stat()
                found[entry.name] = (stat.st_mtime_ns, stat.st_size)
    return found


def read_documents(path: Path) -> list[dict[str, Any]]:
    """The YAML documents of an entity file, each a mapping; errors name the file."""
    try:
        documents = [doc for doc in yaml.load_all(path.read_bytes(), Loader=_Loader) if doc]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}:" if mark else ""
        raise MalformedFileError(
            f"{path}:{where} not valid YAML", "fix the file or restore it from git"
        ) from None
    for number, doc in enumerate(documents, start=1):
        if not isinstance(doc, dict):
            raise MalformedFileError(
                f"{path}: document {number} is not a mapping", "each entity is a YAML mapping"
            )
    return documents


def _parse(path: Path) -> list[dict[str, Any]]:
    documents = read_documents(path)
    for number, doc in enumerate(documents, start=1):
        for field in ("kind", "metadata"):
            if field not in doc:
                raise MalformedFileError(
                    f"{path}: document {number}: field {field!r} is missing",
                    "every entity has apiVersion, kind, metadata.name and spec",
                )
        if not isinstance(doc["metadata"], dict) or not doc["metadata"].get("name"):
            raise MalformedFileError(
                f"{path}: document {number}: field 'metadata.name' is missing",
                "every entity has a metadata.name",
            )
    return documents


def bare_name(ref: Any) -> str | None:
    """`group:default/analytics` -> `analytics`; None stays None."""
    if ref is None:
        return None
    return str(ref).rpartition(":")[2].rpartition("/")[2]
