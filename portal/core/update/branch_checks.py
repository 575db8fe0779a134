"""The golden path's checks on an update branch, and the memory of their failure.

With `--check`, a rollout runs the path's checks on each update branch in a throwaway
work tree (`.paved/checks/`) before pushing it. A branch whose checks failed is never
pushed, by this run or a later one: the repo remembers the failed commit in
`refs/paved/checks-failed/<branch>`, so a rerun or resume without `--check` refuses it
too, and a passing check forgets it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..git import commands as git
from .check_folders import check_folder
from .journal import CHECKS_FAILED, CHECKS_NOT_RUN, CHECKS_PASSED
from .project import Engine

FAILED_CHECKS = "refs/paved/checks-failed"


@dataclass
class Verdict:
    """What the checks said of a branch: passed, failed or not run (`CHECKS_*`), each
    check's outcome when they ran, and why the branch must not be pushed (empty: it may)."""

    checks: str = CHECKS_NOT_RUN
    results: dict[str, bool] = field(default_factory=dict)
    refusal: str = ""


def checks_verdict(
    engine: Engine,
    repo: Path,
    branch: str,
    commit: str,
    refs: dict[str, str],
    golden_path: str | None,
    check: bool,
) -> Verdict:
    """Run the checks on the branch at `commit` (`check`), or recall that they failed on
    it in an earlier run; say whether it may be pushed."""
    marker = f"{FAILED_CHECKS}/{branch}"
    if check:
        results = branch_check_results(engine, repo, branch, golden_path)
        failed = [name for name, passed in results.items() if not passed]
        if failed:
            git.run(repo, "update-ref", marker, commit)
            return Verdict(CHECKS_FAILED, results, f"failed: {', '.join(failed)}; not pushed")
        if marker in refs:  # a deletion locks packed-refs: none when there is no marker
            git.run(repo, "update-ref", "-d", marker, check=False)
        return Verdict(CHECKS_PASSED, results)
    if refs.get(marker) == commit:
        return Verdict(
            CHECKS_FAILED,
            refusal=f"its checks failed on {branch} in an earlier rollout; not pushed: "
            "mend the branch, or rerun with --check",
        )
    return Verdict()


def branch_check_results(
    engine: Engine, repo: Path, branch: str, golden_path: str | None
) -> dict[str, bool]:
    """Run the golden path's checks on the update branch, in a throwaway work tree;
    return whether each passed, by name."""
    from ..golden_paths.checks import run_checks

    workspace = engine.workspace
    path = workspace.golden_path(golden_path or "")
    folder = check_folder(workspace.index_dir)
    tree = folder / repo.name
    git.run(repo, "worktree", "add", "--quiet", "--detach", str(tree), branch)
    try:
        results = run_checks(tree, path, venv=folder / "venv")
        return {check.name: check.passed for check in results}
    finally:
        git.run(repo, "worktree", "remove", "--force", str(tree), check=False)
        shutil.rmtree(folder, ignore_errors=True)
        git.run(repo, "worktree", "prune", check=False)
