"""A rollout: one template version applied across the catalog's projects.

Each selected project is updated on its own branch (`paved/update-<version>`) from
its default branch, never on the default branch itself; conflicts are reported (or
committed to the branch with `--on-conflict branch`), checks run on request, and
the branch is pushed where the repo has a remote. Every result is journaled as it
comes, so a killed rollout resumes where it stopped. Copier's renderer changes the
working directory, so repos run in parallel across worker processes (`workers`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple

from pydantic import BaseModel, Field

from ..catalog.index import open_index
from ..catalog.queries import require_team, unknown
from ..errors import BadInputError, ExitCode, PortalError, RepoBusyError
from ..git import commands as git
from ..reporting import NullReporter, Reporter
from ..workspace.model import Workspace
from .branch_checks import checks_refusal
from .check_folders import CHECKS, clean_stale
from .journal import Journal, RepoResult
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
from .targets import targets
from .workers import orphaned, run_parallel

NO_GOLDEN_PATH = "no golden path: link one with `paved adopt DIR --path NAME`"


class RolloutRequest(BaseModel):
    """What `paved update --all` is asked: the version, the selection, the options."""

    to: str | None = None
    owner: str | None = None
    golden_path: str | None = None
    only: list[str] = Field(default_factory=list)
    shard: str | None = None
    dry_run: bool = False
    check: bool = False
    push: bool = False
    on_conflict: Literal["report", "branch"] = "report"
    push_conflicts: bool = False  # push branches with conflict markers, for owners to resolve
    allow_downgrade: bool = False
    diff: bool = False  # a dry run: each repo's unified diff
    jobs: int = 1
    resume: str | None = None


@dataclass
class RolloutResult:
    id: str
    to_version: str
    dry_run: bool
    results: list[RepoResult]

    @property
    def exit_code(self) -> ExitCode:
        statuses = {result.status for result in self.results}
        if "error" in statuses:
            return ExitCode.PARTIAL
        if statuses & {"conflict", "check-failed"}:
            return ExitCode.PROBLEM
        return ExitCode.OK


@dataclass(frozen=True)
class _Task:
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


def branch_name(tag: str) -> str:
    return f"paved/update-{tag.removeprefix('v')}"


def parse_shard(text: str) -> tuple[int, int]:
    try:
        number, total = (int(part) for part in text.split("/"))
    except ValueError:
        number = total = 0
    if not 1 <= number <= total:
        raise BadInputError(f"invalid shard {text!r}", "use K/N with 1 <= K <= N, e.g. 2/4")
    return number, total


def in_shard(project: str, shard: tuple[int, int]) -> bool:
    """Whether a project falls in shard K of N: stable across runs and machines."""
    number, total = shard
    digest = hashlib.sha256(project.encode()).digest()
    return int.from_bytes(digest[:8], "big") % total == number - 1


class Selected(NamedTuple):
    name: str
    repo: str | None
    golden_path: str | None
    owner: str | None


def select(workspace: Workspace, request: RolloutRequest) -> list[Selected]:
    """The catalog's projects a request covers."""
    if request.golden_path is not None:
        workspace.golden_path(request.golden_path)
    shard = parse_shard(request.shard) if request.shard else None
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        if request.owner is not None:
            require_team(index, request.owner)
        rows = index.entities(
            kind="Component", owner=request.owner, golden_path=request.golden_path
        )
        by_name = {row["name"]: row for row in rows}
        for name in request.only:
            if name not in by_name:
                if index.entity(name, ("Component",)) is None:
                    raise unknown(index, name, "project")
                raise BadInputError(
                    f"{name!r} is not selected by --owner/--path", "drop the filter or the name"
                )
        names = request.only or list(by_name)
        return [
            Selected(
                name, by_name[name]["repo"], by_name[name]["golden_path"], by_name[name]["owner"]
            )
            for name in sorted(set(names))
            if shard is None or in_shard(name, shard)
        ]


