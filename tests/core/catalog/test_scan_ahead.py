"""The catalog scan that runs ahead in a forked child gives the listing a scan here
would, is collected only for its own folder, and never serves a stale catalog."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from portal.cli.main import _scan_catalog_ahead
from portal.core.catalog import freshness, queries
from portal.core.catalog.index import ask
from portal.core.errors import UnknownEntityError
from tests.core.catalog.test_catalog import _project

PAVED = str(Path(sys.executable).parent / "paved")


@pytest.fixture(autouse=True)
def nothing_left_ahead():
    yield
    for folder in list(freshness._ahead):
        freshness._collect(freshness._ahead.pop(folder))


def _catalog(tmp_path: Path, files: int = 40) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    for number in range(files):
        (folder / f"p{number:03d}.yaml").write_text(f"n: {number}\n" * (number + 1))
    (folder / ".hidden.yaml").write_text("skipped")
    (folder / "notes.txt").write_text("skipped")
    return folder


def test_the_scan_ahead_gives_what_a_scan_here_gives(tmp_path):
    folder = _catalog(tmp_path)
    freshness.scan_ahead(folder)
    ahead = freshness.take(folder)
    here = freshness.Scan.now(folder)
    assert ahead.listing == here.listing and ahead.stats == here.stats
    assert ahead.count == 40 and not freshness._ahead
    assert ahead.started_ns <= here.started_ns


def test_a_scan_ahead_is_collected_by_its_own_folder_only(tmp_path):
    folder, other = _catalog(tmp_path), tmp_path / "other"
    other.mkdir()
    (other / "x.yaml").write_text("x: 1\n")
    freshness.scan_ahead(folder)
    assert list(freshness.take(other).stats) == ["x.yaml"]  # scanned here
    # The same folder named another way (a relative path, a symlink) is the same folder.
    (tmp_path / "link").symlink_to(folder)
    assert freshness.take(tmp_path / "link").count == 40
    assert not freshness._ahead


def test_a_child_that_dies_is_replaced_by_a_scan_here(tmp_path):
    folder = _catalog(tmp_path)
    freshness.scan_ahead(folder)
    pid, _ = freshness._ahead[os.path.realpath(folder)]
    os.kill(pid, signal.SIGKILL)
    assert freshness.take(folder).listing == freshness.Scan.now(folder).listing


def test_no_fork_while_another_thread_runs(tmp_path):
    folder = _catalog(tmp_path)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        freshness.scan_ahead(folder)
        assert not freshness._ahead
    finally:
        stop.set()
        thread.join()


@pytest.mark.parametrize(
    ("argv", "ahead"),
    [
        (["-w", "WS", "catalog", "owner", "orders"], True),
        (["--workspace", "WS", "catalog", "impact", "orders_ds", "--json"], True),
        (["--workspace=WS", "catalog", "consumers", "orders_ds"], True),
        (["-wWS", "catalog", "list"], True),
        (["-w", "WS", "catalog", "team", "list"], True),
        (["-w", "WS", "catalog", "browse"], False),  # the TUI: its own pace
        (["-w", "WS", "catalog", "team", "add", "sales"], False),  # writes: scans locked
        (["-w", "WS", "catalog", "consume", "orders_ds", "--by", "x"], False),
        (["-w", "WS", "catalog", "refresh"], False),
        (["-w", "WS", "catalog", "owner", "--help"], False),
        (["-w", "WS", "catalog"], False),
        (["-w", "WS", "new", "etl-job", "catalog"], False),
        (["-w", "WS", "status"], False),
        (["-w", "WS/nowhere", "catalog", "owner", "orders"], False),
    ],
)
def test_the_cli_scans_ahead_for_catalog_commands_only(workspace, argv, ahead):
    argv = [arg.replace("WS", str(workspace.root)) for arg in argv]
    _scan_catalog_ahead(argv)
    assert list(freshness._ahead) == ([os.path.realpath(workspace.catalog_dir)] if ahead else [])


def test_every_edit_before_a_lookup_is_in_its_answer(workspace):
    """Real `paved` processes (which scan ahead), each after an edit: in place and of
    the same size, a new file, a removed one."""
    catalog = workspace.catalog_dir
    _project(catalog, "orders", "analytics", ["orders_ds"], [])
    env = {**os.environ, "PAVED_WORKSPACE": str(workspace.root)}

    def paved(*args: str) -> dict | list:
        done = subprocess.run([PAVED, *args, "--json"], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    (catalog / "teams.yaml").write_text(
        "".join(
            f"---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: {team}\n"
            "spec:\n  type: team\n  children: []\n"
            for team in ("team-a", "team-b")
        )
    )
    entity = catalog / "orders.yaml"
    entity.write_text(entity.read_text().replace("group:analytics", "group:team-a"))
    assert paved("catalog", "owner", "orders")["team"]["name"] == "team-a"
    # Written in place, same size: the file keeps its inode, its size, maybe its mtime.
    for old, new in (("team-a", "team-b"), ("team-b", "team-a"), ("team-a", "team-b")):
        text = entity.read_text().replace(f"group:{old}", f"group:{new}")
        with entity.open("r+") as handle:
            handle.write(text)
        assert paved("catalog", "owner", "orders")["team"]["name"] == new
    _project(catalog, "revenue", "growth", ["revenue_ds"], ["orders_ds"])
    assert [c["name"] for c in paved("catalog", "consumers", "orders_ds")] == ["revenue"]
    (catalog / "revenue.yaml").unlink()
    assert paved("catalog", "consumers", "orders_ds") == []


def test_ask_keeps_the_answer_only_when_the_scan_finds_the_index_current(workspace, monkeypatch):
    # No racy window: a file modified before a scan is judged by its stat alone, so an
    # index can be current right after a write (else it is compared by content first).
    monkeypatch.setattr(freshness, "RACY_WINDOW_NS", 0)
    catalog, index_dir = workspace.catalog_dir, workspace.index_dir
    _project(catalog, "orders", "analytics", ["orders_ds"], [])
    asked: list[str] = []

    def owner(name: str):
        def question(index) -> str:
            asked.append(name)
            return queries.owner_of(index, name).team.name

        return question

    def ask_ahead(question):
        freshness.scan_ahead(catalog)
        return ask(catalog, index_dir, question)

    assert ask_ahead(owner("orders")) == "analytics"  # a new index: refreshed, asked again
    assert asked == ["orders", "orders"]
    asked.clear()
    assert ask_ahead(owner("orders")) == "analytics"  # current: asked once
    assert asked == ["orders"]
    entity = catalog / "orders.yaml"
    entity.write_text(entity.read_text().replace("group:analytics", "group:growth"))
    asked.clear()
    assert ask_ahead(owner("orders")) == "growth"
    assert asked == ["orders", "orders"]
    # A name only the files know yet: the index's "unknown" is checked, not believed.
    _project(catalog, "billing", "growth", ["billing_ds"], [])
    assert ask_ahead(owner("billing")) == "growth"
    with pytest.raises(UnknownEntityError):
        ask_ahead(owner("nobody"))


def test_a_refresh_never_takes_a_scan_started_ahead(tmp_path):
    """Commands that write the catalog refresh under its lock: a scan from before the
    lock could miss a file another command wrote meanwhile."""
    from portal.core.catalog.index import CatalogIndex

    folder = tmp_path / "catalog"
    folder.mkdir()
    _project(folder, "orders", "analytics", ["orders_ds"], [])
    index = CatalogIndex(folder, tmp_path / ".paved")
    try:
        freshness.scan_ahead(folder)
        _project(folder, "late", "growth", ["late_ds"], [])  # after the scan began
        index.refresh()
        assert freshness.scanning_ahead(folder)  # left for a lookup, not taken
        assert (
            "late.yaml"
            in freshness.Snapshot.from_columns(
                index.db.execute("SELECT listing, unsettled FROM snapshot").fetchone()
            ).stats
        )
    finally:
        index.close()
