"""paved's hold on a project repo while a rollout writes to it, and the recovery of
what a killed paved left there.

While a rollout works on a repo it holds `<git-dir>/paved.flock` (an OS file lock:
the system frees it when the process dies, however it dies). Once it holds it, no
other paved process is at work in the repo, so the git lock files of refs only paved
writes are a killed paved's leftovers, and are removed:

- `refs/heads/paved/**.lock` (a branch creation killed mid-way), the same under
  `refs/remotes/*/paved/` (a push killed while it updated its remote-tracking ref) and
  `refs/paved/**.lock` (paved's markers, such as a branch's failed checks);
- the work trees of paved's checks (under the workspace's `.paved/checks/`): a kill
  during `git worktree add` leaves the entry marked `locked`, which `git worktree prune`
  never prunes, so paved unlocks it, removes its folder and prunes.

Locks an owner's git can hold are never touched: `index.lock` (paved's reads take no
optional locks and its writes go through plumbing with a throwaway index, so paved never
takes the repo's own), `HEAD.lock`, `config.lock`, `packed-refs.lock` (git takes it to
delete or pack refs: paved deletes a ref only to drop a failed-checks marker that is
there, so it rarely takes it, and one it left cannot be told from an owner's) and the
locks of any other ref.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from ..errors import RepoBusyError
from ..git import commands as git

LOCK_FILE = "paved.flock"
WAIT = 10.0  # seconds to wait for another paved process working on the same repo



@contextlib.contextmanager
def working_on(repo: Path, checks: Path, wait: float = WAIT) -> Iterator[list[Path]]:
    """Hold paved's lock on `repo` (waiting up to `wait` seconds for another paved
    process to let go) and recover what a killed paved left in it; yields the
    leftovers removed. `checks` is the folder paved's check work trees live under."""
    git_dir = _git_dir(repo)
    lock = FileLock(git_dir / LOCK_FILE, timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise RepoBusyError(
            f"another paved process has been working on {repo} for over {wait:.0f}s",
            "run the rollout again (or --resume it) when that process is done",
        ) from None
    try:
        yield recover(repo, git_dir, checks)
    finally:
        lock.release()


def recover(repo: Path, git_dir: Path, checks: Path) -> list[Path]:
    """Remove the leftovers of a killed paved in a repo whose paved lock is held."""
    removed = [
        lock
        for pattern in (
            "refs/heads/paved/**/*.lock",
            "refs/remotes/*/paved/**/*.lock",
            "refs/paved/**/*.lock",
        )
        for lock in git_dir.glob(pattern)
        if lock.is_file()
    ]
    for lock in removed:
        lock.unlink(missing_ok=True)
    stale = _check_worktrees(git_dir, checks.resolve())
    for entry, tree in stale:
        (entry / "locked").unlink(missing_ok=True)
        shutil.rmtree(tree, ignore_errors=True)
    if stale:
        git.run(repo, "worktree", "prune", check=False)
    return removed + [entry for entry, _ in stale]


def _check_worktrees(git_dir: Path, checks: Path) -> list[tuple[Path, Path]]:
    """The repo's work tree entries (and their folders) that live under `checks`."""
    found = []
    for gitdir_file in git_dir.glob("worktrees/*/gitdir"):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            tree = Path(gitdir_file.read_text().strip()).parent
            if tree.resolve().is_relative_to(checks):
                found.append((gitdir_file.parent, tree))
    return found


def _git_dir(repo: Path) -> Path:
    """The repo's common git folder (where its refs and work tree entries live)."""
    dot_git = repo / ".git"
    if dot_git.is_dir():
        return dot_git
    common = git.run(repo, "rev-parse", "--path-format=absolute", "--git-common-dir")
    return Path(common)
