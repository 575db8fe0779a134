"""A rollout killed at any moment (`kill -9`) leaves no repo half-updated, and
`--resume ID` finishes it without redoing the repos it had finished."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.core.update.fleet import build_fleet, release_managed_change
from tests.helpers import git

PAVED = str(Path(sys.executable).parent / "paved")
BRANCH = "paved/update-1.1.0"


def journal_lines(workspace: Path, rollout: str) -> list[dict]:
    text = (workspace / ".paved" / "rollouts" / rollout / "journal.jsonl").read_text()
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _wait_for_results(rollouts: Path, known: set[str], count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name in set(os.listdir(rollouts)) - known if rollouts.exists() else ():
            journal = rollouts / name / "journal.jsonl"
            if journal.exists() and journal.read_text().count("\n") >= count:
                return
        time.sleep(0.01)


def test_killed_rollouts_resume_without_redoing_finished_repos(tmp_path: Path):
    workspace, repos = build_fleet(tmp_path / "fleet", 9, conflicts=False)
    release_managed_change(workspace)
    heads = {repo: git(repo, "rev-parse", "main") for repo in repos}
    rng = random.Random(20261122)
    rollouts = workspace.root / ".paved" / "rollouts"
    cut_short = 0  # attempts killed with some repos done and some not
    for attempt in range(4):
        for repo in repos:  # each attempt starts from no update branches
            git(repo, "branch", "--quiet", "-D", BRANCH) if git(
                repo, "branch", "--list", BRANCH
            ) else None
        known = set(os.listdir(rollouts)) if rollouts.exists() else set()
        process = subprocess.Popen(
            [PAVED, "-w", str(workspace.root), "update", "--all", "--jobs", "2", "--json"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        if attempt % 2 == 0:  # at a random moment
            time.sleep(rng.uniform(0.2, 2.5))
        else:  # once a random number of repos are done
            _wait_for_results(rollouts, known, rng.randint(1, len(repos) - 1))
        os.killpg(process.pid, signal.SIGKILL)  # the whole rollout: parent and workers
        process.wait()

        # No repo is half-updated: default branch, index and work tree as they were,
        # and an update branch is either absent or a whole commit on top of main.
        for repo in repos:
            assert git(repo, "rev-parse", "main") == heads[repo]
            assert git(repo, "status", "--porcelain") == ""
            if git(repo, "branch", "--list", BRANCH):
                assert git(repo, "rev-parse", f"{BRANCH}~1") == heads[repo]
                assert "actions/checkout@v6" in git(
                    repo, "show", f"{BRANCH}:.github/workflows/ci.yml"
                )

        started = sorted(set(os.listdir(rollouts)) - known) if rollouts.exists() else []
        if not started:  # killed before the journal existed: nothing to resume
            continue
        rollout = started[0]
        finished = {line["project"] for line in journal_lines(workspace.root, rollout)}
        cut_short += 0 < len(finished) < len(repos)
        tips = {
            repo.name: git(repo, "rev-parse", BRANCH) for repo in repos if repo.name in finished
        }
        resumed = subprocess.run(
            [PAVED, "-w", str(workspace.root), "update", "--all", "--resume", rollout, "--json"],
            capture_output=True,
            text=True,
        )
        assert resumed.returncode == 0, resumed.stderr
        report = json.loads(resumed.stdout)
        assert report["id"] == rollout
        assert sorted(item["project"] for item in report["results"]) == sorted(
            r.name for r in repos
        )
        assert all(item["status"] == "updated" for item in report["results"])
        lines = journal_lines(workspace.root, rollout)
        assert sorted(line["project"] for line in lines) == sorted(r.name for r in repos)
        for repo in repos:
            if repo.name in tips:  # finished before the kill: not redone
                assert git(repo, "rev-parse", BRANCH) == tips[repo.name]
            assert git(repo, "rev-parse", "main") == heads[repo]
    assert cut_short, "no kill landed mid-rollout: widen the delays"
