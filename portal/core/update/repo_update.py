"""One repo of a rollout: its update computed, committed to its branch, checked, pushed.

The update is computed from the repo's default branch and committed to
`paved/update-<version>` with git plumbing (the default branch, the index and the work
tree are never written). Conflicts are reported (or committed to the branch with
`--on-conflict branch`), checks run on request, and the branch is pushed where the repo
has a remote. Every outcome is a `RepoResult` that says what happened: whether the
branch is on the remote and whether its checks passed, failed or did not run. A rerun
that finds the branch already made says `current`, not `updated` again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import PortalError, RepoBusyError
from ..git import commands as git
from .branch_checks import checks_verdict
from .check_folders import CHECKS
from .journal import RepoResult
from .project import (
    Engine,
    ProjectUpdate,
    commit_message,
    commit_update,
    is_downgrade,
    plan_update,
    unified_diff,
)
from .repo_lock import working_on
from .workers import orphaned

NO_GOLDEN_PATH = "no golden path: link one with `paved adopt DIR --path NAME`"


@dataclass(frozen=True)
class RepoTask:
    """What a worker is asked to do to one repo."""

    project: str
    repo: str | None
    golden_path: str | None
    to_tag: str
    rollout: str
    dry_run: bool
    check: bool
    push: bool
    on_conflict: str
    skip: str = ""  # why it is left alone, settled before the rollout starts
    push_conflicts: bool = False
    allow_downgrade: bool = False
    diff: bool = False
    wave: int | None = None


def branch_name(tag: str) -> str:
    return f"paved/update-{tag.removeprefix('v')}"


def update_repo(engine: Engine, task: RepoTask) -> RepoResult:
    """Update one repo for a rollout; every failure becomes a result, never a raise."""

    def result(status: str, detail: str = "", from_version: str | None = None) -> RepoResult:
        return RepoResult(
            task.project,
            task.repo,
            status,
            from_version,
            task.to_tag,
            detail=detail,
            wave=task.wave,
        )

    if not task.golden_path:
        return result("skipped", NO_GOLDEN_PATH)
    if task.skip:
        return result("skipped", task.skip)
    repo = Path(task.repo) if task.repo else None
    if repo is None or not (repo / ".git").exists():
        return result("skipped", f"repo not found at {task.repo}")
    if task.dry_run:  # reads only: no need to wait for another paved at work there
        return _update(engine, task, repo, result)
    checks = engine.workspace.index_dir / CHECKS
    try:
        with working_on(repo, checks):
            return _update(engine, task, repo, result)
    except RepoBusyError as error:
        return result("skipped", error.message)
    except PortalError as error:  # the repo's git folder could not be found
        return result("error", error.message)


def _update(
    engine: Engine, task: RepoTask, repo: Path, result: Callable[..., RepoResult]
) -> RepoResult:
    try:
        current, dirty = git.state(repo)
        if dirty:
            shown = ", ".join(dirty[:3]) + (f" and {len(dirty) - 3} more" if len(dirty) > 3 else "")
            return result("skipped", f"uncommitted changes: {shown}")
        refs = git.branches(repo)
        base = git.default_branch(repo, refs, current)
        if base is None:
            return result("skipped", "no default branch to update from")
        update = plan_update(
            engine, repo, task.to_tag, f"refs/heads/{base}", git.commit_of(refs, base)
        )
        if is_downgrade(update) and not task.allow_downgrade:
            return result(
                "skipped",
                f"it is on {update.from_version}, newer than {task.to_tag}: pass "
                "--allow-downgrade to take it back",
                from_version=update.from_version,
            )
        if update.current:
            return result(
                "current",
                f"{task.to_tag} changes none of its files",
                from_version=update.from_version,
            )
        return _apply(engine, task, repo, update, refs, base)
    except PortalError as error:
        return result("error", error.message)
    except Exception as error:  # a rollout reports every repo; one failure stops nothing
        return result("error", f"{type(error).__name__}: {error}")


def _apply(
    engine: Engine,
    task: RepoTask,
    repo: Path,
    update: ProjectUpdate,
    refs: dict[str, str],
    base: str,
) -> RepoResult:
    branch = branch_name(task.to_tag)
    conflicts = update.conflicts

    def result(status: str, detail: str = "", on_branch: str | None = None) -> RepoResult:
        if update.reconcile:
            kept = f"reconcile (edited, dropped by {task.to_tag}): {', '.join(update.reconcile)}"
            detail = f"{detail}; {kept}" if detail else kept
        return RepoResult(
            task.project,
            task.repo,
            status,
            update.from_version,
            task.to_tag,
            branch=on_branch,
            changed=update.changed,
            conflicts=conflicts,
            detail=detail,
            marks=update.marks,
            kept=update.kept,
            reconcile=update.reconcile,
            base=base,
            wave=task.wave,
        )

    if conflicts and task.on_conflict == "report":
        files = ", ".join(c.file for c in conflicts)
        return result("conflict", f"left as it was; conflicts in {files}")
    if task.dry_run:
        status = "conflict" if conflicts else "updated"
        said = result(
            status, f"would conflict in {', '.join(c.file for c in conflicts)}" if conflicts else ""
        )
        if task.diff:
            said.diff = unified_diff(update)
        return said
    commit, tree = commit_update(update, commit_message(update, task.rollout))
    existing = refs.get(f"refs/heads/{branch}")
    if existing is not None:
        if git.run(repo, "rev-parse", f"{existing}^{{tree}}") != tree:
            return result(
                "skipped", f"branch {branch} exists with other content; delete it to roll out again"
            )
        commit = existing
    else:
        git.create_branch(repo, branch, commit)
    remotes = git.run(repo, "remote").split() if task.push or task.push_conflicts else []
    if conflicts:
        if not (task.push_conflicts and remotes):
            return result("conflict", f"conflict markers committed to {branch}", branch)
        said = result("conflict", f"conflict markers committed to {branch}", branch)
        _pushed(said, repo, remotes[0], branch)
        said.detail += f", pushed to {remotes[0]}"
        return said
    verdict = checks_verdict(engine, repo, branch, commit, refs, task.golden_path, task.check)
    if verdict.refusal:
        said = result("check-failed", verdict.refusal, branch)
    elif existing is not None and not _made_by(repo, existing, task.rollout):
        # An earlier rollout made this very branch: nothing new.
        said = result("current", f"{branch} already holds {task.to_tag} (an earlier run)", branch)
    else:
        said = result("updated", "", branch)
    said.checks, said.check_results = verdict.checks, verdict.results
    if remotes and not verdict.refusal:
        now = _pushed(said, repo, remotes[0], branch)
        if now and said.status == "current":
            said.detail += f"; pushed to {remotes[0]} now"
    return said


def _made_by(repo: Path, commit: str, rollout: str) -> bool:
    """Whether `commit` is this rollout's own (made before a kill cut its journal short)."""
    message = git.run(repo, "show", "--no-patch", "--format=%B", commit)
    return f"Paved-Rollout: {rollout}" in message.splitlines()


def _pushed(said: RepoResult, repo: Path, remote: str, branch: str) -> bool:
    """Push the branch and record it in the result; whether the remote had to take it
    (False: it already held that commit)."""
    if orphaned():  # unjournaled, a push is for the resumed rollout to make
        raise SystemExit("the rollout's main process is gone; not pushing")
    output = git.run(
        repo, "push", "--porcelain", remote, f"refs/heads/{branch}:refs/heads/{branch}"
    )
    said.pushed = True
    said.remote = git.run(repo, "remote", "get-url", remote, check=False) or remote
    flags = [line[:1] for line in output.splitlines() if "\t" in line]
    return any(flag != "=" for flag in flags)
