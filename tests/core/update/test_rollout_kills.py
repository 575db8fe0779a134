"""`kill -9` at random points of rollouts (`--jobs 2 --push`, some with `--check`), the
main process or one worker, over 50 times; after each kill no repo is half-updated, no
owner's uncommitted work is lost and no process of the rollout lives on; the resume
then finishes the rollout, leaving no lock file and no check work tree behind.

A small fleet (8 repos, each with a bare remote, three with owners' uncommitted work)
is built once and copied back into the same place for each round, so every path the
catalog and git record stays right. The seed is printed when an assertion fails.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.core.update.fleet import build_fleet, release_managed_change
from tests.helpers import git

PAVED = str(Path(sys.executable).parent / "paved")
BRANCH = "paved/update-1.1.0"
KILLS = 50
SEED = int(os.environ.get("PAVED_KILL_SEED", "20261203"))
CHECKED = ("orders_source", "etl_job_001", "dataset_producer_003")  # a check round's repos
WORKER = "portal.core.update.workers"


class Fleet:
    """The fleet in its place (`live`), its pristine copy, and what must survive."""

    def __init__(self, base: Path) -> None:
        self.live, self.pristine = base / "live", base / "pristine"
        workspace, self.repos = build_fleet(self.live, 8, conflicts=False)
        release_managed_change(workspace)
        self.root = workspace.root
        for repo in self.repos:
            remote = self.live / "remotes" / f"{repo.name}.git"
            git(repo, "clone", "--quiet", "--bare", str(repo), str(remote))
            git(repo, "remote", "add", "origin", str(remote))
        # Owners' uncommitted work: an unstaged edit, a staged one, an untracked file.
        (self.repos[3] / ".gitignore").write_text("# mine, not yet committed\n")
        (self.repos[5] / "pyproject.toml").write_text("# staged, not committed\n")
        git(self.repos[5], "add", "pyproject.toml")
        (self.repos[6] / "scratch-notes.txt").write_text("half-written thoughts\n")
        self.dirty = {self.repos[i].name for i in (3, 5, 6)}
        self.heads = {repo: git(repo, "rev-parse", "main") for repo in self.repos}
        self.work = {repo: _work_of(repo) for repo in self.repos}
        shutil.copytree(self.live, self.pristine, symlinks=True)

    def reset(self) -> None:
        shutil.rmtree(self.live)
        shutil.copytree(self.pristine, self.live, symlinks=True)


def _work_of(repo: Path) -> tuple[str, dict[str, bytes]]:
    """The repo's status and the bytes of every file it lists as changed."""
    status = git(repo, "status", "--porcelain", "--branch", "--untracked-files=all")
    files = {
        line[3:]: (repo / line[3:]).read_bytes()
        for line in status.splitlines()[1:]
        if (repo / line[3:]).is_file()
    }
    return status, files


@pytest.fixture(scope="session")
def kill_fleet(tmp_path_factory: pytest.TempPathFactory) -> Fleet:
    return Fleet(tmp_path_factory.mktemp("kills"))


def _processes() -> dict[int, tuple[int, str, str, str]]:
    """Every live process: pid -> (parent pid, state, command line, working folder)."""
    found = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
            command = Path(entry.path, "cmdline").read_bytes().replace(b"\0", b" ").decode()
            cwd = os.readlink(Path(entry.path, "cwd"))
        except OSError:  # gone meanwhile, or a zombie's folder
            continue
        state, parent = stat.rpartition(")")[2].split()[:2]
        found[int(entry.name)] = (int(parent), state, command, cwd)
    return found


def _rollout_processes(fleet: Fleet, main: int) -> list[str]:
    """The processes of a rollout still alive: children of its main process, and any
    whose command line or working folder is in the fleet (workers, git, checks)."""
    live = str(fleet.live)
    return [
        f"{pid} {command[:120]} (in {cwd})"
        for pid, (parent, state, command, cwd) in _processes().items()
        if state not in ("Z", "X")
        and pid != os.getpid()
        and (parent == main or live in command or cwd.startswith(live))
    ]


def _workers_of(main: int) -> list[int]:
    return [
        pid
        for pid, (parent, _, command, _) in _processes().items()
        if parent == main and WORKER in command
    ]


def _start(fleet: Fleet, *args: str, stderr: int = subprocess.DEVNULL) -> subprocess.Popen:
    return subprocess.Popen(
        [PAVED, "-w", str(fleet.root), "update", "--all", "--jobs", "2", "--json", *args],
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )


