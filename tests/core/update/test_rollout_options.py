"""Rollout options: no silent downgrade, diffs across the fleet, conflict branches pushed
for their owners to resolve."""

from __future__ import annotations

import json

from portal.core.projects.new import NewProject, new_project
from tests.helpers import git


def test_an_older_version_is_refused_unless_allowed(fleet, paved, tmp_path):
    workspace, repos = fleet
    newer = new_project(
        workspace,
        NewProject(
            golden_path="dataset-producer",
            name="newer_ds",
            owner="analytics",
            dest=tmp_path / "newer_ds",
        ),
    ).dest
    refused = paved("-w", workspace.root, "update", str(newer), "--to", "1.0.0")
    assert refused.code == 2
    assert "newer_ds is on v1.1.0, newer than v1.0.0" in refused.err
    assert "--allow-downgrade" in refused.err
    assert git(newer, "status", "--porcelain") == ""
    rolled = paved(
        "-w", workspace.root, "update", "--all", "--to", "1.0.0", "--only", "newer_ds", "--json"
    )
    (result,) = json.loads(rolled.out)["results"]
    assert result["status"] == "skipped" and "--allow-downgrade" in result["detail"]
    allowed = paved(
        "-w", workspace.root, "update", str(newer), "--to", "1.0.0", "--allow-downgrade"
    )
    assert allowed.code == 0, allowed.err


def test_diff_works_across_the_fleet_in_a_dry_run(fleet, paved):
    workspace, repos = fleet
    shown = paved("-w", workspace.root, "update", "--all", "--dry-run", "--diff")
    assert shown.code == 1  # the conflicting repo
    assert "--- a/.github/workflows/ci.yml" in shown.out
    assert "+      - uses: actions/checkout@v6" in shown.out
    data = json.loads(
        paved("-w", workspace.root, "update", "--all", "--dry-run", "--diff", "--json").out
    )
    diffs = {item["project"]: item["diff"] for item in data["results"]}
    assert "+++ b/.editorconfig" in diffs[repos[1].name]
    without = paved("-w", workspace.root, "update", "--all", "--diff")
    assert without.code == 2 and "--diff goes with --dry-run" in without.err


def test_push_conflicts_pushes_the_marked_branch_for_the_owner(fleet, paved, tmp_path):
    workspace, repos = fleet
    conflicted = repos[4]
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(conflicted, "remote", "add", "origin", str(remote))
    git(conflicted, "push", "--quiet", "origin", "main")
    done = paved(
        "-w",
        workspace.root,
        "update",
        "--all",
        "--only",
        conflicted.name,
        "--push-conflicts",
        "--json",
    )
    assert done.code == 1
    (result,) = json.loads(done.out)["results"]
    assert result["status"] == "conflict" and "pushed to origin" in result["detail"]
    pushed = git(remote, "show", "paved/update-1.1.0:.github/workflows/ci.yml")
    assert "<<<<<<<" in pushed and ">>>>>>>" in pushed
    assert git(conflicted, "branch", "--show-current") == "main"
    assert git(conflicted, "status", "--porcelain") == ""


def test_an_update_never_overwrites_an_untracked_or_ignored_file(fleet, paved):
    """v1.1.0 adds .editorconfig; an owner has a local, git-ignored one."""
    workspace, repos = fleet
    repo = repos[1]
    (repo / ".git" / "info" / "exclude").write_text(".editorconfig\n")
    mine = repo / ".editorconfig"
    mine.write_text("# my editor's settings\n")
    refused = paved("-w", workspace.root, "update", str(repo))
    assert refused.code == 2
    assert "would overwrite files git does not track: .editorconfig" in refused.err
    assert mine.read_text() == "# my editor's settings\n"
    assert git(repo, "status", "--porcelain") == ""
    (repo / ".git" / "info" / "exclude").write_text("")
    untracked = paved("-w", workspace.root, "update", str(repo))
    assert untracked.code == 2 and mine.read_text() == "# my editor's settings\n"


def test_a_branch_whose_checks_failed_is_not_pushed_by_a_later_run(fleet, paved, tmp_path):
    workspace, repos = fleet
    repo = repos[1]
    # The owner's own tests fail, so the update branch's checks fail.
    (repo / "tests" / "test_owner.py").write_text("def test_owner():\n    assert False\n")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "A failing test")
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(repo, "remote", "add", "origin", str(remote))
    git(repo, "push", "--quiet", "origin", "main")
    rollout = ("-w", workspace.root, "update", "--all", "--only", repo.name, "--push", "--json")

    checked = paved(*rollout, "--check")
    assert checked.code == 1, checked.err
    (result,) = json.loads(checked.out)["results"]
    assert result["status"] == "check-failed" and "tests" in result["detail"]
    assert not git(remote, "branch", "--list", "paved/update-1.1.0")

    rerun = paved(*rollout)  # no --check this time: the failure is remembered
    assert rerun.code == 1, rerun.err
    (result,) = json.loads(rerun.out)["results"]
    assert result["status"] == "check-failed"
    assert "checks failed on paved/update-1.1.0 in an earlier rollout" in result["detail"]
    assert not git(remote, "branch", "--list", "paved/update-1.1.0")

    # The owner mends the test on main; the next rollout makes a new branch and checks it.
    (repo / "tests" / "test_owner.py").unlink()
    git(repo, "commit", "--quiet", "-am", "Mend the test")
    git(repo, "branch", "-D", "paved/update-1.1.0")
    mended = paved(*rollout, "--check")
    assert mended.code == 0, mended.out
    assert git(remote, "rev-parse", "paved/update-1.1.0") == git(
        repo, "rev-parse", "paved/update-1.1.0"
    )
