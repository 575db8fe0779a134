"""`paved update DIR`: one project in place, like `copier update`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import git


def test_update_keeps_owner_edits_and_leaves_changes_to_commit(fleet, paved, tmp_path: Path):
    _, repos = fleet
    repo = repos[1]
    result = paved("update", repo, cwd=tmp_path)
    assert result.code == 0, result.err
    assert "v1.0.0 → v1.1.0" in result.out and "M .gitignore" in result.out
    lines = (repo / ".gitignore").read_text().splitlines()
    assert lines[:2] == ["# team scratch space", "scratch/"] and lines[-1] == ".coverage"
    assert "actions/checkout@v6" in (repo / ".github/workflows/ci.yml").read_text()
    assert "## Runbook" in (repo / "README.md").read_text()  # owned, untouched
    assert (repo / "docs/decisions.md").is_file()  # the owner's own file
    assert "_commit: v1.1.0" in (repo / ".copier-answers.yml").read_text()
    assert "A  .editorconfig" not in git(repo, "status", "--porcelain")  # nothing staged
    assert "?? .editorconfig" in git(repo, "status", "--porcelain")


def test_dirty_repo_is_refused_and_untouched(fleet, paved, tmp_path: Path):
    _, repos = fleet
    repo = repos[2]
    (repo / "scratch.txt").write_text("work in progress\n")
    before = (repo / ".gitignore").read_text()
    result = paved("update", repo, cwd=tmp_path)
    assert result.code == 2
    assert result.err.count("\n") == 1 and "uncommitted changes: scratch.txt" in result.err
    assert (repo / ".gitignore").read_text() == before
    assert git(repo, "status", "--porcelain") == "?? scratch.txt"


def test_dry_run_says_what_would_change_and_writes_nothing(fleet, paved, tmp_path: Path):
    _, repos = fleet
    repo = repos[1]
    result = paved("update", repo, "--dry-run", "--diff", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "would change" in result.out and "A .editorconfig" in result.out
    assert "+.coverage" in result.out and "-      - uses: actions/checkout@v4" in result.out
    assert git(repo, "status", "--porcelain") == ""

    as_json = json.loads(paved("update", repo, "--dry-run", "--json", cwd=tmp_path).out)
    assert as_json["status"] == "updated" and as_json["dry_run"] is True
    assert ".gitignore" in as_json["changed"] and as_json["from_version"] == "v1.0.0"


def test_conflicts_are_inline_markers_listed_on_stderr(fleet, paved, tmp_path: Path):
    _, repos = fleet
    repo = repos[4]  # edited the checkout line the release bumps
    result = paved("update", repo, cwd=tmp_path)
    assert result.code == 1
    assert "conflict: .github/workflows/ci.yml (lines" in result.err
    text = (repo / ".github/workflows/ci.yml").read_text()
    assert "<<<<<<< before updating" in text and ">>>>>>> after updating" in text
    assert "actions/checkout@v4.2.2" in text and "actions/checkout@v6" in text


def test_a_release_that_changes_nothing_a_project_renders_leaves_it_alone(
    fleet, paved, tmp_path: Path
):
    workspace, repos = fleet
    template = workspace.root / "templates" / "model-service" / "Dockerfile.jinja"
    template.write_text(template.read_text() + "# a comment for services only\n")
    git(workspace.root, "commit", "--quiet", "-am", "services only")
    git(workspace.root, "tag", "-a", "v1.2.0", "-m", "1.2.0")
    producer = repos[0]  # a dataset producer: v1.2.0 renders it as v1.1.0 does
    paved("update", producer, "--to", "1.1.0", cwd=tmp_path)
    git(producer, "add", "--all")
    git(producer, "commit", "--quiet", "-m", "take 1.1.0")
    result = paved("update", producer, cwd=tmp_path)
    assert result.code == 0 and "changes none of its files" in result.out
    assert git(producer, "status", "--porcelain") == ""


def test_not_a_project_is_bad_input(paved, tmp_path: Path):
    result = paved("update", tmp_path, cwd=tmp_path)
    assert result.code == 2 and "is not a project repo" in result.err