def _kill(fleet: Fleet, process: subprocess.Popen, rng: random.Random, check: bool) -> str:
    """Kill the rollout at a random point: its main process, or one of its workers
    (the main process then ends by itself). Returns what was killed."""
    time.sleep(rng.uniform(1.0, 7.0) if check else rng.uniform(0.3, 2.2))
    workers, until = [], time.monotonic() + (2 if rng.random() < 0.25 else 0)
    while not workers and time.monotonic() < until and process.poll() is None:
        workers = _workers_of(process.pid)  # not started yet on a busy machine: wait
    if workers:
        os.kill(rng.choice(workers), signal.SIGKILL)
        try:
            process.wait(timeout=30)  # a dead worker is an error, not a hang
        except subprocess.TimeoutExpired:
            process.kill()
            pytest.fail("the rollout hung after one of its workers was killed")
        return "worker"
    process.kill()
    process.wait()
    return "main"


def _assert_nothing_half_done(fleet: Fleet, main: int) -> None:
    deadline = time.monotonic() + 3
    while (left := _rollout_processes(fleet, main)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert left == [], "processes of the killed rollout live on"
    for repo in fleet.repos:
        assert git(repo, "rev-parse", "main") == fleet.heads[repo], repo.name
        assert _work_of(repo) == fleet.work[repo], f"{repo.name}: owner's work changed"
        if git(repo, "branch", "--list", BRANCH):  # absent, or a whole update
            assert git(repo, "rev-parse", f"{BRANCH}~1") == fleet.heads[repo]
            ci = git(repo, "show", f"{BRANCH}:.github/workflows/ci.yml")
            assert "actions/checkout@v6" in ci, repo.name


def _newest_rollout(fleet: Fleet) -> str | None:
    """The rollout started in this round (a folder a kill cut short of its request is
    none: it cannot be resumed, and the next start makes another)."""
    folder = fleet.root / ".paved" / "rollouts"
    started = (
        sorted(path.parent.name for path in folder.glob("*/rollout.json"))
        if folder.exists()
        else []
    )
    return started[-1] if started else None


def _assert_finished(fleet: Fleet, rollout: str, resumed: subprocess.CompletedProcess) -> None:
    assert resumed.returncode in (0, 1), resumed.stderr  # 1: a repo failed its checks
    report = {item["project"]: item for item in json.loads(resumed.stdout)["results"]}
    journal = fleet.root / ".paved" / "rollouts" / rollout / "journal.jsonl"
    journaled = [json.loads(line)["project"] for line in journal.read_text().splitlines()]
    assert sorted(journaled) == sorted(report)
    for name, item in report.items():
        repo = Path(item["repo"])
        if name in fleet.dirty:
            assert item["status"] == "skipped" and "uncommitted" in item["detail"], item
            continue
        assert item["status"] in ("updated", "check-failed"), item
        tip = git(repo, "rev-parse", BRANCH)
        if item["status"] == "updated":  # pushed
            assert git(repo, "rev-parse", f"origin/{BRANCH}") == tip
            assert git(repo, "ls-remote", "origin", BRANCH).split()[0] == tip
    for repo in fleet.repos:
        remote = fleet.live / "remotes" / f"{repo.name}.git"
        locks = [*(repo / ".git").rglob("*.lock"), *remote.rglob("*.lock")]
        assert locks == [], f"lock files left: {locks}"
        assert len(git(repo, "worktree", "list").splitlines()) == 1, repo.name
    checks = fleet.root / ".paved" / "checks"
    left = sorted(path.name for path in checks.iterdir()) if checks.exists() else []
    assert left == [], "check scratch folders left"


def _round(fleet: Fleet, rng: random.Random, check: bool) -> list[str]:
    """One rollout killed one or more times (the resumes too), then resumed to the end."""
    fleet.reset()
    args = ["--push", *(["--check", *(f"--only={name}" for name in CHECKED)] if check else [])]
    kills, rollout = [], None
    while True:
        process = _start(fleet, *(["--resume", rollout] if rollout else args))
        kills.append(_kill(fleet, process, rng, check))
        _assert_nothing_half_done(fleet, process.pid)
        rollout = rollout or _newest_rollout(fleet)
        if len(kills) >= 5 or rng.random() < 0.2:
            break
    if rollout is None:  # every kill came before the journal existed: start afresh
        fresh = _start(fleet, *args, stderr=subprocess.PIPE)
        _, said = fresh.communicate()
        rollout = _newest_rollout(fleet)
        assert rollout is not None, said.decode()
    resumed = subprocess.run(
        [PAVED, "-w", str(fleet.root), "update", "--all", "--resume", rollout, "--json"],
        capture_output=True,
        text=True,
    )
    _assert_finished(fleet, rollout, resumed)
    return kills


def test_rollouts_killed_at_random_points_resume_to_the_end(kill_fleet: Fleet):
    rng = random.Random(SEED)
    kills: list[str] = []
    rounds = 0
    try:
        while len(kills) < KILLS:
            kills += _round(kill_fleet, rng, check=rounds % 10 == 0)
            rounds += 1
    except AssertionError as error:
        raise AssertionError(
            f"{error}\nseed {SEED} (PAVED_KILL_SEED), round {rounds}, after {len(kills)} kills"
        ) from error
    assert kills.count("worker") >= 3, kills
