"""The git operations paved needs, run with git itself."""

from __future__ import annotations

import os
import subprocess
from functools import cache
from pathlib import Path

from .errors import VcsError

_FALLBACK_IDENTITY = {
    "GIT_AUTHOR_NAME": "paved",
    "GIT_AUTHOR_EMAIL": "paved@localhost",
    "GIT_COMMITTER_NAME": "paved",
    "GIT_COMMITTER_EMAIL": "paved@localhost",
}


def git(repo: Path, *args: str, check: bool = True) -> str:
    """Run `git args` in `repo` and return its standard output, stripped."""
    result = subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        env=_environment(),
    )
    if check and result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise VcsError(
            f"git {' '.join(args)} failed in {repo}: {detail[-1] if detail else 'no output'}",
            "check the repo with `git status`",
        )
    return result.stdout.strip()


def is_repo(path: Path) -> bool:
    """Whether `path` is the top folder of a git work tree."""
    if not (path / ".git").exists():
        return False
    top = git(path, "rev-parse", "--show-toplevel", check=False)
    return bool(top) and Path(top).resolve() == path.resolve()


def init(path: Path, branch: str = "main") -> None:
    git(path, "init", "--quiet", f"--initial-branch={branch}")


def commit_all(path: Path, message: str) -> str:
    """Stage every file and commit; return the new commit's hash."""
    git(path, "add", "--all")
    git(path, "commit", "--quiet", "--no-verify", "--message", message)
    return git(path, "rev-parse", "HEAD")


def commit_paths(path: Path, message: str, paths: list[str]) -> str:
    """Commit only `paths`, leaving anything else staged or changed as it was."""
    git(path, "add", "--", *paths)
    git(path, "commit", "--quiet", "--no-verify", "--message", message, "--only", "--", *paths)
    return git(path, "rev-parse", "HEAD")


def dirty_paths(path: Path) -> list[str]:
    """Paths with uncommitted changes, untracked files included."""
    output = git(path, "status", "--porcelain", "--untracked-files=all")
    return [line[3:] for line in output.splitlines() if line]


def tags(path: Path) -> list[str]:
    return git(path, "tag", "--list").splitlines()


def tag(path: Path, name: str, message: str) -> None:
    git(path, "tag", "--annotate", name, "--message", message)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
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
