"""`paved update --all --waves`: a release tried on a first wave before the fleet.

A fleet of six repos (two per golden path), each with a bare remote, is built once and
copied back into its place for each test. Its v1.1.0 changes every golden path and
carries a bug: the ETL job's managed test fails, so an ETL job's checks fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from portal.core.workspace.changelog import add_entry
from portal.core.workspace.model import Workspace
from portal.core.workspace.release import release
from tests.core.update.fleet import PATHS, build_fleet, release_managed_change
from tests.helpers import git

PAVED = str(Path(sys.executable).parent / "paved")
WAVE_WORKFLOW = Path(__file__).parents[3] / "portal/core/workspace/rollout_wave_workflow.yml"
BUG = '\n\ndef test_the_release():\n    raise AssertionError("a bug in the release")\n'
MANAGED_TEST = Path("templates/etl-job/tests/test_job.py")


class WaveFleet:
    """The fleet in its place (`live`) and its pristine copy."""

    def __init__(self, base: Path) -> None:
        self.live, self.pristine = base / "live", base / "pristine"
        workspace, self.repos = build_fleet(self.live, 6, conflicts=False)
        self.root = workspace.root
        self.paths = {repo.name: PATHS[n % len(PATHS)] for n, repo in enumerate(self.repos)}
        # The owner who deleted their managed tests puts them back: all checks pass at first.
        git(self.repos[3], "checkout", "HEAD~1", "--", "tests")
        git(self.repos[3], "commit", "--quiet", "-m", "Our tests back")
        for repo in self.repos:
            remote = self.live / "remotes" / f"{repo.name}.git"
            git(repo, "clone", "--quiet", "--bare", str(repo), str(remote))
            git(repo, "remote", "add", "origin", str(remote))
        test = workspace.root / MANAGED_TEST
        test.write_text(test.read_text() + BUG)
        release_managed_change(workspace)
        shutil.copytree(self.live, self.pristine, symlinks=True)

    def reset(self) -> WaveFleet:
        shutil.rmtree(self.live)
        shutil.copytree(self.pristine, self.live, symlinks=True)
        return self

    def remote_branches(self, repo: Path) -> str:
        return git(self.live / "remotes" / f"{repo.name}.git", "branch", "--list", "paved/*")


@pytest.fixture(scope="session")
def wave_fleet_once(tmp_path_factory: pytest.TempPathFactory) -> WaveFleet:
    return WaveFleet(tmp_path_factory.mktemp("waves"))


@pytest.fixture
def wave_fleet(wave_fleet_once: WaveFleet) -> WaveFleet:
    return wave_fleet_once.reset()


def _rollout(paved, fleet: WaveFleet, *args: str):
    result = paved("-w", fleet.root, "update", "--all", "--json", *args)
    return result, (json.loads(result.out) if result.out.strip() else None)


def _fix_release(fleet: WaveFleet, version: str = "1.2.0") -> None:
    test = fleet.root / MANAGED_TEST
    test.write_text(test.read_text().replace(BUG, "\n"))
    add_entry(fleet.root, "CHANGELOG.md", "- The ETL job's managed test passes again.")
    git(fleet.root, "commit", "--quiet", "-am", "Fix the ETL job's managed test")
    release(Workspace(fleet.root), version)


def test_a_failing_check_in_the_first_wave_stops_before_the_second(wave_fleet, paved):
    fleet = wave_fleet
    heads = {repo: git(repo, "rev-parse", "main") for repo in fleet.repos}
    result, report = _rollout(paved, fleet, "--waves", "3,100%", "--push")
    assert result.code == 1, result.err
    first, second = report["waves"]
    assert report["stopped"] == 1 and first["gate"] == "stopped" and second["done"] == 0
    # The first wave covers every golden path the release changes: one repo of each.
    done = {item["project"]: item for item in report["results"]}
    assert len(done) == 3 and {fleet.paths[name] for name in done} == set(PATHS)
    etl = next(item for item in done.values() if fleet.paths[item["project"]] == "etl-job")
    assert etl["status"] == "check-failed" and etl["checks"] == "failed"
    assert etl["check_results"] == {"lint": True, "tests": False} and not etl["pushed"]
    for item in done.values():
        if item is not etl:
            assert item["status"] == "updated" and item["checks"] == "passed" and item["pushed"]
    # It says which repos failed and why, and how to go on.
    assert f"rollout {report['id']} stopped after wave 1 of 2" in result.err
    assert f"{etl['project']}: check-failed (failed: tests; not pushed)" in result.err
    assert f"--resume {report['id']}" in result.err and "--force-wave" in result.err
    # The second wave was never touched: no branch, local or pushed; main as it was.
    for repo in fleet.repos:
        assert git(repo, "rev-parse", "main") == heads[repo]
        if repo.name not in done:
            assert git(repo, "branch", "--list", "paved/*") == ""
            assert fleet.remote_branches(repo) == ""
    events = (fleet.root / ".paved" / "rollouts" / report["id"] / "events.jsonl").read_text()
    gates = [json.loads(line) for line in events.splitlines() if '"gate"' in line]
    assert [(g["wave"], g["gate"], g["version"]) for g in gates] == [(1, "stopped", "v1.1.0")]
    shown = paved("-w", fleet.root, "update", "report", report["id"])
    assert shown.code == 1
    assert "wave 1 (v1.1.0): 3 repos, 3 done, 1 failed (0 allowed): stopped" in shown.err
    assert "wave 2: 3 repos, 0 done, 0 failed (0 allowed)" in shown.err


def test_a_resume_after_a_fix_release_redoes_the_failures_and_goes_on_at_it(wave_fleet, paved):
    fleet = wave_fleet
    _, stopped = _rollout(paved, fleet, "--waves", "3,100%", "--push", "--jobs", "2")
    failed = next(i["project"] for i in stopped["results"] if i["status"] == "check-failed")
    _fix_release(fleet)
    result, report = _rollout(paved, fleet, "--resume", stopped["id"], "--jobs", "2")
    assert result.code == 0, result.err
    assert report["id"] == stopped["id"] and report["stopped"] is None
    assert report["to_version"] == "v1.2.0"
    done = {item["project"]: item for item in report["results"]}
    assert sorted(done) == sorted(repo.name for repo in fleet.repos)
    first = {item["project"] for item in stopped["results"]}
    for repo in fleet.repos:
        item = done[repo.name]
        assert item["status"] == "updated" and item["checks"] == "passed" and item["pushed"]
        # The first wave's passing repos keep their v1.1.0 branch; the rest take v1.2.0.
        version = "v1.1.0" if repo.name in first and repo.name != failed else "v1.2.0"
        assert item["to_version"] == version and item["wave"] == (1 if repo.name in first else 2)
        branch = f"paved/update-{version[1:]}"
        assert fleet.remote_branches(repo).split() == [branch]
        if fleet.paths[repo.name] == "etl-job":
            assert "test_the_release" not in git(repo, "show", f"{branch}:tests/test_job.py")
    assert [wave["gate"] for wave in report["waves"]] == ["passed", ""]


def test_force_wave_goes_on_without_a_fix_and_max_failed_lets_failures_through(wave_fleet, paved):
    fleet = wave_fleet
    _, stopped = _rollout(paved, fleet, "--waves", "3,100%", "-j", "2")
    again, same = _rollout(paved, fleet, "--resume", stopped["id"])  # no fix released
    assert again.code == 1 and same["stopped"] == 1 and len(same["results"]) == 3
    forced, report = _rollout(paved, fleet, "--resume", stopped["id"], "--force-wave", "-j", "2")
    assert forced.code == 1, forced.err  # the ETL jobs' checks fail: a problem, not a stop
    assert report["stopped"] is None and len(report["results"]) == 6
    assert report["waves"][0]["gate"] == "forced"
    failing = {i["project"] for i in report["results"] if i["status"] == "check-failed"}
    assert {fleet.paths[name] for name in failing} == {"etl-job"} and len(failing) == 2

    fleet.reset()
    allowed, report = _rollout(paved, fleet, "--waves", "3,100%", "--max-failed", "34%", "-j", "2")
    assert report["stopped"] is None and report["waves"][0]["gate"] == "passed"
    assert report["waves"][0]["allowed"] == 1 and len(report["results"]) == 6


def test_resume_applies_check_and_push_to_what_is_left_and_refuses_the_rest(wave_fleet, paved):
    fleet = wave_fleet
    _fix_release(fleet, "1.1.1")  # no bug: every check passes
    _, first = _rollout(paved, fleet)
    journal = fleet.root / ".paved" / "rollouts" / first["id"] / "journal.jsonl"
    lines = journal.read_text().splitlines()
    journal.write_text("\n".join(lines[:2]) + "\n")  # as if killed after two repos
    finished = {json.loads(line)["project"] for line in lines[:2]}
    refused = paved("-w", fleet.root, "update", "--all", "--resume", first["id"], "--owner", "x")
    assert refused.code == 2 and len(refused.err.strip().splitlines()) == 1
    assert "--owner cannot change on a resume" in refused.err
    for option in (("--on-conflict", "branch"), ("--waves", "1,100%"), ("--dry-run",)):
        said = paved("-w", fleet.root, "update", "--all", "--resume", first["id"], *option)
        assert said.code == 2 and f"{option[0]} cannot change" in said.err, said
    result, report = _rollout(paved, fleet, "--resume", first["id"], "--check", "--push")
    assert result.code == 0, result.err
    for item in report["results"]:
        if item["project"] in finished:  # as the first run left them: not checked, not pushed
            assert (item["checks"], item["pushed"]) == ("not run", False)
        else:
            assert (item["checks"], item["pushed"]) == ("passed", True), item
    events = (journal.parent / "events.jsonl").read_text()
    assert '"changes":{"check":true,"push":true}' in events


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--waves", "5,50%"), "the last wave must be 100%"),
        (("--waves", "0,100%"), "invalid --waves"),
        (("--waves", "50%,10%,100%"), "each wave must reach further"),
        (("--waves", "2,100%", "--max-failed", "x"), "invalid --max-failed"),
        (("--waves", "2,100%", "--wave", "3"), "invalid --wave 3"),
        (
            (
                "--wave",
                "1",
            ),
            "invalid --wave 1",
        ),
        (("--force-wave",), "--force-wave goes with --resume"),
    ],
)
def test_bad_waves_are_one_line_and_write_nothing(wave_fleet, paved, args, said):
    fleet = wave_fleet
    result = paved("-w", fleet.root, "update", "--all", *args)
    assert result.code == 2 and said in result.err and len(result.err.strip().splitlines()) == 1
    assert not (fleet.root / ".paved" / "rollouts").exists()
    assert all(git(repo, "branch", "--list", "paved/*") == "" for repo in fleet.repos)


FAKE_GH = """#!{python}
# GitHub's CLI as the workflow calls it, offline: each call logged; no pull request
# exists for a branch yet; each repo has open pull requests from an older rollout (7),
# from this one's branch (8) and from its owner (9); `--jq` filters run by real jq.
import json, os, subprocess, sys
args = sys.argv[1:]
with open(os.environ["GH_LOG"], "a") as log:
    log.write(json.dumps(args) + "\\n")
