"""The git operations paved needs, run with git itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from functools import cache
from pathlib import Path

from ..errors import DirtyRepoError, VcsError

_INDEX_LOCK = "index.lock"
_INDEX_WAIT = 10.0  # seconds to wait for another git process's index lock

_FALLBACK_IDENTITY = {
    "GIT_AUTHOR_NAME": "paved",
    "GIT_AUTHOR_EMAIL": "paved@localhost",
    "GIT_COMMITTER_NAME": "paved",
    "GIT_COMMITTER_EMAIL": "paved@localhost",
}


def run(repo: Path, *args: str, check: bool = True) -> str:
    """Run `git args` in `repo` and return its standard output, stripped."""
    result = subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=environment(),
    )
    if check and result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        error = VcsError(
            f"git {' '.join(args)} failed in {repo}: {detail[-1] if detail else 'no output'}",
            "check the repo with `git status`",
        )
        error.busy_index = _INDEX_LOCK in result.stderr
        raise error
    return result.stdout.strip()


def run_on_index(repo: Path, *args: str, check: bool = True) -> str:
    """`git args` for a command that writes the repo's index (add, commit, restore):
    when another git process holds the index lock (someone's `git status` refreshing
    it), wait for it, up to ten seconds, rather than fail."""
    deadline = time.monotonic() + _INDEX_WAIT
    pause = 0.01
    while True:
        try:
            return run(repo, *args)
        except VcsError as error:
            if not getattr(error, "busy_index", False) or time.monotonic() > deadline:
                if check:
                    raise
                return ""
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def run_bytes(
    repo: Path,
    *args: str,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    check: bool = True,
) -> bytes:
    """Run `git args` in `repo` with bytes in and out, for plumbing."""
    result = subprocess.run(
        ["git", *args],
        cwd=repo,
        input=stdin,
        capture_output=True,
        env={**environment(), **(env or {})},
    )
    if check and result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip().splitlines()
        raise VcsError(
            f"git {args[0]} failed in {repo}: {detail[-1] if detail else 'no output'}",
            "check the repo with `git status`",
        )
    return result.stdout


def is_repo(path: Path) -> bool:
    """Whether `path` is the top folder of a git work tree."""
    if not (path / ".git").exists():
        return False
    top = run(path, "rev-parse", "--show-toplevel", check=False)
    return bool(top) and Path(top).resolve() == path.resolve()


def init(path: Path, branch: str = "main") -> None:
    run(path, "init", "--quiet", f"--initial-branch={branch}")


def commit_all(path: Path, message: str) -> str:
    """Stage every file and commit; return the new commit's hash."""
    run_on_index(path, "add", "--all")
    run_on_index(path, "commit", "--quiet", "--no-verify", "--message", message)
    return run(path, "rev-parse", "HEAD")


def commit_paths(path: Path, message: str, paths: list[str]) -> str:
    """Commit only `paths`, leaving anything else staged or changed as it was."""
    run_on_index(path, "add", "--", *paths)
    run_on_index(
        path, "commit", "--quiet", "--no-verify", "--message", message, "--only", "--", *paths
    )
    return run(path, "rev-parse", "HEAD")


def dirty_paths(path: Path) -> list[str]:
    """Paths with uncommitted changes, untracked files included."""
    # Not stripped: the first line's leading space is part of its status.
    output = run_bytes(path, "status", "--porcelain", "--untracked-files=all").decode()
    return [line[3:] for line in output.splitlines() if line]


def refuse_dirty(repo: Path) -> None:
    """A repo with uncommitted changes is never updated: its owner's work comes first."""
    dirty = dirty_paths(repo)
    if dirty:
        raise DirtyRepoError(
            f"{repo} has uncommitted changes: {some_of(dirty)}",
            "commit or stash them first; nothing was touched",
        )


def some_of(paths: list[str]) -> str:
    """The first few paths, and how many more."""
    more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
    return ", ".join(paths[:3]) + more


def state(path: Path) -> tuple[str | None, list[str]]:
    """The checked-out branch (None when detached) and the paths with uncommitted
    changes, untracked files included."""
    output = run(path, "status", "--porcelain", "--branch", "--untracked-files=all")
    lines = output.splitlines()
    head = lines[0][3:] if lines and lines[0].startswith("## ") else ""
    branch = None if head.startswith(("HEAD ", "No commits yet")) else head.split("...")[0]
    return branch, [line[3:] for line in lines[1:] if line]


def current_branch(path: Path) -> str | None:
    """The checked-out branch; None when HEAD is detached."""
    return run(path, "symbolic-ref", "--quiet", "--short", "HEAD", check=False) or None


def branches(path: Path) -> dict[str, str]:
    """Local branches, `origin/HEAD` and paved's own refs (`refs/paved/`), by full ref
    name, with their commits; a symbolic ref maps to the ref it points at, prefixed
    with `->`."""
    output = run(
        path,
        "for-each-ref",
        "--format=%(refname)%09%(objectname)%09%(symref)",
        "refs/heads/",
        "refs/remotes/origin/HEAD",
        "refs/paved/",
    )
    found = {}
    for line in output.splitlines():
        name, commit, target = (line.split("\t") + [""])[:3]
        found[name] = f"->{target}" if target else commit
    return found


def default_branch(path: Path, known: dict[str, str], current: str | None) -> str | None:
    """The branch a project's work lands on: origin's HEAD, else main or master,
    else the branch checked out."""
    target = known.get("refs/remotes/origin/HEAD", "")
    if target.startswith("->refs/remotes/origin/"):
        name = target.removeprefix("->refs/remotes/origin/")
        if f"refs/heads/{name}" in known:
            return name
    for name in ("main", "master"):
        if f"refs/heads/{name}" in known:
            return name
    return current


def commit_of(known: dict[str, str], branch: str | None) -> str | None:
    """The commit a branch of `branches()` is at; None when not known there."""
    commit = known.get(f"refs/heads/{branch}", "") if branch else ""
    return commit if commit and not commit.startswith("->") else None


def create_branch(path: Path, name: str, commit: str) -> None:
    """Point a new branch at `commit`; fail if the branch exists."""
    run(path, "update-ref", f"refs/heads/{name}", commit, "0" * 40)


def check_out_copy(source: Path, ref: str, dest: Path) -> str | None:
    """Check `ref` of the repo at `source` out in the new folder `dest`, sharing its
    objects; None when done, else git's error (and `dest` is gone)."""
    for args in (
        ["clone", "--quiet", "--shared", "--no-checkout", str(source), str(dest)],
        ["-C", str(dest), "-c", "advice.detachedHead=false", "checkout", "--quiet", ref],
    ):
        result = subprocess.run(["git", *args], capture_output=True, text=True)
        if result.returncode != 0:
            shutil.rmtree(dest, ignore_errors=True)
            return result.stderr.strip()
    return None


def tags(path: Path) -> list[str]:
    return run(path, "tag", "--list").splitlines()


def tag(path: Path, name: str, message: str) -> None:
    run(path, "tag", "--annotate", name, "--message", message)


def environment() -> dict[str, str]:
    # No optional locks: a `git status` of paved's never takes index.lock, so it neither
    # blocks an owner's git nor leaves a lock behind when paved is killed.
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0"}
    if not _has_identity():
        for key, value in _FALLBACK_IDENTITY.items():
            env.setdefault(key, value)
    return env


@cache
def _has_identity() -> bool:
    result = subprocess.run(
        ["git", "config", "user.email"], capture_output=True, text=True, check=False
    )
    return bool(result.stdout.strip())
