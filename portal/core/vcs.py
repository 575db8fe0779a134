"""The git operations paved needs, run with git itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
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


def git_bytes(
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
        env={**_environment(), **(env or {})},
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
    # Not stripped: the first line's leading space is part of its status.
    output = git_bytes(path, "status", "--porcelain", "--untracked-files=all").decode()
    return [line[3:] for line in output.splitlines() if line]


def state(path: Path) -> tuple[str | None, list[str]]:
    """The checked-out branch (None when detached) and the paths with uncommitted
    changes, untracked files included."""
    output = git(path, "status", "--porcelain", "--branch", "--untracked-files=all")
    lines = output.splitlines()
    head = lines[0][3:] if lines and lines[0].startswith("## ") else ""
    branch = None if head.startswith(("HEAD ", "No commits yet")) else head.split("...")[0]
    return branch, [line[3:] for line in lines[1:] if line]


def current_branch(path: Path) -> str | None:
    """The checked-out branch; None when HEAD is detached."""
    return git(path, "symbolic-ref", "--quiet", "--short", "HEAD", check=False) or None


def branches(path: Path) -> dict[str, str]:
    """Local branches and `origin/HEAD`, by full ref name, with their commits;
    a symbolic ref maps to the ref it points at, prefixed with `->`."""
    output = git(
        path,
        "for-each-ref",
        "--format=%(refname)%09%(objectname)%09%(symref)",
        "refs/heads/",
        "refs/remotes/origin/HEAD",
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


def list_tree(path: Path, ref: str) -> dict[str, tuple[str, str]]:
    """Every file of `ref` as path -> (mode, blob id); submodules left out."""
    output = git_bytes(path, "ls-tree", "-r", "-z", "--full-tree", ref)
    files = {}
    for record in output.split(b"\0"):
        if not record:
            continue
        meta, name = record.split(b"\t", 1)
        mode, kind, sha = meta.decode().split()
        if kind == "blob":
            files[name.decode()] = (mode, sha)
    return files


def read_blobs(path: Path, objects: list[str]) -> dict[str, bytes]:
    """The contents of objects (`sha` or `rev:path`), by the name asked for;
    missing ones are left out."""
    if not objects:
        return {}
    output = git_bytes(path, "cat-file", "--batch", stdin="\n".join(objects).encode() + b"\n")
    found, position = {}, 0
    for name in objects:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) == 2 and header[1] == b"missing":
            continue
        size = int(header[2])
        found[name] = output[position : position + size]
        position += size + 1
    return found


def write_blobs(path: Path, contents: list[bytes]) -> list[str]:
    """Store blobs in the repo's object database; return their ids in order."""
    if not contents:
        return []
    with tempfile.TemporaryDirectory(prefix="paved-blobs-") as folder:
        files = []
        for number, data in enumerate(contents):
            file = Path(folder, str(number))
            file.write_bytes(data)
            files.append(str(file))
        output = git_bytes(
            path,
            "hash-object",
            "-w",
            "--no-filters",
            "--stdin-paths",
            stdin="\n".join(files).encode() + b"\n",
        )
    return output.decode().split()


def write_tree(
    path: Path, entries: dict[str, tuple[str, str] | None], base: str | None = None
) -> str:
    """A tree object: `base`'s tree (or an empty one) with files set to (mode, blob id)
    or deleted (None). Built in a throwaway index: the repo's own index is untouched."""
    with tempfile.TemporaryDirectory(prefix="paved-index-") as folder:
        env = {"GIT_INDEX_FILE": str(Path(folder, "index"))}
        if base is not None:
            git_bytes(path, "read-tree", base, env=env)
        lines = "".join(
            f"{entry[0]} {entry[1]}\t{name}\n" if entry else f"0 {'0' * 40}\t{name}\n"
            for name, entry in entries.items()
        )
        git_bytes(path, "update-index", "--index-info", stdin=lines.encode(), env=env)
        return git_bytes(path, "write-tree", env=env).decode().strip()


def commit_changes(
    path: Path, parent: str, changes: dict[str, tuple[str, str] | None], message: str
) -> tuple[str, str]:
    """A commit on top of `parent` with files set to (mode, blob id) or deleted (None),
    made without touching the work tree or the index; return (commit, tree)."""
    tree = write_tree(path, changes, base=parent)
    commit = git_bytes(path, "commit-tree", tree, "-p", parent, "-F", "-", stdin=message.encode())
    return commit.decode().strip(), tree


def create_branch(path: Path, name: str, commit: str) -> None:
    """Point a new branch at `commit`; fail if the branch exists."""
    git(path, "update-ref", f"refs/heads/{name}", commit, "0" * 40)


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
    return git(path, "tag", "--list").splitlines()


def tag(path: Path, name: str, message: str) -> None:
    git(path, "tag", "--annotate", name, "--message", message)


def _environment() -> dict[str, str]:
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
