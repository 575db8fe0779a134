"""Outside copier templates with tasks and migrations: copier itself updates their
projects (in a scratch clone), so the tree is what `copier update --defaults` makes;
status compares versions without running anything; an untrusted one runs nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from portal.core.workspace.config import set_trust
from portal.core.workspace.model import Workspace
from tests.conftest import copied_workspace
from tests.helpers import git, tree
from tests.outside_templates import (
    build_template_repo,
    committed,
    copier_tasks_template,
    copier_updated,
    made_at_v1,
    owner_edits,
)

TASK_LOG = "task.log"  # beside the template: every run of its tasks adds a line


def _ran(workspace: Workspace) -> list[str]:
    """What the template's tasks and migrations logged, for this test's workspace."""
    source = workspace.golden_path("jobs").source
    assert source is not None
    log = Path(source.url).parent / TASK_LOG
    return log.read_text().splitlines() if log.exists() else []


@pytest.fixture(scope="session")
def pristine_tasks_workspace(pristine_workspace: Path, tmp_path_factory) -> Path:
    """A workspace whose golden path `jobs` is a trusted copier template with tasks at
    v1.0.0 and v2.0.0, and a migration at v2.0.0; copy it, don't change it."""
    from portal.core.sources.registry import add_path

    folder = tmp_path_factory.mktemp("tasks")
    v1, v2 = copier_tasks_template(folder / TASK_LOG)
    template = build_template_repo(folder / "copier-jobs", v1, v2)
    root = folder / "ws"
    shutil.copytree(pristine_workspace, root, symlinks=True)
    add_path(Workspace(root), "jobs", str(template), trust=True)
    return root


@pytest.fixture
def tasks_workspace(pristine_tasks_workspace: Path, tmp_path: Path) -> Workspace:
    return copied_workspace(pristine_tasks_workspace, tmp_path)


def _project(paved, workspace: Workspace, dest: Path, edits: dict[str, str]) -> Path:
    made_at_v1(paved, workspace, "jobs", dest, dest.name)
    assert (dest / "TASKED.txt").read_text() == f"v1 task for {dest.name}\n"
    owner_edits(dest, edits)
    return dest


def test_update_in_place_is_what_copier_update_makes_tasks_and_migrations_run(
    paved, tasks_workspace, tmp_path
):
    repo = _project(paved, tasks_workspace, tmp_path / "nightly", {"owner.txt": "mine\n"})
    expected = copier_updated(repo, tmp_path / "copier")
    assert (expected / "renamed.txt").read_text() == "mine\n"  # the migration ran

    result = paved("-w", tasks_workspace.root, "update", repo, "--json")
    assert result.code == 0, result
    outcome = json.loads(result.out)
    assert outcome["status"] == "updated" and outcome["to_version"] == "v2.0.0"
    assert tree(repo) == tree(expected)
    assert (repo / "TASKED.txt").read_text() == "v2 task for nightly\n"
    assert not (repo / "owner.txt").exists() and (repo / "renamed.txt").read_text() == "mine\n"
    assert "_commit: v2.0.0" in (repo / ".copier-answers.yml").read_text()


