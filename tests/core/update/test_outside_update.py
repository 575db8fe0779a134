"""Updates of outside golden paths: the tree `cruft update` or `copier update
--defaults` makes, one project or a rollout, with the same report and journal."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import cruft

from tests.helpers import git, tree
from tests.outside_templates import copier_updated, made_at_v1, owner_edits

BIN = Path(sys.executable).parent


def test_cookiecutter_update_is_what_cruft_update_makes(paved, outside_workspace, tmp_path):
    repo = made_at_v1(paved, outside_workspace, "svc", tmp_path / "svc", "orders_api")
    assert (repo / "old.txt").is_file() and not (repo / "CHANGELOG.md").exists()
    owner_edits(repo, {"src/app.py": "\n\nOWNER = 'analytics'\n"})
    shutil.copytree(repo, tmp_path / "cruft")
    assert cruft.update(tmp_path / "cruft", checkout="v2.0.0", skip_apply_ask=True)
    result = paved("-w", outside_workspace.root, "update", repo)
    assert result.code == 0, result
    assert "v1.0.0 → v2.0.0" in result.out
    assert tree(repo) == tree(tmp_path / "cruft")
    assert b"OWNER = 'analytics'" in tree(repo)["src/app.py"]
    assert json.loads((repo / ".cruft.json").read_text())["checkout"] == "v2.0.0"
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "take v2.0.0")
    assert paved("-w", outside_workspace.root, "catalog", "refresh").code == 0
    shown = paved("-w", outside_workspace.root, "catalog", "show", "orders_api", "--json")
    assert '"template_version": "v2.0.0"' in shown.out


def test_copier_update_is_what_copier_update_defaults_makes(paved, outside_workspace, tmp_path):
    repo = made_at_v1(paved, outside_workspace, "lib", tmp_path / "lib", "orders_lib")
    owner_edits(
        repo, {"pyproject.toml": "\n[tool.ruff]\nline-length = 100\n", "NOTES.md": "mine\n"}
    )
    copier_updated(repo, tmp_path / "copier")
    result = paved("-w", outside_workspace.root, "update", repo)
    assert result.code == 0, result
    assert tree(repo) == tree(tmp_path / "copier")
    assert not (repo / "setup.cfg").exists() and (repo / "LICENSE").read_text() == "MIT license\n"
    assert (repo / "NOTES.md").read_text().endswith("mine\n")  # owned: _skip_if_exists


def test_rollout_and_status_cover_every_kind(paved, outside_workspace, tmp_path):
    root = outside_workspace.root
    svc = made_at_v1(paved, outside_workspace, "svc", tmp_path / "svc", "svc_one")
    lib = made_at_v1(paved, outside_workspace, "lib", tmp_path / "lib", "lib_one")
    conflicted = made_at_v1(paved, outside_workspace, "lib", tmp_path / "lib2", "lib_two")
    owner_edits(conflicted, {"README.md": "Owned by analytics.\n"})  # next to the line v2 changes
    status = paved("-w", root, "status", "--json")
    assert status.code == 0, status
    records = {item["project"]: item for item in json.loads(status.out)}
    assert {records[name]["latest"] for name in records} == {"v2.0.0"}
    assert all(records[name]["drift"] for name in records)
    assert "would conflict in README.md" in records["lib_two"]["detail"]

    rollout = paved("-w", root, "update", "--all", "--json")
    assert rollout.code == 1, rollout  # one conflict
    results = {item["project"]: item for item in json.loads(rollout.out)["results"]}
    assert results["svc_one"]["status"] == "updated"
    assert results["lib_one"]["status"] == "updated"
    assert results["lib_two"]["status"] == "conflict"
    for repo in (svc, lib):
        assert git(repo, "status", "--porcelain") == ""
        assert "paved/update-2.0.0" in git(repo, "branch", "--list", "paved/*")
    assert git(conflicted, "branch", "--list", "paved/*") == ""
    assert "CHANGELOG.md" in git(svc, "ls-tree", "-r", "--name-only", "paved/update-2.0.0")

    branch = git(svc, "rev-parse", "paved/update-2.0.0")
    again = paved("-w", root, "update", "--all", "--path", "svc", "--json")
    assert json.loads(again.out)["results"][0]["status"] == "current"  # a rerun: nothing new
    assert git(svc, "rev-parse", "paved/update-2.0.0") == branch


def test_shards_and_their_report_cover_outside_paths(paved, outside_workspace, tmp_path):
    root = outside_workspace.root
    names = ["svc_a", "svc_b", "lib_a"]
    for name in names:
        made_at_v1(paved, outside_workspace, name.split("_")[0], tmp_path / name, name)
    ids, seen = [], []
    for shard in ("1/2", "2/2"):
        result = paved("-w", root, "update", "--all", "--shard", shard, "--dry-run", "--json")
        assert result.code == 0, result
        rollout = json.loads(result.out)
        ids.append(rollout["id"])
        seen += [item["project"] for item in rollout["results"]]
    assert sorted(seen) == sorted(names)
    merged = paved("-w", root, "update", "report", *ids, "--json")
    assert merged.code == 0, merged
    results = json.loads(merged.out)["results"]
    assert sorted(item["project"] for item in results) == sorted(names)
    assert {item["status"] for item in results} == {"updated"}  # a dry run: would update
