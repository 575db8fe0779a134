"""The drift report: who is behind, and whether catching up would change anything.

A newer tag is not drift by itself: a release that changes nothing a project
renders leaves it current. So each project's update to the latest version is
computed (renders and merge, nothing written) to say whether its files would change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog.index import open_index
from ..catalog.pins import consumers_behind
from ..errors import PortalError
from ..git import commands as git
from ..reporting import NullReporter, Reporter
from ..workspace.model import Workspace
from .journal import last_results
from .project import Engine, plan_update
from .rollout import NO_GOLDEN_PATH, RolloutRequest, Selected, select
from .targets import targets
from .workers import run_parallel


@dataclass
class DriftRecord:
    project: str
    owner: str | None
    golden_path: str | None
    repo: str | None
    version: str | None  # the project's template version
    latest: str
    drift: bool | None  # True: the latest changes its files; None: unknown
    last_rollout: str | None  # its result in the latest rollout that reached it
    detail: str = ""
    conflicts: list[str] = field(default_factory=list)  # files the update would conflict in
    # The datasets it reads in an older major version than published: "DATASET: why".
    contracts_behind: list[str] = field(default_factory=list)
    # What a rollout to the latest would do: the files it changes, each conflict's lines
    # ("FILE lines A-B"), and the checks it would run on the update branch.
    changes: list[str] = field(default_factory=list)
    conflict_lines: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Probe:
    project: Selected
    latest: str


def fleet_status(
    workspace: Workspace,
    *,
    owner: str | None = None,
    golden_path: str | None = None,
    only: tuple[str, ...] | list[str] = (),
    jobs: int = 1,
    reporter: Reporter | None = None,
    on_record: Callable[[DriftRecord], None] | None = None,
) -> list[DriftRecord]:
    """Every selected catalog project's version, the latest, and its content drift;
    `on_record` gets each record as soon as it is computed."""
    reporter = reporter or NullReporter()
    projects = select(
        workspace, RolloutRequest(owner=owner, golden_path=golden_path, only=list(only))
    )
    latest, outside = targets(workspace, {project.golden_path for project in projects}, None)
    last = last_results(workspace.index_dir)
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        behind = consumers_behind(index)
    found: dict[str, DriftRecord] = {}
    reporter.start(f"Comparing {len(projects)} projects with {latest}", total=len(projects))
    try:
        probes = [
            _Probe(project, outside.get(project.golden_path, latest) if project.golden_path else "")
            for project in projects
        ]
        for record in run_parallel(workspace, probe_drift, probes, jobs):
            previous = last.get(record.project)
            record.last_rollout = previous.status if previous else None
            record.contracts_behind = behind.get(record.project, [])
            found[record.project] = record
            if on_record is not None:
                on_record(record)
            reporter.advance(record.project)
    finally:
        reporter.finish()
    return [found[project.name] for project in projects]


def probe_drift(engine: Engine, probe: _Probe) -> DriftRecord:
    """One project's drift, computed from its default branch; never raises."""
    project = probe.project
    record = DriftRecord(
        project.name,
        project.owner,
        project.golden_path,
        project.repo,
        None,
        probe.latest,
        None,
        None,
    )
    if not project.golden_path:
        record.detail = NO_GOLDEN_PATH
        return record
    repo = Path(project.repo) if project.repo else None
    if repo is None or not (repo / ".git").exists():
        record.detail = f"repo not found at {project.repo}"
        return record
    try:
        refs = git.branches(repo)
        base = git.default_branch(repo, refs, git.current_branch(repo))
        ref = f"refs/heads/{base}" if base else "HEAD"
        commit = git.commit_of(refs, base)
        update = plan_update(engine, repo, probe.latest, ref, commit, run_tasks=False)
    except PortalError as error:
        record.detail = error.message
        return record
    record.version = update.from_version
    record.drift = not update.current
    if update.untold and record.drift:
        record.detail = f"behind by version; {update.untold}"
    record.changes = update.changed
    if update.conflicts:
        record.conflicts = [c.file for c in update.conflicts]
        record.conflict_lines = [
            f"{c.file} lines {', '.join(f'{start}-{end}' for start, end in c.hunks)}"
            for c in update.conflicts
        ]
        record.detail = f"would conflict in {'; '.join(record.conflict_lines)}"
    elif update.changed:
        record.checks = [
            check.name for check in engine.workspace.golden_path(project.golden_path).checks
        ]
        shown = ", ".join(update.changed[:3]) + (
            f" and {len(update.changed) - 3} more" if len(update.changed) > 3 else ""
        )
        checks = f"; checks: {', '.join(record.checks)}" if record.checks else ""
        record.detail = f"would change {shown}{checks}"
    return record
