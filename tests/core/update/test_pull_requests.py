"""Each branch a rollout makes comes with a pull request description an owner can act on:
versions, changelog entries (template and runtime), files changed, edits kept, every
conflict with its file, hunk and how to resolve it, and the checks' results."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portal.core.workspace.changelog import add_entry
from tests.core.update.fleet import build_fleet, release_managed_change
from tests.helpers import git

TEMPLATE_NOTE = "- CI moves to the current majors of its actions."
RUNTIME_NOTE = "- Staging views keep their column order."


@pytest.fixture
def described_fleet(tmp_path: Path):
    """Seven repos; repo 4 edits the lines v1.1.0 changes in two files. v1.1.0 has a
    changelog entry and a runtime change with its own."""
    workspace, repos = build_fleet(tmp_path / "fleet", 7)
    gitignore = repos[4] / ".gitignore"
    gitignore.write_text(gitignore.read_text() + "local.db\n")  # where v1.1.0 appends
    git(repos[4], "commit", "--quiet", "-am", "Ignore our local database")
    root = workspace.root
    add_entry(root, "CHANGELOG.md", TEMPLATE_NOTE)
    add_entry(root, "runtime/CHANGELOG.md", RUNTIME_NOTE)  # no Unreleased section there yet
    flow = root / "runtime" / "src" / "paved_runtime" / "flow.py"
    flow.write_text(flow.read_text() + "\n# Column order kept.\n")
    git(root, "commit", "--quiet", "-am", "Changelog entries; a runtime change")
    release_managed_change(workspace)
    return workspace, repos


def _description(paved, workspace, rollout: str, project: str):
    """`paved update report ID --repo NAME --format markdown`."""
    return paved(
        "-w", workspace.root, "update", "report", rollout, "--repo", project, "--format", "markdown"
    )


def test_each_branch_gets_a_description_naming_every_conflict(described_fleet, paved):
    workspace, repos = described_fleet
    rollout = paved("-w", workspace.root, "update", "--all", "--on-conflict", "branch", "--json")
    assert rollout.code == 1, rollout.err
    report = json.loads(rollout.out)
    folder = workspace.root / ".paved" / "rollouts" / report["id"] / "pull-requests"
    results = {item["project"]: item for item in report["results"]}
    conflicted = results[repos[4].name]
    assert sorted(c["file"] for c in conflicted["conflicts"]) == [
        ".github/workflows/ci.yml",
        ".gitignore",
    ]
    text = (folder / f"{repos[4].name}.md").read_text()
    assert text.startswith("## Update the template from v1.0.0 to v1.1.0\n")
    assert TEMPLATE_NOTE in text and "#### 1.1.0" in text
    assert "### What changed in the runtime (0.1.0 → 0.1.1)" in text and RUNTIME_NOTE in text
    assert "| `.editorconfig` | added |" in text and "| `.gitignore` | changed |" in text
    for conflict in conflicted["conflicts"]:
        for start, end in conflict["hunks"]:
            assert f"#### `{conflict['file']}`, lines {start}-{end}" in text
    assert text.count("\n<<<<<<< before updating\n") == sum(
        len(c["hunks"]) for c in conflicted["conflicts"]
    )
    assert "actions/checkout@v4.2.2" in text and "local.db" in text  # the owner's lines
    assert "committed to `paved/update-1.1.0` with markers" in text
    assert "Not run by the rollout" in text and "not pushed." in text
    # A clean update: its owner's edits to managed files are named as kept.
    clean = (folder / f"{repos[1].name}.md").read_text()
    assert "### Your edits, kept" in clean and "- `.gitignore`" in clean
    assert "### Conflicts" not in clean
    # Every branch has one; a repo with no branch none.
    branches = {name for name, item in results.items() if item["branch"]}
    assert {path.stem for path in folder.iterdir()} == branches

    shown = _description(paved, workspace, report["id"], repos[4].name)
    assert shown.code == 1 and shown.out == text  # as the rollout exited
    one = paved(
        "-w", workspace.root, "update", "report", report["id"], "--repo", repos[1].name, "--json"
    )
    assert json.loads(one.out)["project"] == repos[1].name and one.code == 1
    unknown = paved("-w", workspace.root, "update", "report", report["id"], "--repo", "nope")
    assert unknown.code == 2 and "no project 'nope' in rollout" in unknown.err
    summary = paved("-w", workspace.root, "update", "report", report["id"], "--format", "markdown")
    assert f"## Rollout {report['id']} to v1.1.0" in summary.out
    assert f"| {repos[4].name} | conflict |" in summary.out


def test_a_conflict_left_as_it_was_says_how_to_take_the_update_by_hand(described_fleet, paved):
    workspace, repos = described_fleet
    rollout = paved("-w", workspace.root, "update", "--all", "--only", repos[4].name, "--json")
    report = json.loads(rollout.out)
    assert not (workspace.root / ".paved" / "rollouts" / report["id"] / "pull-requests").exists()
    shown = _description(paved, workspace, report["id"], repos[4].name)
    assert "Nothing was committed" in shown.out and "`paved update . --to v1.1.0`" in shown.out
    assert "#### `.gitignore`, lines" in shown.out
