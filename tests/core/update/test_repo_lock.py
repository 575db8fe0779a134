"""A rollout holds paved's lock on each repo it writes to: a killed paved's lock files
and check work trees are recovered, an owner's locks are never touched, and a live
paved process on the same repo is waited for."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal.core.errors import RepoBusyError
from portal.core.update.check_folders import CHECKS
from portal.core.update.repo_lock import LOCK_FILE, working_on
from portal.core.update.rollout import RolloutRequest, run_rollout
from tests.helpers import git

BRANCH = "paved/update-1.1.0"
OWNERS_LOCKS = ("index.lock", "HEAD.lock", "packed-refs.lock", "refs/heads/main.lock")


def _leave_a_killed_paveds_leftovers(repo: Path, checks: Path) -> list[Path]:
    """What a paved killed mid-rollout leaves: a ref lock of its branch creation, the
    remote-tracking ref lock of its push, and a check work tree `git worktree add`
    never finished (still marked locked, which `git worktree prune` respects)."""
    git_dir = repo / ".git"
    ref_locks = [git_dir / f"refs/{ref}/{BRANCH}.lock" for ref in ("heads", "remotes/origin")]
    for lock in ref_locks:
        lock.parent.mkdir(parents=True, exist_ok=True)
        lock.write_text(git(repo, "rev-parse", "main") + "\n")
    tree = checks / "999999-0badcafe" / repo.name
    git(repo, "worktree", "add", "--quiet", "--detach", "--lock", "--reason", "initializing",
        str(tree), "main")  # fmt: skip
    return ref_locks


def test_a_killed_paveds_locks_are_recovered_and_an_owners_are_not(fleet):
    workspace, repos = fleet
    repo = repos[1]
    checks = workspace.index_dir / CHECKS
    leftovers = _leave_a_killed_paveds_leftovers(repo, checks)
    for name in OWNERS_LOCKS:  # an owner's git at work (or killed) in the same repo
        (repo / ".git" / name).write_text("owner's\n")
    head = git(repo, "rev-parse", "main")

    result = run_rollout(workspace, RolloutRequest(only=[repo.name]))

    (said,) = result.results
    assert (said.status, said.branch) == ("updated", BRANCH), said.detail
    assert git(repo, "rev-parse", f"{BRANCH}~1") == head
    assert not any(lock.exists() for lock in leftovers)
    assert git(repo, "worktree", "list", "--porcelain").count("worktree ") == 1
    assert not (checks / "999999-0badcafe" / repo.name).exists()
    # The owner's locks are theirs to settle; paved took none of them (not index.lock).
    for name in OWNERS_LOCKS:
        assert (repo / ".git" / name).read_text() == "owner's\n"


def test_a_live_paved_on_the_repo_is_waited_for_and_its_locks_left_alone(fleet, tmp_path):
    workspace, repos = fleet
    repo = repos[1]
    checks = workspace.index_dir / CHECKS
    live = repo / ".git" / f"refs/heads/{BRANCH}.lock"  # the live process's, mid-update
    live.parent.mkdir(parents=True)
    live.write_text("")
    held = tmp_path / "held"
    holder = subprocess.Popen(  # another paved process at work on the repo for 2 seconds
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from filelock import FileLock\n"
            f"with FileLock({str(repo / '.git' / LOCK_FILE)!r}):\n"
            f"    Path({str(held)!r}).touch()\n"
            "    time.sleep(2)\n"
            f"    Path({str(live)!r}).unlink()\n",
        ]
    )
    while not held.exists() and holder.poll() is None:
        time.sleep(0.02)

    with (
        pytest.raises(RepoBusyError, match="another paved process"),
        working_on(repo, checks, wait=0.2),
    ):
        pass
    assert live.exists()  # never taken for a leftover while its process lives

    with working_on(repo, checks) as removed:  # waits for it to finish
        assert removed == []
    assert holder.wait() == 0
