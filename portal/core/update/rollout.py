"""A rollout: one template version applied across the catalog's projects.

Each selected project is updated on its own branch (`paved/update-<version>`) from its
default branch (`repo_update`), and every result is journaled as it comes, so a killed
rollout resumes where it stopped (`resume`). With `--waves`, the repos go in waves
(`waves`): each wave's checks run, and the next wave starts only when the last one's
failures stay within `--max-failed`; a stopped rollout goes on with `--resume` once a
fix is released (what is left takes the newer version) or with `--force-wave`. For each
branch it makes, a rollout writes the pull request's description (`describe`). Copier's
renderer changes the working directory, so repos run in parallel across worker
processes (`workers`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BadInputError, ExitCode
from ..reporting import NullReporter, Reporter
from ..workspace.model import Workspace
from .check_folders import clean_stale
from .describe import Describer
from .journal import FAILED, Journal, RepoResult, open_journals
from .repo_update import NO_GOLDEN_PATH, RepoTask, update_repo
from .resume import original_request, resumed_request
from .selection import RolloutRequest, Selected, in_shard, parse_shard, select
from .targets import targets
from .waves import (
    FORCED,
    PASSED,
    STOPPED,
    WaveReport,
    allowed,
    describe_failure,
    parse_max_failed,
    parse_sizes,
    plan,
    reports,
)
from .workers import run_parallel

__all__ = ["NO_GOLDEN_PATH", "RolloutRequest", "RolloutResult", "Selected", "report", "select"]


@dataclass
class RolloutResult:
    id: str
    to_version: str
    dry_run: bool
    results: list[RepoResult]
    waves: list[WaveReport] = field(default_factory=list)  # with --waves: each wave
    stopped: int | None = None  # the wave whose gate held the next one back
    waiting: int = 0  # repos of the waves a stop held back
    gated: bool = False  # a report asked with --max-failed: it exits as its gate says

    @property
    def exit_code(self) -> ExitCode:
        if self.stopped is not None:
            return ExitCode.PROBLEM
        if self.gated:
            return ExitCode.OK
        statuses = {result.status for result in self.results}
        if "error" in statuses:
            return ExitCode.PARTIAL
        if statuses & {"conflict", "check-failed"}:
            return ExitCode.PROBLEM
        return ExitCode.OK


@dataclass
class _Run:
    """A rollout under way: its journal, what it goes to, and its results so far."""

    workspace: Workspace
    request: RolloutRequest
    journal: Journal
    projects: list[Selected]
    waves: list[list[str]]
    to_tag: str
    outside: dict[str, str]
    results: dict[str, RepoResult] = field(default_factory=dict)
    on_result: Callable[[RepoResult], None] | None = None
    reporter: Reporter = field(default_factory=NullReporter)


def run_rollout(
    workspace: Workspace,
    request: RolloutRequest,
    reporter: Reporter | None = None,
    on_result: Callable[[RepoResult], None] | None = None,
) -> RolloutResult:
    """Roll a template version out across the selected projects, journaling each; in
    waves, each gated by the last, when asked."""
    reporter = reporter or NullReporter()
    run = _resume(workspace, request) if request.resume else _start(workspace, request)
    run.reporter, run.on_result = reporter, on_result
    if run.request.check or run.request.waves:  # what a check killed last time left behind
        clean_stale(workspace.index_dir, [Path(p.repo) for p in run.projects if p.repo])
    verb = "Dry run" if run.request.dry_run else "Rolling out"
    total = len(run.projects)
    reporter.start(f"{verb}: {run.to_tag} to {total} projects", total=total)
    reporter.advance(steps=len(run.results))
    try:
        stopped = _run_waves(run)
    finally:
        reporter.finish()
    mine = {project.name for project in run.projects}
    waiting = sum(
        1 for names in run.waves[stopped or len(run.waves) :] for name in names if name in mine
    )
    ordered = [run.results[p.name] for p in run.projects if p.name in run.results]
    waves = _reports(run.journal, run.results) if run.request.waves else []
    return RolloutResult(
        run.journal.id, run.to_tag, run.request.dry_run, ordered, waves, stopped, waiting
    )


def _start(workspace: Workspace, request: RolloutRequest) -> _Run:
    sizes = parse_sizes(request.waves) if request.waves else None
    parse_max_failed(request.max_failed)
    if request.wave is not None and (sizes is None or not 1 <= request.wave <= len(sizes)):
        raise BadInputError(
            f"invalid --wave {request.wave}",
            "--wave N goes with --waves, N from 1 to the number of waves",
        )
    if request.force_wave:
        raise BadInputError("--force-wave goes with --resume", "paved update --all --resume ID")
    everyone = select(workspace, request, sharded=False)
    shard = parse_shard(request.shard) if request.shard else None
    projects = [p for p in everyone if shard is None or in_shard(p.name, shard)]
    # Every version settled, and outside templates checked for trust, before any render.
    to_tag, outside = targets(workspace, {p.golden_path for p in everyone}, request.to)
    if sizes is not None:
        paths = [(p.name, p.golden_path) for p in everyone]
        waves = plan(workspace, paths, sizes, to_tag, outside)
    else:
        waves = [[p.name for p in projects]]
    journal = Journal.create(
        workspace.index_dir,
        {
            "to_version": to_tag,
            "targets": outside,
            "workspace": str(workspace.root),
            "request": request.model_dump(exclude={"jobs", "resume", "force_wave"}),
            "projects": projects,
            "waves": waves if sizes is not None else None,
        },
    )
    return _Run(workspace, request, journal, projects, waves, to_tag, outside)


def _resume(workspace: Workspace, asked: RolloutRequest) -> _Run:
    journal = Journal.open(workspace.index_dir, asked.resume or "")
    request, changes = resumed_request(journal, asked)
    parse_max_failed(request.max_failed)
    projects = [Selected(*item) for item in journal.meta["projects"]]
    waves = _waves_of(journal) or [[p.name for p in projects]]
    # What is left goes to the version asked now, else to the newest (a fix released
    # since the rollout stopped), unless the rollout was started with --to.
    to_tag, outside = targets(workspace, {p.golden_path for p in projects}, request.to)
    if changes or request.force_wave or to_tag != journal.meta["to_version"]:
        journal.record_event(
            {
                "event": "resume",
                "changes": changes,
                "force_wave": request.force_wave,
                "version": to_tag,
            }
        )
    results = journal.results()
    return _Run(workspace, request, journal, projects, waves, to_tag, outside, results)


def _waves_of(journal: Journal) -> list[list[str]] | None:
    waves = journal.meta.get("waves")
    if waves is None:
        return None
    if not (isinstance(waves, list) and all(isinstance(w, list) for w in waves)):
        raise BadInputError(
            f"{journal.folder / 'rollout.json'} is damaged (its waves are not lists of names)",
            "that rollout cannot be resumed; start a new one with `paved update --all`",
        )
    return waves


def _run_waves(run: _Run) -> int | None:
    """Each wave in turn (or the one asked for), gated; the wave that stopped, if any."""
    request, journal = run.request, run.journal
    in_waves = bool(request.waves)
    gates = {e["wave"]: e for e in journal.events() if e["event"] == "gate"}
    limit = parse_max_failed(request.max_failed)
    for number, names in enumerate(run.waves, start=1):
        if request.wave is not None and number != request.wave:
            continue
        wanted = set(names)
        members = [p for p in run.projects if p.name in wanted]
        gate = gates.get(number, {})
        if gate.get("gate") in (PASSED, FORCED):
            continue
        redo: set[str] = set()
        if gate.get("gate") == STOPPED and gate.get("version") != run.to_tag:
            redo = {p.name for p in members if run.results[p.name].status in FAILED}
        pending = [p for p in members if p.name not in run.results or p.name in redo]
        if pending and in_waves:
            journal.record_event(
                {"event": "wave", "wave": number, "version": run.to_tag, "repos": len(pending)}
            )
        _run_repos(run, pending, number if in_waves else None)
        last = number == len(run.waves)
        if not in_waves or last or request.wave is not None or request.dry_run:
            continue
        failed = [
            describe_failure(run.results[p.name])
            for p in members
            if p.name in run.results and run.results[p.name].status in FAILED
        ]
        held = len(failed) > allowed(limit, len(members))
        forced = held and request.force_wave and gate.get("gate") == STOPPED
        outcome = FORCED if forced else STOPPED if held else PASSED
        journal.record_event(
            {
                "event": "gate",
                "wave": number,
                "gate": outcome,
                "version": run.to_tag,
                "failed": failed,
                "allowed": allowed(limit, len(members)),
            }
        )
        if outcome == STOPPED:
            return number
    return None


def _run_repos(run: _Run, pending: list[Selected], wave: int | None) -> None:
    request = run.request
    check = request.check or (bool(request.waves) and not request.dry_run)
    tasks = [
        RepoTask(
            name,
            repo,
            path,
            run.outside.get(path or "", run.to_tag),
            run.journal.id,
            request.dry_run,
            check,
            request.push,
            "branch" if request.push_conflicts else request.on_conflict,
            _gone(run.workspace, path),
            request.push_conflicts,
            request.allow_downgrade,
            request.diff,
            wave,
        )
        for name, repo, path, _ in pending
    ]
    describer = Describer(run.workspace)
    paths = {p.name: p.golden_path for p in pending}
    for result in run_parallel(run.workspace, update_repo, tasks, request.jobs):
        run.journal.record(result)
        if result.branch and not request.dry_run:
            text = describer.describe(result, paths.get(result.project))
            run.journal.write_description(result.project, text)
        run.results[result.project] = result
        if run.on_result is not None:
            run.on_result(result)
        run.reporter.advance(f"{result.project}: {result.status}")


def _gone(workspace: Workspace, golden_path: str | None) -> str:
    if golden_path and golden_path not in workspace.golden_paths:
        return f"its golden path {golden_path} is no longer in the workspace"
    return ""


def _reports(journal: Journal, results: dict[str, RepoResult]) -> list[WaveReport]:
    waves = _waves_of(journal) or []
    limit = parse_max_failed(original_request(journal).max_failed)
    return reports(waves, results, journal.events(), limit)


def report(
    workspace: Workspace,
    rollout_ids: list[str],
    files: bool = False,
    max_failed: str | None = None,
) -> RolloutResult:
    """Merge the journals of rollouts (the shards of one, typically) into one report;
    with `files`, `rollout_ids` are journal folders or files (CI artifacts). With
    `max_failed`, the report is a gate: it stops (exit 1) when a wave reported has more
    failures than that."""
    limit = parse_max_failed(max_failed) if max_failed is not None else None
    journals = open_journals(workspace.index_dir, rollout_ids, files)
    versions = {journal.meta["to_version"] for journal in journals}
    if len(versions) > 1:
        raise BadInputError(
            f"those rollouts go to different versions: {', '.join(sorted(versions))}",
            "report the shards of one rollout together",
        )
    merged: dict[str, RepoResult] = {}
    dry_run = False
    events = []
    for journal in journals:
        merged.update(journal.results())
        dry_run = dry_run or bool(journal.meta["request"].get("dry_run"))
        events += journal.events()
    ordered = [merged[name] for name in sorted(merged)]
    waves = _waves_of(journals[0]) or []
    rules = limit or parse_max_failed(original_request(journals[0]).max_failed)
    shown = reports(waves, merged, events, rules)
    stopped = next((wave.number for wave in shown if wave.gate == STOPPED), None)
    if limit is not None:  # the gate of the waves reported, over every shard's results
        stopped = next(
            (w.number for w in shown if w.done and len(w.failed) > allowed(limit, w.size)), None
        )
        if not waves:
            failures = sum(1 for result in ordered if result.status in FAILED)
            stopped = 1 if failures > allowed(limit, len(ordered)) else None
    # The version of the rollout's last part: a resume after a fix release moves it.
    moved = [event["version"] for event in events if event["event"] == "resume"]
    version = moved[-1] if moved else versions.pop()
    ids = "+".join(j.id for j in journals)
    gated = limit is not None
    return RolloutResult(ids, version, dry_run, ordered, shown, stopped, gated=gated)


def repo_result(result: RolloutResult, project: str) -> RepoResult:
    """One project's result in a report; an unknown name is bad input."""
    for item in result.results:
        if item.project == project:
            return item
    from ..naming import closest

    near = closest(project, [item.project for item in result.results])
    raise BadInputError(
        f"no project {project!r} in rollout {result.id}",
        f"did you mean {', '.join(near)}?" if near else "see the rollout's projects in its report",
    )
