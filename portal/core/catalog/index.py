"""The catalog index: a SQLite database derived from the entity files in `catalog/`.

It is never the source of truth and never committed (it lives in `.paved/`). Each
query first brings it up to date: files that changed since the index read them are
parsed again, files that are gone are dropped, the rest is left alone (see
`freshness` for how a change is seen). So a warm lookup costs a stat of each file and
a few indexed queries, even at 100,000 entities.

This module imports neither pydantic nor the entity models, and YAML only when a file
must be parsed, so a lookup from the command line starts fast.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from . import schema
from .downstream import PUBLISHES_SEPARATOR, Downstream
from .entity_files import parse_entities
from .freshness import SETTLED, Scan, Snapshot, Stat, content_hash, is_racy

T = TypeVar("T")
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
        self.db = schema.connect(self.path)

    def close(self) -> None:
        self.db.close()

    # Keeping up to date -----------------------------------------------------

    def refresh(self, on_disk: Scan | None = None) -> RefreshStats:
        """Re-read the files that changed since the index last read them (as `on_disk`
        lists them, else as a scan made now). A damaged index is made again from the
        files: it is derived data."""
        try:
            return self._refresh(on_disk)
        except sqlite3.DatabaseError as error:
            if not schema.is_corrupt(error):
                raise
            self.remake()
            return self._refresh(None)

    def remake(self) -> None:
        """Throw the index away and start a new one (the next refresh fills it)."""
        self.db.close()
        schema.discard(self.path)
        self.db = schema.connect(self.path)

    def _refresh(self, on_disk: Scan | None) -> RefreshStats:
        if on_disk is None:
            on_disk = Scan.now(self.catalog_dir)
        if self.settled_listing() == on_disk.listing:
            return RefreshStats(0, 0, on_disk.count)
        # Something changed, or some file was too fresh to trust its stat: compare file
        # by file, holding the write lock so two refreshes do not interleave.
        with schema.write(self.db):
            return self._update(on_disk.stats, on_disk.started_ns)

    def settled_listing(self) -> bytes | None:
        """The listing of the files as the index last read them, when their stats alone
        tell whether they changed since (no file was too fresh); else None."""
        stored = self.db.execute(
            "SELECT listing FROM snapshot WHERE unsettled = ?", (SETTLED,)
        ).fetchone()
        return None if stored is None else stored[0]

    def _update(self, on_disk: dict[str, Stat], started: int) -> RefreshStats:
        known = Snapshot.from_columns(
            self.db.execute("SELECT listing, unsettled FROM snapshot").fetchone()
        )
        removed = sorted(known.stats.keys() - on_disk.keys())
        # Files whose stat changed, and files too fresh for a stat to tell: set
        # operations over the whole listing, then a look at those alone.
        differ = {name for name, _ in on_disk.items() - known.stats.items()}
        changed: dict[str, bytes] = {}  # name -> its content, read once
        unsettled: dict[str, bytes] = {}
        for name in sorted(differ | (known.unsettled.keys() & on_disk.keys())):
            stat = on_disk[name]
            same = name not in differ
            data = self._read(name)
            if same and content_hash(data) == known.unsettled[name]:
                if is_racy(stat, started):
                    unsettled[name] = known.unsettled[name]
                continue
            changed[name] = data
            if is_racy(stat, started):
                unsettled[name] = content_hash(data)
        if not changed and not removed and unsettled == known.unsettled:
            if unsettled:
                return RefreshStats(0, 0, len(on_disk))
            # Every file settled now: the next check is one comparison of bytes.
            self._store(Snapshot(on_disk, unsettled))
            return RefreshStats(0, 0, len(on_disk))
        parsed = [
            (name, parse_entities(self.catalog_dir / name, data)) for name, data in changed.items()
        ]
        for name in [*changed, *removed]:
            self._forget(name)
        self.db.execute("DELETE FROM downstream")
        for name, documents in parsed:
            self._insert(name, documents)
        self._store(Snapshot(on_disk, unsettled))
        return RefreshStats(len(changed), len(removed), len(on_disk) - len(changed))

    def _read(self, name: str) -> bytes:
        try:
            return (self.catalog_dir / name).read_bytes()
        except FileNotFoundError:  # removed since the scan: empty now, gone next time
            return b""

    def _store(self, snapshot: Snapshot) -> None:
        self.db.execute("INSERT OR REPLACE INTO snapshot VALUES (0, ?, ?)", snapshot.columns())

    def rebuild(self) -> RefreshStats:
        schema.reset(self.db)
        return self.refresh()

    def _forget(self, name: str) -> None:
        for table in ("entities", "relations", "consumers"):
            self.db.execute(f"DELETE FROM {table} WHERE file = ?", (name,))

    def _insert(self, name: str, documents: list[dict[str, Any]]) -> None:
        entities, relations, consumers = [], [], []
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
            if spec.get("consumesApis"):
                owner = bare_name(spec.get("owner")) if kind == "Component" else None
                publishes = PUBLISHES_SEPARATOR.join(
                    str(bare_name(str(api))) for api in spec.get("providesApis") or []
                )
                for dataset in spec["consumesApis"]:
                    dataset_name = bare_name(str(dataset))
                    consumers.append(
                        (
                            name,
                            dataset_name,
                            entity_name,
                            owner,
                            publishes,
                            annotations.get(f"paved.dev/pin.{dataset_name}"),
                            annotations.get(f"paved.dev/reads.{dataset_name}"),
                        )
                    )
        self.db.executemany(
            "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", entities
        )
        self.db.executemany("INSERT INTO relations VALUES (?, ?, ?, ?, ?)", relations)
        self.db.executemany("INSERT INTO consumers VALUES (?, ?, ?, ?, ?, ?, ?)", consumers)

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

    def readers(self, dataset: str) -> list[tuple[str, str | None]]:
        """(project, owner) for each project consuming `dataset`, by project."""
        cursor = self.db.cursor()
        cursor.row_factory = None
        cursor.execute(
            "SELECT project, owner FROM consumers WHERE dataset = ? ORDER BY project", (dataset,)
        )
        return cursor.fetchall()

    def pins(self, dataset: str) -> list[tuple[str, str | None, str | None, str | None]]:
        """(project, owner, version pinned, columns read) for each project consuming
        `dataset`, by project; the last two None when not known."""
        cursor = self.db.cursor()
        cursor.row_factory = None
        cursor.execute(
            "SELECT project, owner, pinned, reads FROM consumers WHERE dataset = ? "
            "ORDER BY project",
            (dataset,),
        )
        return cursor.fetchall()

    def downstream(self) -> Downstream:
        """The consumer graph, whole: stored once built, until a file changes."""
        row = self.db.execute("SELECT graph FROM downstream").fetchone()
        if row is not None:
            return Downstream.load(row[0])
        # Built under the write lock: no refresh can change `consumers` meanwhile, so
        # the graph stored is the graph of the files the index holds.
        with schema.write(self.db):
            row = self.db.execute("SELECT graph FROM downstream").fetchone()
            if row is not None:
                return Downstream.load(row[0])
            cursor = self.db.cursor()
            cursor.row_factory = None
            cursor.execute(
                "SELECT dataset, project, owner, publishes FROM consumers ORDER BY dataset, project"
            )
            graph = Downstream.build(cursor.fetchall())
            self.db.execute("INSERT INTO downstream VALUES (0, ?)", (graph.dump(),))
        return graph

    def contacts(self, teams: list[str]) -> dict[str, str | None]:
        """The contact channel of each of `teams` that is a team in the catalog."""
        rows = self.db.execute(
            "SELECT name, json_extract(document, '$.metadata.annotations.\"paved.dev/contact\"') "
            "FROM entities WHERE kind = 'Group' AND name IN (SELECT value FROM json_each(?))",
            (json.dumps(teams),),
        )
        return {row[0]: row[1] for row in rows}

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


def ask(catalog_dir: Path, index_dir: Path, question: Callable[[CatalogIndex], T]) -> T:
    """`question`'s answer from an index brought up to date with the catalog's files."""
    with open_index(catalog_dir, index_dir) as index:
        try:
            return question(index)
        except sqlite3.DatabaseError as error:  # damaged past what refresh read
            if not schema.is_corrupt(error):
                raise
            index.remake()
            index.refresh()
            return question(index)


def document(row: sqlite3.Row) -> dict[str, Any]:
    return json.loads(row["document"])


def bare_name(ref: Any) -> str | None:
    """`group:default/analytics` -> `analytics`; None stays None."""
    if ref is None:
        return None
    return str(ref).rpartition(":")[2].rpartition("/")[2]
