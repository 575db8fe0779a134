"""`--shard K/N` splits the fleet stably; `paved update report` merges the shards."""

from __future__ import annotations

import json

from tests.update.fleet import git


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
    assert table.code == 0 and repos[1].name in table.out


def test_bad_shards_and_unknown_rollouts_are_bad_input(fleet, paved):
    workspace, _ = fleet
    for shard in ("4/3", "0/2", "a/b"):
        result = paved("-w", workspace.root, "update", "--all", "--shard", shard)
        assert result.code == 2 and "invalid shard" in result.err
    missing = paved("-w", workspace.root, "update", "--all", "--resume", "nope")
    assert missing.code == 2 and "no rollout 'nope'" in missing.err
