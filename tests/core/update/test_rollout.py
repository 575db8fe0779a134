"""`paved update --all`: a branch per repo, the default branch never written."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from portal.core.projects.new import NewProject, new_project
from tests.core.update.fleet import edit_as_owner
from tests.helpers import git

BRANCH = "paved/update-1.1.0"


def results(out: str) -> dict[str, dict]:
    return {item["project"]: item for item in json.loads(out)["results"]}


def test_rollout_commits_to_a_branch_per_repo(fleet, paved):
    workspace, repos = fleet
    heads = {repo: git(repo, "rev-parse", "main") for repo in repos}
    result = paved("-w", workspace.root, "update", "--all", "--json")
    assert result.code == 1  # repo 4 conflicts
    report = results(result.out)
    assert report[repos[4].name]["status"] == "conflict"
    assert report[repos[4].name]["branch"] is None
    assert git(repos[4], "branch", "--list", "paved/*") == ""
    for repo in repos:
        assert git(repo, "rev-parse", "main") == heads[repo]
        assert git(repo, "status", "--porcelain") == ""
    repo = repos[1]
    assert report[repo.name]["status"] == "updated" and report[repo.name]["branch"] == BRANCH
    message = git(repo, "log", "-1", "--format=%B", BRANCH)
    assert message.startswith("Update the template from v1.0.0 to v1.1.0")
    assert "  A .editorconfig" in message and "  M .gitignore" in message
    assert f"Paved-Rollout: {json.loads(result.out)['id']}" in message
    assert git(repo, "rev-parse", f"{BRANCH}~1") == heads[repo]
    assert "scratch/" in git(repo, "show", f"{BRANCH}:.gitignore")

    tip = git(repo, "rev-parse", BRANCH)
    again = paved("-w", workspace.root, "update", "--all", "--json")  # idempotent
    rerun = results(again.out)[repo.name]
    assert rerun["status"] == "current"  # not "updated" again: the branch was there
    assert rerun["branch"] == BRANCH and "already holds v1.1.0" in rerun["detail"]
    assert rerun["pushed"] is False and rerun["checks"] == "not run"
    assert git(repo, "rev-parse", BRANCH) == tip


def test_conflicts_can_be_committed_to_the_branch(fleet, paved):
    workspace, repos = fleet
    result = paved(
        "-w",
        workspace.root,
        "update",
        "--all",
        "--only",
        repos[4].name,
        "--on-conflict",
        "branch",
        "--json",
    )
    assert result.code == 1
    item = results(result.out)[repos[4].name]
    assert item["status"] == "conflict" and item["branch"] == BRANCH
    assert item["conflicts"][0]["hunks"]
    assert git(repos[4], "log", "-1", "--format=%s", BRANCH).startswith("[conflict]")
    assert "<<<<<<< before updating" in git(repos[4], "show", f"{BRANCH}:.github/workflows/ci.yml")


def test_selection_filters_and_skips(fleet, paved, tmp_path: Path):
    workspace, repos = fleet
    other = new_project(
        workspace,
        NewProject(
            golden_path="dataset-producer",
            name="growth_events",
            owner="growth",
            dest=tmp_path / "growth_events",
        ),
    ).dest
    edit_as_owner(other, 0)
    (repos[1] / "wip.sql").write_text("select 1\n")  # uncommitted work
    git(repos[2], "rm", "--quiet", ".copier-answers.yml")
    git(repos[2], "commit", "--quiet", "-m", "drop the answers")

    by_owner = paved("-w", workspace.root, "update", "--all", "--owner", "growth", "--json")
    assert list(results(by_owner.out)) == ["growth_events"]
    assert by_owner.code == 0

    by_path = results(
        paved(
            "-w", workspace.root, "update", "--all", "--path", "etl-job", "--dry-run", "--json"
        ).out
    )
    assert by_path and all(name.startswith("etl_job") for name in by_path)

    report = results(paved("-w", workspace.root, "update", "--all", "--dry-run", "--json").out)
    assert report[repos[1].name]["status"] == "skipped"
    assert "uncommitted changes: wip.sql" in report[repos[1].name]["detail"]
    assert report[repos[2].name]["status"] == "error"
    mixed = paved("-w", workspace.root, "update", "--all", "--dry-run")
    assert mixed.code == 3  # an error beats a conflict

    unknown = paved("-w", workspace.root, "update", "--all", "--only", "growth_event")
    assert unknown.code == 2 and "growth_events" in unknown.err
    assert (repos[1] / "wip.sql").read_text() == "select 1\n"


def test_push_sends_the_branch_to_the_remote(fleet, paved, tmp_path: Path):
    workspace, repos = fleet
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(remote)], check=True)
    git(repos[1], "remote", "add", "origin", str(remote))
    git(repos[1], "push", "--quiet", "origin", "main")
    result = paved("-w", workspace.root, "update", "--all", "--only", repos[1].name, "--push")
    assert result.code == 0, result.err
    assert git(remote, "rev-parse", BRANCH) == git(repos[1], "rev-parse", BRANCH)
    assert git(remote, "rev-parse", "main") == git(repos[1], "rev-parse", "main")


def test_status_reports_content_drift_and_the_last_rollout(fleet, paved):
    workspace, repos = fleet
    before = json.loads(paved("-w", workspace.root, "status", "--json").out)
    assert {row["version"] for row in before} == {"v1.0.0"}
    assert all(row["drift"] is True and row["latest"] == "v1.1.0" for row in before)
    paved("-w", workspace.root, "update", "--all", "--only", repos[1].name)
    for repo in repos:  # every owner merges the update branch where there is one
        if git(repo, "branch", "--list", BRANCH):
            git(repo, "merge", "--quiet", "--ff-only", BRANCH)
    after = {
        row["project"]: row
        for row in json.loads(paved("-w", workspace.root, "status", "--json").out)
    }
    assert after[repos[1].name]["version"] == "v1.1.0"
    assert after[repos[1].name]["drift"] is False
    assert after[repos[1].name]["last_rollout"] == "updated"
    assert after[repos[3].name]["drift"] is True and after[repos[3].name]["last_rollout"] is None
    table = paved("-w", workspace.root, "status", "--owner", "analytics")
    assert table.code == 0 and repos[1].name in table.out


def test_the_workers_work_in_the_workspace_their_caller_loaded(fleet):
    """The caller loads and checks the golden paths once and hands the workspace to the
    workers: a path.yaml broken after that never reaches them (workers that loaded the
    workspace again would fail every repo on it)."""
    from portal.core.update.rollout import RolloutRequest, run_rollout

    workspace, repos = fleet
    assert "etl-job" in workspace.golden_paths
    (workspace.root / "golden_paths" / "etl-job" / "path.yaml").write_text("name: [broken\n")
    result = run_rollout(workspace, RolloutRequest(dry_run=True, jobs=2))
    assert len(result.results) == len(repos)
    assert {item.status for item in result.results} <= {"updated", "conflict", "current"}, [
        (item.project, item.status, item.detail) for item in result.results
    ]