def run_rollout(
    workspace: Workspace,
    request: RolloutRequest,
    reporter: Reporter | None = None,
    on_result: Callable[[RepoResult], None] | None = None,
) -> RolloutResult:
    """Roll a template version out across the selected projects, journaling each."""
    reporter = reporter or NullReporter()
    if request.resume:
        journal = Journal.open(workspace.index_dir, request.resume)
        request = RolloutRequest.model_validate(
            {**journal.meta["request"], "jobs": request.jobs, "resume": journal.id}
        )
        to_tag = journal.meta["to_version"]
        outside = journal.meta.get("targets", {})
        projects = [Selected(*item) for item in journal.meta["projects"]]
        done = journal.results()
    else:
        projects = select(workspace, request)
        # Every version settled, and outside templates checked for trust, before any render.
        to_tag, outside = targets(
            workspace, {project.golden_path for project in projects}, request.to
        )
        journal = Journal.create(
            workspace.index_dir,
            {
                "to_version": to_tag,
                "targets": outside,
                "workspace": str(workspace.root),
                "request": request.model_dump(exclude={"jobs", "resume"}),
                "projects": projects,
            },
        )
        done = {}
    tasks = [
        _Task(
            name,
            repo,
            path,
            outside.get(path or "", to_tag),
            journal.id,
            request.dry_run,
            request.check,
            request.push,
            "branch" if request.push_conflicts else request.on_conflict,
            _gone(workspace, path),
            request.push_conflicts,
            request.allow_downgrade,
            request.diff,
        )
        for name, repo, path, _ in projects
        if name not in done
    ]
    if request.check:  # what a check killed last time left behind
        clean_stale(workspace.index_dir, [Path(repo) for _, repo, _, _ in projects if repo])
    results = dict(done)
    verb = "Dry run" if request.dry_run else "Rolling out"
    reporter.start(f"{verb}: {to_tag} to {len(projects)} projects", total=len(projects))
    if done:
        reporter.advance(steps=len(done))
    try:
        for result in run_parallel(workspace, update_repo, tasks, request.jobs):
            journal.record(result)
            results[result.project] = result
            if on_result is not None:
                on_result(result)
            reporter.advance(f"{result.project}: {result.status}")
    finally:
        reporter.finish()
    ordered = [results[project.name] for project in projects if project.name in results]
    return RolloutResult(journal.id, to_tag, request.dry_run, ordered)


def _gone(workspace: Workspace, golden_path: str | None) -> str:
    if golden_path and golden_path not in workspace.golden_paths:
        return f"its golden path {golden_path} is no longer in the workspace"
    return ""


def report(workspace: Workspace, rollout_ids: list[str], files: bool = False) -> RolloutResult:
    """Merge the journals of rollouts (the shards of one, typically) into one report;
    with `files`, `rollout_ids` are journal folders or files (CI artifacts)."""
    if files:
        journals = [Journal.from_path(Path(path)) for path in rollout_ids]
    else:
        journals = [Journal.open(workspace.index_dir, rollout_id) for rollout_id in rollout_ids]
    versions = {journal.meta["to_version"] for journal in journals}
    if len(versions) > 1:
        raise BadInputError(
            f"those rollouts go to different versions: {', '.join(sorted(versions))}",
            "report the shards of one rollout together",
        )
    merged: dict[str, RepoResult] = {}
    dry_run = False
    for journal in journals:
        merged.update(journal.results())
        dry_run = dry_run or bool(journal.meta["request"].get("dry_run"))
    ordered = [merged[name] for name in sorted(merged)]
    return RolloutResult("+".join(j.id for j in journals), versions.pop(), dry_run, ordered)


def update_repo(engine: Engine, task: _Task) -> RepoResult:
    """Update one repo for a rollout; every failure becomes a result, never a raise."""

    def result(status: str, detail: str = "", from_version: str | None = None) -> RepoResult:
        return RepoResult(task.project, task.repo, status, from_version, task.to_tag, detail=detail)

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
    engine: Engine, task: _Task, repo: Path, result: Callable[..., RepoResult]
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
        return _apply(engine, task, repo, update, refs)
    except PortalError as error:
        return result("error", error.message)
    except Exception as error:  # a rollout reports every repo; one failure stops nothing
        return result("error", f"{type(error).__name__}: {error}")


def _apply(
    engine: Engine, task: _Task, repo: Path, update: ProjectUpdate, refs: dict[str, str]
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
    if conflicts:
        remotes = git.run(repo, "remote").split() if task.push_conflicts else []
        if not remotes:
            return result("conflict", f"conflict markers committed to {branch}", branch)
        _push(repo, remotes[0], branch)
        return result(
            "conflict", f"conflict markers committed to {branch}, pushed to {remotes[0]}", branch
        )
    refused = checks_refusal(engine, repo, branch, commit, refs, task.golden_path, task.check)
    if refused:
        return result("check-failed", refused, branch)
    remotes = git.run(repo, "remote").split() if task.push else []
    if remotes:
        _push(repo, remotes[0], branch)
    return result("updated", "", branch)


def _push(repo: Path, remote: str, branch: str) -> None:
    if orphaned():  # unjournaled, a push is for the resumed rollout to make
        raise SystemExit("the rollout's main process is gone; not pushing")
    git.run(repo, "push", "--quiet", remote, f"refs/heads/{branch}:refs/heads/{branch}")