if args[:2] == ["pr", "view"]:
    sys.exit(1)
if args[:2] == ["pr", "list"]:
    prs = [
        {{"number": 7, "headRefName": "paved/update-1.0.5"}},
        {{"number": 8, "headRefName": "paved/update-1.1.0"}},
        {{"number": 9, "headRefName": "owner/feature"}},
    ]
    jq = args[args.index("--jq") + 1]
    done = subprocess.run(["jq", "-r", jq], input=json.dumps(prs), capture_output=True, text=True)
    sys.stdout.write(done.stdout)
"""


def _wave_on_runners(fleet: WaveFleet, wave: int, artifacts: Path) -> list[Path]:
    """What the workflow's shard jobs do: four processes at once, one per shard, each
    journal kept as an artifact (`journal-WAVE-SHARD`)."""
    env = {**os.environ, "PAVED_WORKSPACE": str(fleet.root)}
    command = [PAVED, "update", "--all", "--waves", "3,100%", "--wave", str(wave), "--push"]
    shards = [
        subprocess.Popen(
            [*command, "--shard", f"{shard}/4", "--json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for shard in (1, 2, 3, 4)
    ]
    kept = []
    for shard, process in enumerate(shards, start=1):
        out, err = process.communicate(timeout=900)
        assert process.returncode in (0, 1) and "Traceback" not in err, err
        rollout = json.loads(out)["id"]
        kept.append(artifacts / f"journal-{wave}-{shard}" / rollout)
        shutil.copytree(fleet.root / ".paved" / "rollouts" / rollout, kept[-1])
    return kept


def test_the_workflows_waves_gates_and_pull_requests_as_ci_runs_them(wave_fleet, tmp_path):
    fleet = wave_fleet
    env = {**os.environ, "PAVED_WORKSPACE": str(fleet.root)}
    journals = tmp_path / "run" / "journals"
    first = _wave_on_runners(fleet, 1, journals)

    def report(folders: list[Path], *args: str) -> subprocess.CompletedProcess:
        command = [PAVED, "update", "report", "--merge", *map(str, folders), *args]
        return subprocess.run(command, env=env, capture_output=True, text=True)

    merged = json.loads(report(first, "--json").stdout)
    done = {item["project"]: item for item in merged["results"]}
    assert {fleet.paths[name] for name in done} == set(PATHS) and len(done) == 3
    assert report(first, "--max-failed", "0").returncode == 1  # the gate holds wave 2
    assert report(first, "--max-failed", "1").returncode == 0  # or lets it through

    # The pull-requests job's own script, with GitHub's CLI stood in for.
    workflow = yaml.safe_load(WAVE_WORKFLOW.read_text())
    script = workflow["jobs"]["pull-requests"]["steps"][-1]["run"]
    fake = tmp_path / "bin" / "gh"
    fake.parent.mkdir()
    fake.write_text(FAKE_GH.format(python=sys.executable))
    fake.chmod(0o755)
    log = tmp_path / "gh.log"
    path = f"{fake.parent}{os.pathsep}{Path(PAVED).parent}{os.pathsep}{os.environ['PATH']}"
    ran = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=journals.parent,
        env={**env, "PATH": path, "GH_LOG": str(log), "GH_TOKEN": "token"},
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 0 and "::warning::" not in ran.stdout, ran.stdout + ran.stderr
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    pushed = {name: item for name, item in done.items() if item["pushed"]}
    assert len(pushed) == 2  # the ETL job's checks failed: not pushed, no pull request
    created = [call for call in calls if call[:2] == ["pr", "create"]]
    assert len(created) == 2
    for call in created:
        item = next(i for i in pushed.values() if call[call.index("--repo") + 1] == i["remote"])
        assert call[call.index("--head") + 1] == "paved/update-1.1.0"
        assert call[call.index("--base") + 1] == "main"
        assert call[call.index("--title") + 1] == "Update the template from v1.0.0 to v1.1.0"
        body = Path(journals.parent / call[call.index("--body-file") + 1]).read_text()
        assert body.startswith("## Update the template") and "| lint | passed |" in body
        assert item["remote"].endswith(f"{item['project']}.git")
    closed = [call for call in calls if call[:2] == ["pr", "close"]]
    assert sorted(call[2] for call in closed) == ["7", "7"]  # the older rollout's only

    second = _wave_on_runners(fleet, 2, journals)
    later = {i["project"] for i in json.loads(report(second, "--json").stdout)["results"]}
    assert later == {repo.name for repo in fleet.repos} - set(done)
