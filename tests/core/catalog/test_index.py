"""The index sees every change to the entity files, however it is made, and reads no
more than it must."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
import yaml

from portal.core.catalog import freshness, queries
from portal.core.catalog.index import CatalogIndex, RefreshStats, open_index
from portal.core.workspace.model import embedded_root


def _component(name: str, owner: str, description: str, consumes: list[str]) -> dict:
    return {
        "apiVersion": "backstage.io/v1alpha1",
        "kind": "Component",
        "metadata": {"name": name, "description": description},
        "spec": {
            "type": "etl-job",
            "lifecycle": "experimental",
            "owner": f"group:{owner}",
            "providesApis": [f"{name}_ds"],
            "consumesApis": consumes,
        },
    }


def _api(name: str, owner: str) -> dict:
    return {
        "apiVersion": "backstage.io/v1alpha1",
        "kind": "API",
        "metadata": {"name": name},
        "spec": {"type": "dataset", "lifecycle": "experimental", "owner": f"group:{owner}"},
    }


def _write(folder: Path, name: str, owner: str, description: str, consumes: list[str]):
    docs = [_component(name, owner, description, consumes), _api(f"{name}_ds", owner)]
    (folder / f"{name}.yaml").write_text(yaml.safe_dump_all(docs, sort_keys=False))


def _edit_in_place(path: Path, old: str, new: str, keep_mtime: bool = False) -> None:
    """Rewrite a file through the same inode, as `>` or an editor saving in place does."""
    before = path.stat()
    text = path.read_text()
    assert old in text and len(old) == len(new)
    with path.open("r+") as stream:  # same inode: the folder's time does not change
        stream.write(text.replace(old, new))
    if keep_mtime:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size) == (before.st_ino, before.st_size)


@pytest.fixture
def catalog(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "catalog"
    folder.mkdir()
    shutil.copy(embedded_root() / "catalog" / "groups.yaml", folder / "groups.yaml")
    _write(folder, "orders", "analytics", "raw orders", [])
    _write(folder, "revenue", "growth", "revenue v1", ["orders_ds"])
    return folder, tmp_path / ".paved"


def _owner(index: CatalogIndex, name: str) -> str:
    return queries.owner_of(index, name).team.name


def test_edit_in_place_right_after_indexing_is_seen(catalog):
    """Same inode, same size, same folder time, maybe the same clock tick: still seen."""
    folder, index_dir = catalog
    folder_time = folder.stat().st_mtime_ns
    with open_index(folder, index_dir) as index:
        assert queries.show(index, "revenue").description == "revenue v1"
    _edit_in_place(folder / "revenue.yaml", "revenue v1", "revenue v2")
    assert folder.stat().st_mtime_ns == folder_time
    with open_index(folder, index_dir) as index:
        assert queries.show(index, "revenue").description == "revenue v2"


def test_edit_in_the_same_clock_tick_is_seen_on_coarse_timestamps(catalog, monkeypatch):
    """On a file system with one-second timestamps (ext3, HFS+), an edit in the second
    the file was indexed leaves its stat as it was: its content gives it away."""
    folder, index_dir = catalog
    coarse = 1_000_000_000
    scan = freshness.scan

    def scan_by_the_second(path: Path) -> dict[str, freshness.Stat]:
        return {
            name: (m - m % coarse, c - c % coarse, size)
            for name, (m, c, size) in scan(path).items()
        }

    monkeypatch.setattr(freshness, "scan", scan_by_the_second)
    with open_index(folder, index_dir) as index:
        assert queries.show(index, "revenue").description == "revenue v1"
    before = scan_by_the_second(folder)["revenue.yaml"]
    _edit_in_place(folder / "revenue.yaml", "revenue v1", "revenue v2")
    with open_index(folder, index_dir) as index:
        assert queries.show(index, "revenue").description == "revenue v2"
    if scan_by_the_second(folder)["revenue.yaml"] != before:
        pytest.skip("the edit crossed a second: not the case this test is about")


def test_edit_in_place_keeping_the_modification_time_is_seen(catalog, monkeypatch):
    """A settled file (older than the racy window) edited in place, its modification
    time put back (`touch -r`, `cp -p`, rsync): its change time gives it away."""
    folder, index_dir = catalog
    monkeypatch.setattr(freshness, "RACY_WINDOW_NS", 50_000_000)
    with open_index(folder, index_dir):
        pass
    time.sleep(0.1)  # older than the window now: the next refresh settles every file
    index = CatalogIndex(folder, index_dir)
    assert index.refresh().parsed == 0
    assert index.db.execute("SELECT unsettled FROM snapshot").fetchone()[0] == freshness.SETTLED
    time.sleep(0.02)  # a later clock tick, on any file system's timestamps
    _edit_in_place(folder / "revenue.yaml", "revenue v1", "revenue v2", keep_mtime=True)
    stats = index.refresh()
    assert (stats.parsed, stats.removed) == (1, 0)
    assert queries.show(index, "revenue").description == "revenue v2"
    index.close()


def test_a_settled_catalog_is_checked_by_one_comparison(catalog, monkeypatch):
    folder, index_dir = catalog
    monkeypatch.setattr(freshness, "RACY_WINDOW_NS", 50_000_000)
    index = CatalogIndex(folder, index_dir)
    assert index.refresh().parsed == 3
    unsettled = index.db.execute("SELECT unsettled FROM snapshot").fetchone()[0]
    assert unsettled != freshness.SETTLED  # all three just written: compared by content
    time.sleep(0.1)
    assert index.refresh().parsed == 0  # content compared, found equal, now settled
    stored = index.db.execute("SELECT listing, unsettled FROM snapshot").fetchone()
    assert tuple(stored) == (freshness.listing(freshness.scan(folder)), freshness.SETTLED)
    assert index.refresh() == RefreshStats(0, 0, 3)
    index.close()


def test_added_replaced_and_removed_files_are_seen(catalog):
    folder, index_dir = catalog
    with open_index(folder, index_dir) as index:
        assert [c.name for c in queries.consumers(index, "orders_ds")] == ["revenue"]
    _write(folder, "audit", "analytics", "audit", ["orders_ds"])  # added
    replacement = folder / ".revenue.tmp"
    replacement.write_text((folder / "revenue.yaml").read_text().replace("orders_ds", "audit_ds"))
    os.replace(replacement, folder / "revenue.yaml")  # replaced, as paved writes
    with open_index(folder, index_dir) as index:
        assert [c.name for c in queries.consumers(index, "orders_ds")] == ["audit"]
        assert [c.name for c in queries.consumers(index, "audit_ds")] == ["revenue"]
    (folder / "audit.yaml").unlink()  # removed
    with open_index(folder, index_dir) as index:
        assert queries.consumers(index, "orders_ds") == []
        assert index.entity("audit") is None


def test_an_index_of_an_older_schema_is_rebuilt(catalog):
    folder, index_dir = catalog
    with open_index(folder, index_dir):
        pass
    with sqlite3.connect(index_dir / "catalog.sqlite") as db:
        db.execute("PRAGMA user_version=1")
    index = CatalogIndex(folder, index_dir)
    assert index.refresh().parsed == 3
    assert _owner(index, "revenue") == "growth"
    index.close()


def test_transitive_walk_reaches_each_project_once_at_its_smallest_depth(catalog):
    """A diamond: `report` reads `revenue_ds` (depth 2) and `margin_ds` (depth 3)."""
    folder, index_dir = catalog
    _write(folder, "margin", "growth", "margin", ["revenue_ds"])
    _write(folder, "report", "ml-platform", "report", ["margin_ds", "revenue_ds", "zeta_ds"])
    _write(folder, "zeta", "growth", "zeta", ["orders_ds"])
    with open_index(folder, index_dir) as index:
        found = queries.consumers(index, "orders_ds", transitive=True)
        impact = queries.impact(index, "orders_ds")
    assert [(c.name, c.owner, c.via, c.depth) for c in found] == [
        ("revenue", "growth", None, 1),
        ("zeta", "growth", None, 1),
        ("margin", "growth", "revenue_ds", 2),
        ("report", "ml-platform", "revenue_ds", 2),
    ]
    assert impact.total == 4
    assert [(g.team, g.contact, [p.name for p in g.projects]) for g in impact.teams] == [
        ("growth", "#growth-data", ["revenue", "zeta", "margin"]),
        ("ml-platform", "#ml-platform", ["report"]),
    ]


def test_the_downstream_graph_follows_every_change(catalog):
    folder, index_dir = catalog
    with open_index(folder, index_dir) as index:
        assert [c.name for c in queries.consumers(index, "orders_ds", transitive=True)] == [
            "revenue"
        ]
        assert index.db.execute("SELECT COUNT(*) FROM downstream").fetchone()[0] == 1
    _write(folder, "forecast", "ml-platform", "forecast", ["revenue_ds"])
    with open_index(folder, index_dir) as index:
        assert index.db.execute("SELECT COUNT(*) FROM downstream").fetchone()[0] == 0
        found = queries.consumers(index, "orders_ds", transitive=True)
        assert [(c.name, c.via, c.depth) for c in found] == [
            ("revenue", None, 1),
            ("forecast", "revenue_ds", 2),
        ]
    (folder / "revenue.yaml").unlink()
    with open_index(folder, index_dir) as index:
        assert queries.consumers(index, "orders_ds", transitive=True) == []


def _reference_walk(docs: dict[str, dict], dataset: str) -> list[tuple]:
    """The documented walk, straight from the entity documents: level by level, each
    project at its smallest depth, via the first dataset (by name) of that level."""
    readers: dict[str, list[str]] = {}
    for name, doc in docs.items():
        for consumed in doc["spec"]["consumesApis"]:
            readers.setdefault(consumed, []).append(name)
    found, reached_before, frontier, seen, depth = [], set(), [dataset], {dataset}, 1
    while frontier:
        reached: dict[str, str] = {}
        for consumed in sorted(frontier):
            for project in sorted(readers.get(consumed, [])):
                if project not in reached and project not in reached_before:
                    reached[project] = consumed
        for project in sorted(reached):
            owner = docs[project]["spec"]["owner"].removeprefix("group:")
            via = None if reached[project] == dataset else reached[project]
            found.append((project, owner, via, depth))
        reached_before.update(reached)
        frontier = [
            api
            for project in reached
            for api in docs[project]["spec"]["providesApis"]
            if api not in seen and not seen.add(api)
        ]
        depth += 1
    return found


def test_walks_agree_with_the_documented_walk_on_a_random_catalog(tmp_path):
    rng = random.Random(4)
    folder = tmp_path / "catalog"
    folder.mkdir()
    shutil.copy(embedded_root() / "catalog" / "groups.yaml", folder / "groups.yaml")
    teams = ["analytics", "growth", "ml-platform", "data-platform"]
    docs = {}
    for number in range(300):
        name = f"p{number:03d}"
        consumes = sorted(
            {f"p{rng.randrange(number):03d}_ds" for _ in range(rng.choice((0, 1, 2, 4)))}
            if number
            else set()
        )
        docs[name] = _component(name, rng.choice(teams), name, consumes)
        _write(folder, name, docs[name]["spec"]["owner"].removeprefix("group:"), name, consumes)
    with open_index(folder, tmp_path / ".paved") as index:
        for number in range(0, 300, 7):
            dataset = f"p{number:03d}_ds"
            expected = _reference_walk(docs, dataset)
            walked = queries.consumers(index, dataset, transitive=True)
            direct = queries.consumers(index, dataset)
            assert [(c.name, c.owner, c.via, c.depth) for c in walked] == expected
            assert [(c.name, c.owner, c.via, c.depth) for c in direct] == [
                found for found in expected if found[3] == 1
            ]


def _open_and_count(catalog_dir: str, index_dir: str, start: float) -> int:
    time.sleep(max(0.0, start - time.time()))
    with open_index(Path(catalog_dir), Path(index_dir)) as index:
        return index.count()


def test_processes_creating_the_index_at_once_all_get_it(catalog):
    # Two `paved new` in one fresh workspace both create the index: neither may drop
    # the tables the other has just made.
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    catalog_dir, index_dir = catalog
    with open_index(catalog_dir, index_dir) as index:
        expected = index.count()
    with ProcessPoolExecutor(6, mp_context=get_context("spawn")) as pool:
        for attempt in range(3):
            index_dir = catalog_dir.parent / f"index-{attempt}"
            start = time.time() + 1.0
            futures = [
                pool.submit(_open_and_count, str(catalog_dir), str(index_dir), start)
                for _ in range(6)
            ]
            assert [future.result() for future in futures] == [expected] * 6


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty-pages"])
def test_a_damaged_index_is_made_again_without_asking(workspace, paved, damage):
    """The index is derived data: whatever happened to its file, lookups still answer."""
    from tests.core.catalog.test_catalog import _project

    _project(workspace.catalog_dir, "orders", "analytics", ["orders_ds"], [])
    assert paved("-w", workspace.root, "catalog", "owner", "orders", "--json").code == 0
    database = workspace.index_dir / "catalog.sqlite"
    data = database.read_bytes()
    if damage == "garbage":
        database.write_bytes(b"\x00\xff not a database at all" * 100)
    elif damage == "truncated":
        database.write_bytes(data[: len(data) // 3])
    else:  # the header kept, the pages after it zeroed
        database.write_bytes(data[:100] + bytes(len(data) - 100))
    for suffix in ("-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    result = paved("-w", workspace.root, "catalog", "owner", "orders", "--json")
    assert result.code == 0, result.err
    assert '"analytics"' in result.out
    assert paved("-w", workspace.root, "catalog", "list", "--json").code == 0
