"""Generated CI runs on the current majors of its actions (node 24), and a template
release moves the fleet's CI there like any other change: merged, owners' edits kept."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from portal.core.workspace.ci_actions import ACTIONS
from tests.core.update.fleet import build_fleet, release_managed_change
from tests.golden_paths.conftest import PRODUCER, generate
from tests.helpers import git

ACTIONLINT = str(Path(sys.executable).parent / "actionlint")
USES = re.compile(r"uses: (actions/[a-z-]+)@(\S+)")


def _lint(*workflows: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [ACTIONLINT, "-no-color", *map(str, workflows)], capture_output=True, text=True
    )


@pytest.mark.parametrize("path", ["dataset-producer", "etl-job", "model-service"])
def test_every_generated_workflow_uses_the_current_majors_and_passes_actionlint(
    fleet_workspace, tmp_path, path
):
    consumes = [PRODUCER] if path != "dataset-producer" else []
    repo = generate(
        fleet_workspace, path, tmp_path / f"ci_{path.replace('-', '_')}", None, consumes
    )
    workflows = sorted((repo / ".github" / "workflows").glob("*.yml"))
    assert workflows
    used = {(action, ref) for file in workflows for action, ref in USES.findall(file.read_text())}
    assert used and used <= {(action, now) for action, (_, now) in ACTIONS.items()}, used
    linted = _lint(*workflows)  # node 20 deprecations included: nothing ignored
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_a_template_release_moves_the_fleets_ci_keeping_owners_edits(tmp_path):
    workspace, repos = build_fleet(tmp_path / "fleet", 4)  # CI on the previous majors
    before = (repos[1] / ".github" / "workflows" / "ci.yml").read_text()
    assert "actions/checkout@v4\n" in before and "actions/setup-python@v5\n" in before
    release_managed_change(workspace)
    rollout = subprocess.run(
        [
            str(Path(sys.executable).parent / "paved"),
            "-w",
            str(workspace.root),
            "update",
            "--all",
            "--json",
        ],
        capture_output=True,
        text=True,
    )
    assert rollout.returncode == 0, rollout.stderr
    branch = "paved/update-1.1.0"
    for repo in repos:
        scratch = tmp_path / "trees" / repo.name
        git(repo, "worktree", "add", "--quiet", "--detach", str(scratch), branch)
        workflows = sorted((scratch / ".github" / "workflows").glob("*.yml"))
        used = {ref for file in workflows for action, ref in USES.findall(file.read_text())}
        assert used <= {now for _, now in ACTIONS.values()}, (repo.name, used)
        assert "scratch/" in (scratch / ".gitignore").read_text()  # the owner's edit, kept
        linted = _lint(*workflows)
        assert linted.returncode == 0, linted.stdout + linted.stderr
        assert git(repo, "rev-parse", "main") != git(repo, "rev-parse", branch)
