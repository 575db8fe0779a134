"""`paved release VERSION --dry-run`: what the release would do to every project, the
same table (and JSON) as `paved status` prints after the real release; nothing written."""

from __future__ import annotations

import json
from pathlib import Path

from tests.core.update.fleet import build_fleet, commit_managed_change
from tests.helpers import git


def _state(root: Path, repos: list[Path]) -> dict[str, str]:
    """What a release or a rollout would write: the workspace's commits, tags and files,
    and each repo's refs and work tree."""
    found = {
        "workspace": git(root, "rev-parse", "HEAD"),
        "tags": git(root, "tag", "--list"),
        "status": git(root, "status", "--porcelain", "--untracked-files=all"),
        "changelog": (root / "CHANGELOG.md").read_text(),
    }
    for repo in repos:
        found[repo.name] = git(repo, "for-each-ref") + git(repo, "status", "--porcelain")
    return found


def test_a_forecast_equals_the_status_after_the_release(tmp_path, paved):
    workspace, repos = build_fleet(tmp_path / "fleet", 7)  # repo 4 conflicts with it
    root = workspace.root
    commit_managed_change(workspace)
    flow = root / "runtime" / "src" / "paved_runtime" / "flow.py"
    flow.write_text(flow.read_text() + "\n# A runtime fix.\n")  # the runtime's pin moves too
    git(root, "commit", "--quiet", "-am", "A runtime fix")
    before = _state(root, repos)

    forecast = paved("-w", root, "release", "1.1.0", "--dry-run", "--json")
    assert forecast.code == 0, forecast.err
    said = json.loads(forecast.out)
    assert (said["version"], said["previous"], said["runtime"]) == (
        "v1.1.0",
        "v1.0.0",
        "runtime-v0.1.1",
    )
    table = paved("-w", root, "release", "1.1.0", "--dry-run")
    assert "nothing tagged, nothing written" in table.err
    assert _state(root, repos) == before  # tags nothing, writes nothing

    records = {record["project"]: record for record in said["records"]}
    conflicted = records[repos[4].name]
    assert conflicted["drift"] is True and conflicted["checks"] == []
    assert conflicted["conflict_lines"] == [".github/workflows/ci.yml lines 14-20"]
    clean = records[repos[1].name]
    assert clean["checks"] == ["lint", "tests"] and clean["conflict_lines"] == []
    assert {".editorconfig", ".gitignore", "pyproject.toml"} <= set(clean["changes"])
    assert "would change" in clean["detail"] and "checks: lint, tests" in clean["detail"]

    assert paved("-w", root, "release", "1.1.0").code == 0
    status = paved("-w", root, "status", "--json")
    assert json.loads(status.out) == said["records"]
    assert paved("-w", root, "status").out == table.out


def test_a_forecast_refuses_what_the_release_would_refuse(fleet, paved):
    workspace, repos = fleet  # v1.1.0 released
    root = workspace.root
    before = _state(root, repos)
    older = paved("-w", root, "release", "1.0.5", "--dry-run")
    assert older.code == 2 and "not greater than the latest" in older.err
    (root / "notes.txt").write_text("uncommitted\n")
    dirty = paved("-w", root, "release", "1.2.0", "--dry-run", "--json")
    assert dirty.code == 2 and "uncommitted changes: notes.txt" in dirty.err and not dirty.out
    (root / "notes.txt").unlink()
    assert _state(root, repos) == before
