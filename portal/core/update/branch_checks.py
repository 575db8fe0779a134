"""The golden path's checks on an update branch, and the memory of their failure.

With `--check`, a rollout runs the path's checks on each update branch in a throwaway
work tree (`.paved/checks/`) before pushing it. A branch whose checks failed is never
pushed, by this run or a later one: the repo remembers the failed commit in
`refs/paved/checks-failed/<branch>`, so a rerun or resume without `--check` refuses it
too, and a passing check forgets it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from ..git import commands as git
from .check_folders import check_folder
from .project import Engine

FAILED_CHECKS = "refs/paved/checks-failed"


def checks_refusal(
    engine: Engine,
    repo: Path,
    branch: str,
    commit: str,
    refs: dict[str, str],
    golden_path: str | None,
    check: bool,
) -> str:
    """Why the branch at `commit` must not be pushed: its checks fail now (`check`) or
    failed in an earlier run; empty when it may be."""
    marker = f"{FAILED_CHECKS}/{branch}"
    if check:
        failed = failed_checks(engine, repo, branch, golden_path)
        if failed:
            git.run(repo, "update-ref", marker, commit)
            return f"failed: {', '.join(failed)}; not pushed"
        if marker in refs:  # a deletion locks packed-refs: none when there is no marker
            git.run(repo, "update-ref", "-d", marker, check=False)
        return ""
    if refs.get(marker) == commit:
        return (
            f"its checks failed on {branch} in an earlier rollout; not pushed: "
            "mend the branch, or rerun with --check"
        )
    return ""


def failed_checks(engine: Engine, repo: Path, branch: str, golden_path: str | None) -> list[str]:
    """Run the golden path's checks on the update branch, in a throwaway work tree;
    return the names of those that failed."""
    from ..golden_paths.checks import run_checks

    workspace = engine.workspace
    path = workspace.golden_path(golden_path or "")
    folder = check_folder(workspace.index_dir)
    tree = folder / repo.name
    git.run(repo, "worktree", "add", "--quiet", "--detach", str(tree), branch)
    try:
        results = run_checks(tree, path, venv=folder / "venv")
        return [check.name for check in results if not check.passed]
    finally:
        git.run(repo, "worktree", "remove", "--force", str(tree), check=False)
        shutil.rmtree(folder, ignore_errors=True)
        git.run(repo, "worktree", "prune", check=False)