def test_rollout_commits_copiers_tree_and_reports_conflicts(paved, tasks_workspace, tmp_path):
    root = tasks_workspace.root
    clean = _project(paved, tasks_workspace, tmp_path / "clean", {"owner.txt": "ours\n"})
    clashing = _project(paved, tasks_workspace, tmp_path / "clash", {"README.md": "Our line.\n"})
    ignored = clean / "scratch.txt"
    ignored.write_text("the owner's, ignored\n")
    (clean / ".git/info/exclude").write_text("scratch.txt\n")
    before = _ran(tasks_workspace)

    status = paved("-w", root, "status", "--json")
    assert status.code == 0, status
    records = {item["project"]: item for item in json.loads(status.out)}
    assert {(r["version"], r["latest"], r["drift"]) for r in records.values()} == {
        ("v1.0.0", "v2.0.0", True)
    }
    assert "tasks or migrations" in records["clean"]["detail"]
    assert _ran(tasks_workspace) == before  # status ran nothing of the template

    rollout = paved("-w", root, "update", "--all", "--jobs", "2", "--json")
    assert rollout.code == 1, rollout  # one conflict
    results = {item["project"]: item for item in json.loads(rollout.out)["results"]}
    assert results["clean"]["status"] == "updated"
    assert results["clash"]["status"] == "conflict"
    assert [c["file"] for c in results["clash"]["conflicts"]] == ["README.md"]
    ran = _ran(tasks_workspace)[len(before) :]
    assert "migration v2 clean" in ran and "task v1 update clean" in ran  # copier's old copy

    expected = copier_updated(clean, tmp_path / "copier")
    (expected / "scratch.txt").unlink()
    assert committed(clean, "paved/update-2.0.0") == tree(expected)
    assert ignored.read_text() == "the owner's, ignored\n"
    assert git(clean, "status", "--porcelain") == ""
    assert git(clashing, "branch", "--list", "paved/*") == ""

    branch = paved("-w", root, "update", "--all", "--only", "clash", "--on-conflict", "branch")
    assert branch.code == 1, branch
    merged = (git(clashing, "show", "paved/update-2.0.0:README.md")).splitlines()
    assert "<<<<<<< before updating" in merged and "Our line." in merged


def test_untrusted_template_runs_nothing_exit_4(paved, tasks_workspace, tmp_path):
    root = tasks_workspace.root
    repo = _project(paved, tasks_workspace, tmp_path / "nightly", {"owner.txt": "mine\n"})
    source = tasks_workspace.golden_path("jobs").source
    assert source is not None
    set_trust(root, source.url, False)
    git(root, "commit", "-qam", "distrust jobs")
    before = _ran(tasks_workspace)
    head = git(repo, "rev-parse", "HEAD")
    for args in (
        ["status"],
        ["update", repo],
        ["update", "--all"],
        ["update", "--all", "--dry-run"],
    ):
        result = paved("-w", root, *args)
        assert result.code == 4, (args, result)
        assert "paved paths add jobs" in result.err and "--trust" in result.err
    assert _ran(tasks_workspace) == before
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain") == ""
    assert git(repo, "branch", "--list", "paved/*") == ""


def test_a_failing_migration_is_one_line_and_changes_nothing(paved, tasks_workspace, tmp_path):
    root = tasks_workspace.root
    # renamed.txt/owner.txt a folder: the v2.0.0 migration's `mv owner.txt renamed.txt` fails.
    repo = _project(paved, tasks_workspace, tmp_path / "nightly", {"owner.txt": "mine\n"})
    (repo / "renamed.txt/owner.txt").mkdir(parents=True)
    owner_edits(repo, {"renamed.txt/owner.txt/keep": "kept\n"})
    fine = _project(paved, tasks_workspace, tmp_path / "fine", {"owner.txt": "ours\n"})
    head = git(repo, "rev-parse", "HEAD")

    one = paved("-w", root, "update", repo)
    assert one.code == 2, one
    assert "copier update to v2.0.0 failed" in one.err and "Traceback" not in one.err
    assert len(one.err.strip().splitlines()) == 1, one.err
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain") == ""

    rollout = paved("-w", root, "update", "--all", "--json")
    assert rollout.code == 3, rollout  # one repo failed, the other updated
    results = {item["project"]: item for item in json.loads(rollout.out)["results"]}
    assert results["nightly"]["status"] == "error"
    assert "copier update to v2.0.0 failed" in results["nightly"]["detail"]
    assert results["fine"]["status"] == "updated"
    assert git(repo, "branch", "--list", "paved/*") == ""
    assert "renamed.txt" in git(fine, "ls-tree", "-r", "--name-only", "paved/update-2.0.0")
