"""`--shard K/N` splits the fleet stably; `paved update report` merges the shards."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.helpers import git

PAVED = str(Path(sys.executable).parent / "paved")
ACTIONLINT = str(Path(sys.executable).parent / "actionlint")


def test_shards_partition_the_fleet_and_reports_merge(fleet, paved):
    workspace, repos = fleet
    ids, seen = [], []
    for number in (1, 2, 3):
        result = paved("-w", workspace.root, "update", "--all", "--shard", f"{number}/3", "--json")
        report = json.loads(result.out)
        ids.append(report["id"])
        seen.append({item["project"] for item in report["results"]})
        again = json.loads(
            paved(
                "-w",
                workspace.root,
                "update",
                "--all",
                "--dry-run",
                "--shard",
                f"{number}/3",
                "--json",
            ).out
        )
        assert {item["project"] for item in again["results"]} == seen[-1]  # stable
    assert sum(len(shard) for shard in seen) == len(repos)
    assert set().union(*seen) == {repo.name for repo in repos}

    merged = paved("-w", workspace.root, "update", "report", *ids, "--json")
    results = json.loads(merged.out)["results"]
    assert sorted(item["project"] for item in results) == sorted(r.name for r in repos)
    statuses = {item["project"]: item["status"] for item in results}
    assert statuses[repos[4].name] == "conflict" and statuses[repos[1].name] == "updated"
    assert git(repos[1], "branch", "--list", "paved/update-1.1.0")

    table = paved("-w", workspace.root, "update", "report", *ids)
    assert table.code == 1 and repos[1].name in table.out  # as the rollout: a conflict


def test_shards_run_as_separate_processes_merge_from_their_journal_folders(fleet, tmp_path):
    """What the workspace's CI workflow does: N processes at once, each keeping its
    journal folder as an artifact, then one report merged from those folders."""
    workspace, repos = fleet
    env = {**os.environ, "PAVED_WORKSPACE": str(workspace.root)}
    shards = [
        subprocess.Popen(
            [PAVED, "update", "--all", "--shard", f"{number}/3", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in (1, 2, 3)
    ]
    artifacts = tmp_path / "journals"
    codes = []
    for number, shard in enumerate(shards, start=1):
        out, err = shard.communicate(timeout=600)
        codes.append(shard.returncode)
        assert "Traceback" not in err
        rollout = json.loads(out)["id"]
        kept = artifacts / f"journal-{number}" / rollout
        shutil.copytree(workspace.index_dir / "rollouts" / rollout, kept)
    assert set(codes) <= {0, 1} and 1 in codes  # the conflicting repo's shard says 1
    folders = sorted(str(path) for path in artifacts.glob("*/*"))
    merged = subprocess.run(
        [PAVED, "update", "report", "--merge", *folders, "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert merged.returncode == 1, merged.stderr  # a conflict in the fleet
    results = json.loads(merged.stdout)["results"]
    assert sorted(item["project"] for item in results) == sorted(r.name for r in repos)
    one_file = subprocess.run(
        [PAVED, "update", "report", "--merge", f"{folders[0]}/journal.jsonl"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert one_file.returncode in (0, 1) and "Rollout" in one_file.stdout
    bad = subprocess.run(
        [PAVED, "update", "report", "--merge", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert "is not a rollout journal" in bad.stderr


def test_the_workspace_workflow_runs_waves_of_shards_as_dependent_jobs(workspace):
    """rollout.yml calls rollout-wave.yml once per wave, each wave after the last one's
    gate; each wave's shards are a matrix; both pass actionlint."""
    workflows = workspace.root / ".github" / "workflows"
    rollout = yaml.safe_load((workflows / "rollout.yml").read_text())
    wave = yaml.safe_load((workflows / "rollout-wave.yml").read_text())
    jobs = rollout["jobs"]
    for number in (1, 2, 3):
        job = jobs[f"wave-{number}"]
        assert job["uses"] == "./.github/workflows/rollout-wave.yml"
        assert job["with"]["wave"] == number
        if number > 1:  # the wave before it, and its gate, passed (or the run starts here)
            assert job["needs"] == f"wave-{number - 1}"
            assert f"needs.wave-{number - 1}.result == 'success'" in job["if"]
    assert jobs["report"]["needs"] == ["wave-1", "wave-2", "wave-3"]
    assert "paved update report --merge" in jobs["report"]["steps"][-1]["run"]
    shard, gate, pulls = (wave["jobs"][name] for name in ("shard", "gate", "pull-requests"))
    assert len(shard["strategy"]["matrix"]["shard"]) == int(wave["env"]["SHARDS"])
    assert '--wave "$WAVE" --shard "$SHARD/$SHARDS" --push' in shard["steps"][3]["run"]
    assert gate["needs"] == "shard" and '--max-failed "$MAX_FAILED"' in gate["steps"][-1]["run"]
    script = pulls["steps"][-1]["run"]
    assert "gh pr create" in script and "gh pr edit" in script and "gh pr close" in script
    assert '--body-file "$body"' in script
    assert wave["env"]["PAVED_INSTALL"] == rollout["env"]["PAVED_INSTALL"]  # in step
    linted = subprocess.run(
        [ACTIONLINT, "-no-color", *(str(f) for f in sorted(workflows.glob("*.yml")))],
        capture_output=True,
        text=True,
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_bad_shards_and_unknown_rollouts_are_bad_input(fleet, paved):
    workspace, _ = fleet
    for shard in ("4/3", "0/2", "a/b"):
        result = paved("-w", workspace.root, "update", "--all", "--shard", shard)
        assert result.code == 2 and "invalid shard" in result.err
    missing = paved("-w", workspace.root, "update", "--all", "--resume", "nope")
    assert missing.code == 2 and "no rollout 'nope'" in missing.err
