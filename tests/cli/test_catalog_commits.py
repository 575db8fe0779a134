"""Catalog changes are committed to the workspace repo: exactly the catalog files each
command changed, with a message saying what changed, and nothing else in the repo
touched. A command that fails leaves `catalog/` (and the repo) as it was."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from portal.core.projects.new import NewProject, new_project
from tests.core.catalog.test_catalog import _project
from tests.helpers import git


@pytest.fixture
def busy(workspace):
    """A workspace repo with two committed projects, and work of its own in progress:
    a staged new file, an unstaged edit and an untracked file."""
    root = workspace.root
    _project(workspace.catalog_dir, "orders", "analytics", ["orders_ds"], [])
    _project(workspace.catalog_dir, "audit", "analytics", [], [])
    git(root, "add", "catalog")
    git(root, "commit", "--quiet", "-m", "catalog: two projects")
    (root / "notes.txt").write_text("staged, not committed\n")
    git(root, "add", "notes.txt")
    with (root / "copier.yml").open("a") as stream:
        stream.write("# an edit in progress\n")
    (root / "scratch.txt").write_text("untracked\n")
    return workspace


def _in_progress(root: Path) -> list[str]:
    """`git status --porcelain`, lines whole (leading blanks say unstaged)."""
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=root, check=True, capture_output=True, text=True
    )
    return sorted(status.stdout.splitlines())


def _last_commit(root: Path) -> tuple[str, list[str]]:
    message = git(root, "log", "-1", "--format=%s")
    files = git(root, "show", "--name-only", "--format=", "HEAD").splitlines()
    return message, files


def test_team_add_commits_groups_yaml_alone(paved, busy):
    root = busy.root
    before = _in_progress(root)
    assert before == [" M copier.yml", "?? scratch.txt", "A  notes.txt"]
    result = paved(
        "--workspace", root, "catalog", "team", "add", "finance-data", "--member", "sam.lee"
    )
    assert result.code == 0, result.err
    assert _last_commit(root) == (
        "catalog: add team finance-data with member(s) sam.lee",
        ["catalog/groups.yaml"],
    )
    assert _in_progress(root) == before
    committed = git(root, "show", "HEAD:catalog/groups.yaml")
    assert committed == (busy.catalog_dir / "groups.yaml").read_text().strip()
    assert "finance-data" in committed


def test_consume_and_unconsume_commit_the_consumer_file(paved, busy):
    root = busy.root
    before = _in_progress(root)
    consumed = paved("--workspace", root, "catalog", "consume", "orders_ds", "--by", "audit")
    assert consumed.code == 0, consumed.err
    assert _last_commit(root) == ("catalog: audit consumes orders_ds", ["catalog/audit.yaml"])
    entity = next(yaml.safe_load_all(git(root, "show", "HEAD:catalog/audit.yaml")))
    assert entity["spec"]["consumesApis"] == ["orders_ds"]

    head = git(root, "rev-parse", "HEAD")
    again = paved("--workspace", root, "catalog", "consume", "orders_ds", "--by", "audit")
    assert again.code == 0 and "(already so)" in again.out
    assert git(root, "rev-parse", "HEAD") == head  # nothing changed, nothing committed

    dropped = paved("--workspace", root, "catalog", "unconsume", "orders_ds", "--by", "audit")
    assert dropped.code == 0, dropped.err
    assert _last_commit(root) == (
        "catalog: audit no longer consumes orders_ds",
        ["catalog/audit.yaml"],
    )
    assert _in_progress(root) == before


def test_refresh_commits_the_projects_it_updated(paved, workspace, tmp_path):
    root = workspace.root
    for name in ("kept_one", "same_one"):
        request = NewProject(
            golden_path="dataset-producer", name=name, owner="analytics", dest=tmp_path / name
        )
        new_project(workspace, request)
    info = tmp_path / "kept_one" / "catalog-info.yaml"
    docs = list(yaml.safe_load_all(info.read_text()))
    docs[0]["spec"]["owner"] = "group:growth"
    info.write_text(yaml.safe_dump_all(docs, sort_keys=False))
    (root / "scratch.txt").write_text("untracked\n")

    result = paved("--workspace", root, "catalog", "refresh", "--json")
    assert result.code == 0, result.err
    assert _last_commit(root) == (
        "catalog: refresh 1 project(s) from their repos: kept_one",
        ["catalog/kept_one.yaml"],
    )
    assert _in_progress(root) == ["?? scratch.txt"]
    head = git(root, "rev-parse", "HEAD")
    assert paved("--workspace", root, "catalog", "refresh").code == 0
    assert git(root, "rev-parse", "HEAD") == head  # all unchanged: no empty commit


def test_a_failed_commit_leaves_catalog_and_repo_as_they_were(paved, busy):
    """Signing that fails: `git add` has run, `git commit` fails. All is undone."""
    root = busy.root
    git(root, "config", "commit.gpgsign", "true")
    git(root, "config", "gpg.program", "false")
    groups = (busy.catalog_dir / "groups.yaml").read_bytes()
    audit = (busy.catalog_dir / "audit.yaml").read_bytes()
    head, before = git(root, "rev-parse", "HEAD"), _in_progress(root)

    added = paved("--workspace", root, "catalog", "team", "add", "finance-data")
    consumed = paved("--workspace", root, "catalog", "consume", "orders_ds", "--by", "audit")

    for result in (added, consumed):
        assert result.code == 1
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("paved: error: git commit")
    assert (busy.catalog_dir / "groups.yaml").read_bytes() == groups
    assert (busy.catalog_dir / "audit.yaml").read_bytes() == audit
    assert git(root, "rev-parse", "HEAD") == head
    assert _in_progress(root) == before
    listed = paved("--workspace", root, "catalog", "team", "list", "--json")
    assert "finance-data" not in listed.out


def test_a_catalog_file_with_uncommitted_edits_is_not_touched(paved, busy):
    root = busy.root
    groups = busy.catalog_dir / "groups.yaml"
    groups.write_text(groups.read_text() + "# someone's edit, not committed\n")
    edited, head = groups.read_bytes(), git(root, "rev-parse", "HEAD")

    result = paved("--workspace", root, "catalog", "team", "add", "finance-data")

    assert result.code == 2
    assert "catalog/groups.yaml in the workspace" in result.err
    assert "has changes not committed" in result.err
    assert groups.read_bytes() == edited
    assert git(root, "rev-parse", "HEAD") == head


def test_a_workspace_that_is_not_a_repo_gets_the_change_uncommitted(paved, workspace):
    root = workspace.root
    shutil.rmtree(root / ".git")
    result = paved("--workspace", root, "catalog", "team", "add", "finance-data")
    assert result.code == 0, result.err
    assert "finance-data" in (workspace.catalog_dir / "groups.yaml").read_text()
