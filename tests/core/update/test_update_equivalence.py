"""For a project without conflicts, `paved update` makes exactly the tree that
`copier update --defaults --vcs-ref <version>` makes; both run here for real."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.core.update.conftest import COPIER
from tests.core.update.fleet import branch_tree, build_fleet, release_managed_change
from tests.helpers import git, tree


def copier_update(repo: Path, version: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [COPIER, "update", "--defaults", "--vcs-ref", version, "--quiet"],
        cwd=repo,
        capture_output=True,
        text=True,
    )


def test_rollout_makes_the_trees_copier_update_makes(tmp_path: Path, paved):
    workspace, repos = build_fleet(tmp_path / "fleet", 12)
    copies = tmp_path / "copies"
    for repo in repos:
        shutil.copytree(repo, copies / repo.name, symlinks=True)
    release_managed_change(workspace)
    heads = {repo.name: git(repo, "rev-parse", "HEAD") for repo in repos}

    result = paved("-w", workspace.root, "update", "--all", "--jobs", "2", "--json")
    report = {item["project"]: item for item in json.loads(result.out)["results"]}

    assert result.code == 1, result.err  # repos 4 and 9 edit the line the release changes
    conflicted = {repos[4].name, repos[9].name}
    assert {name for name, item in report.items() if item["status"] == "conflict"} == conflicted
    assert all(report[r.name]["status"] == "updated" for r in repos if r.name not in conflicted)
    for repo in repos:
        copy = copies / repo.name
        done = copier_update(copy, "v1.1.0")
        assert done.returncode == 0, done.stderr
        # The default branch and the work tree are never written.
        assert git(repo, "rev-parse", "HEAD") == heads[repo.name]
        assert git(repo, "status", "--porcelain") == ""
        if repo.name in conflicted:
            assert report[repo.name]["conflicts"][0]["file"] == ".github/workflows/ci.yml"
            assert git(repo, "branch", "--list", "paved/*") == ""
            assert "<<<<<<< before updating" in (copy / ".github/workflows/ci.yml").read_text()
            continue
        branch = branch_tree(repo, "paved/update-1.1.0", tmp_path / "trees")
        assert branch == tree(copy, modes=True), repo.name


def test_update_in_place_matches_copier_conflicts_included(tmp_path: Path, paved):
    workspace, repos = build_fleet(tmp_path / "fleet", 5)
    release_managed_change(workspace)
    for repo in (repos[1], repos[4]):  # repo 4 conflicts
        copy = tmp_path / "copies" / repo.name
        shutil.copytree(repo, copy, symlinks=True)
        result = paved("update", repo, cwd=tmp_path)
        done = copier_update(copy, "v1.1.0")
        assert done.returncode == 0, done.stderr
        assert tree(repo, modes=True) == tree(copy, modes=True)
        assert git(repo, "status", "--porcelain") == git(copy, "status", "--porcelain")
        if repo is repos[4]:
            assert result.code == 1
            assert "conflict: .github/workflows/ci.yml (lines" in result.err
            assert "UU .github/workflows/ci.yml" in git(repo, "status", "--porcelain")
        else:
            assert result.code == 0, result.err
