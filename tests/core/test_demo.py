"""The demo workspace: a real small organisation built from paved's own golden paths,
in the data directory, rebuilt when a build was cut short, refused with one line where
it cannot be written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal.core.catalog.index import open_index
from portal.core.catalog.queries import consumers, list_entities
from portal.core.demo import demo_root, ensure_demo, is_built
from portal.core.errors import BadInputError
from portal.core.update.status import fleet_status
from portal.core.workspace.model import Workspace
from tests.helpers import git

ROOT = Path(__file__).resolve().parents[2]
PAVED = str(Path(sys.executable).parent / "paved")


def test_the_demo_is_a_small_organisation_of_real_repos(demo):
    workspace = Workspace(demo.workspace)
    assert demo.root == Path(os.environ["PAVED_DATA_DIR"]) / "demo"
    assert not demo.root.resolve().is_relative_to(ROOT)
    assert [tag for _, tag in workspace.versions()] == ["v1.0.0", "v1.1.0"]
    assert git(workspace.root, "status", "--porcelain") == ""
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        projects = list_entities(index, kind="project")
        teams = {row["name"] for row in index.entities(kind="Group")}
        downstream = consumers(index, "orders_raw", transitive=True)
        churn = next(p for p in projects if p.name == "churn_model")
    assert len(teams) >= 4 and {p.owner for p in projects} <= teams
    assert len(projects) >= 12
    assert {p.golden_path for p in projects} == {"dataset-producer", "etl-job", "model-service"}
    assert max(record.depth for record in downstream) >= 3
    assert churn.golden_path == "model-service" and churn.consumes == ["customer_features"]
    for project in projects:
        repo = Path(project.repo)
        assert repo.is_relative_to(demo.projects)
        assert (repo / ".copier-answers.yml").is_file()
        assert git(repo, "status", "--porcelain") == ""


def test_the_demo_fleet_is_behind_with_clean_edits_and_one_conflict(demo):
    workspace = Workspace(demo.workspace)
    records = {record.project: record for record in fleet_status(workspace)}
    behind = {name for name, record in records.items() if record.drift}
    current = {name for name, record in records.items() if record.drift is False}
    conflicting = {name for name, record in records.items() if record.conflicts}
    assert current and behind and current | behind == set(records)
    assert {records[name].version for name in current} == {"v1.1.0"}
    assert conflicting == {"payments_reconciled"}
    assert records["payments_reconciled"].conflicts == [".github/workflows/ci.yml"]
    edited = [
        name
        for name in behind - conflicting
        if int(git(Path(records[name].repo), "rev-list", "--count", "HEAD")) > 1
    ]
    assert len(edited) >= 2  # owners' commits that merge cleanly


def test_a_demo_build_killed_midway_is_detected_and_built_again(tmp_path, monkeypatch):
    monkeypatch.setenv("PAVED_DATA_DIR", str(tmp_path / "data"))
    build = subprocess.Popen([PAVED, "demo"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    root = demo_root()
    deadline = time.monotonic() + 60
    while not (root / "projects").is_dir() and time.monotonic() < deadline:
        time.sleep(0.05)
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert root.is_dir() and not is_built(root)  # half-built
    demo = ensure_demo()
    assert demo.built and is_built(root)
    workspace = Workspace(demo.workspace)
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        names = [project.name for project in list_entities(index, kind="project")]
    assert len(names) == len(list(demo.projects.iterdir())) >= 12
    assert json.loads((root / "demo.json").read_text())["workspace"] == str(demo.workspace)


def test_a_data_directory_that_cannot_be_written_is_refused(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PAVED_DATA_DIR", str(blocker / "paved"))
    with pytest.raises(BadInputError) as raised:
        ensure_demo()
    assert "cannot build the demo workspace in" in raised.value.message
    assert "PAVED_DATA_DIR" in raised.value.hint
    assert list(tmp_path.iterdir()) == [blocker]
