"""`paved update` and `paved status`: template updates, one project or the fleet."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..core.errors import BadInputError, ExitCode, UpdateError
from . import rollout
from .coercion import not_blank

if TYPE_CHECKING:
    from ..core.update.project import ProjectUpdate
    from ..core.workspace.model import Workspace

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
JobsOption = Annotated[
    int, typer.Option("--jobs", "-j", min=1, help="Repos worked on in parallel (processes).")
]
OwnerOption = Annotated[str | None, typer.Option("--owner", help="Only this team's projects.")]
PathOption = Annotated[
    str | None, typer.Option("--path", help="Only projects on this golden path.")
]
OnlyOption = Annotated[
    list[str] | None, typer.Option("--only", help="Only this project (repeatable).")
]


def register(app: typer.Typer) -> None:
    app.command("status")(status_command)
    app.command("update")(update_command)


def status_command(
    ctx: typer.Context,
    owner: OwnerOption = None,
    golden_path: PathOption = None,
    only: OnlyOption = None,
    edits: Annotated[
        bool,
        typer.Option(
            "--edits",
            help="What owners keep editing: for each managed file of each golden path, "
            "how many repos changed it against their version's render, and the commonest "
            "edits.",
        ),
    ] = False,
    jobs: JobsOption = 1,
    as_json: JsonOption = False,
) -> ExitCode:
    """Drift report: each project's template version, the latest, and whether the
    latest would change its files (--edits: what owners keep editing)."""
    from ..core.update.status import fleet_status

    state = ctx.obj
    if edits:
        from .owner_edits import show_edits

        return show_edits(state, owner, golden_path, only, jobs, as_json)
    records = fleet_status(
        state.workspace,
        owner=owner,
        golden_path=golden_path,
        only=only or (),
        jobs=jobs,
        reporter=state.output.progress(enabled=not as_json),
    )
    if as_json:
        state.output.json(records)
    else:
        show_status(state.output, records)
    return ExitCode.OK


def show_status(output: Any, records: list[Any]) -> None:
    """The drift table `paved status` prints (and `paved release --dry-run`, the same)."""
    if not records:
        output.line("No projects in the catalog.")
        return
    drift = {True: "yes", False: "no", None: "unknown"}
    output.table(
        ["project", "owner", "golden path", "version", "latest", "drift", "last rollout", "detail"],
        [
            (
                r.project,
                r.owner,
                r.golden_path,
                r.version,
                r.latest,
                drift[r.drift],
                r.last_rollout,
                r.detail,
            )
            for r in records
        ],
    )
    for r in records:
        for line in r.contracts_behind:
            output.line(f"{r.project} is behind on {line}")


def update_command(
    ctx: typer.Context,
    target: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PROJECT_DIR] | report ROLLOUT_ID... | report --merge JOURNAL...",
            help="The project to update in place (default: the current folder); "
            "or `report` and rollout ids (or, with --merge, journal folders) to merge.",
            show_default=False,
        ),
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", callback=not_blank, help="Version (default: the latest).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would change; write nothing.")
    ] = False,
    diff: Annotated[bool, typer.Option("--diff", help="With --dry-run: the unified diff.")] = False,
    fleet: Annotated[
        bool, typer.Option("--all", help="Roll out across the catalog, a branch per repo.")
    ] = False,
    owner: OwnerOption = None,
    golden_path: PathOption = None,
    only: OnlyOption = None,
    check: Annotated[
        bool, typer.Option("--check", help="Run each golden path's checks on the branch.")
    ] = False,
    push: Annotated[
        bool, typer.Option("--push", help="Push each update branch to the repo's remote.")
    ] = False,
    on_conflict: Annotated[
        str,
        typer.Option(
            "--on-conflict",
            help="report: leave the repo as it was; branch: commit the markers to the branch.",
        ),
    ] = "report",
    push_conflicts: Annotated[
        bool,
        typer.Option(
            "--push-conflicts",
            help="Commit conflict markers to the update branch and push it, for the owner "
            "to resolve in a pull request (implies --on-conflict branch).",
        ),
    ] = False,
    allow_downgrade: Annotated[
        bool,
        typer.Option("--allow-downgrade", help="Let --to take a project back to an older version."),
    ] = False,
    waves: rollout.WavesOption = None,
    max_failed: rollout.MaxFailedOption = "0",
    wave: rollout.WaveOption = None,
    force_wave: rollout.ForceWaveOption = False,
    jobs: JobsOption = 1,
    resume: Annotated[
        str | None,
        typer.Option(
            "--resume",
            callback=not_blank,
            help="Finish the rollout with this id; --check, --push, --to and --max-failed "
            "given with it apply to what is left.",
        ),
    ] = None,
    shard: Annotated[
        str | None,
        typer.Option("--shard", callback=not_blank, help="Take shard K of N of the fleet: K/N."),
    ] = None,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="report: the arguments are journal folders or files (shards' CI "
            "artifacts), not rollout ids.",
        ),
    ] = False,
    repo: rollout.RepoOption = None,
    form: rollout.FormatOption = "table",
    as_json: JsonOption = False,
) -> ExitCode:
    """Update projects to a template version: one in place, like `copier update`, or the
    fleet (--all) on a branch per repo, in waves when asked, with a journal to resume from."""
    target = target or []
    fleet_only = ("waves", "wave", "force_wave", "max_failed")
    if target[:1] == ["report"]:
        max_given = max_failed if rollout.given(ctx, "max_failed") else None
        return rollout.report(ctx, target[1:], merge, repo, form, max_given, as_json)
    if merge or repo or rollout.given(ctx, "form"):
        raise BadInputError(
            "--merge, --repo and --format go with `report`", "paved update report ID --repo NAME"
        )
    if on_conflict not in ("report", "branch"):
        raise BadInputError(f"invalid --on-conflict {on_conflict!r}", "use report or branch")
    if fleet or resume:
        if target:
            raise BadInputError("--all updates the catalog's projects", "leave out PROJECT_DIR")
        return rollout.roll_out(ctx, locals(), as_json)
    if owner or golden_path or only or shard or check or push or push_conflicts or any(
        rollout.given(ctx, name) for name in fleet_only
    ):
        raise BadInputError(
            "--owner, --path, --only, --shard, --check, --push, --push-conflicts, --waves, "
            "--wave, --max-failed and --force-wave go with --all",
            "add --all, or update one project with `paved update DIR`",
        )
    if len(target) > 1:
        raise BadInputError("one project at a time without --all", "pass one PROJECT_DIR")
    return _update_one(
        ctx.obj, Path(target[0] if target else "."), to, dry_run, diff, as_json, allow_downgrade
    )


def _update_one(
    state: Any,
    repo: Path,
    to: str | None,
    dry_run: bool,
    diff: bool,
    as_json: bool,
    allow_downgrade: bool = False,
) -> ExitCode:
    from ..core.git import commands as git
    from ..core.git.commands import refuse_dirty
    from ..core.update.in_place import apply_in_place
    from ..core.update.project import Engine, is_downgrade, plan_update

    repo = repo.resolve()
    if not repo.is_dir() or not git.is_repo(repo):
        raise BadInputError(
            f"{repo} is not a project repo", "pass the folder of a generated project"
        )
    from ..core.update.targets import project_path, target_version

    refuse_dirty(repo)
    workspace = _workspace_for(state, repo)
    to_tag = target_version(workspace, project_path(workspace, repo), to)
    with Engine.open(workspace) as engine:
        update = plan_update(engine, repo, to_tag)
    if is_downgrade(update) and not allow_downgrade:
        raise UpdateError(
            f"{repo.name} is on {update.from_version}, newer than {to_tag}",
            "pass --allow-downgrade to take it back to an older version",
        )
    if not dry_run:
        apply_in_place(update)
    status = "current" if update.current else "conflict" if update.conflicts else "updated"
    if as_json:
        state.output.json(
            {
                "repo": str(repo),
                "status": status,
                "dry_run": dry_run,
                "from_version": update.from_version,
                "to_version": update.to_version,
                "changed": update.changed,
                "conflicts": update.conflicts,
                "reconcile": update.reconcile,
            }
        )
    else:
        _show_one(state, update, status, dry_run, diff)
    for path in update.reconcile:
        state.output.warn(
            f"reconcile: {path}: you edited it and {update.to_version} no longer has it (its "
            "work moved to the platform runtime): carry your change over, then delete it"
        )
    for conflict in update.conflicts:
        hunks = ", ".join(f"lines {start}-{end}" for start, end in conflict.hunks)
        state.output.warn(f"conflict: {conflict.file} ({hunks})")
    if update.conflicts:
        if not dry_run:
            state.output.warn("resolve the markers, then commit; `git status` lists the files")
        return ExitCode.PROBLEM
    return ExitCode.OK


def _workspace_for(state: Any, repo: Path) -> Workspace:
    """The workspace a project was made from, when paved was not told which."""
    from ..core.errors import UpdateError
    from ..core.filenames import CONFIG_FILE
    from ..core.update.project import recorded_answers
    from ..core.workspace.model import Workspace

    if state.explicit_workspace:
        return state.workspace
    try:
        source = Path(str(recorded_answers(repo).get("_src_path", "")))
    except UpdateError:  # a cookiecutter project: its template is an outside path
        return state.workspace
    if source.is_dir() and (source / CONFIG_FILE).is_file():
        return Workspace(source)
    return state.workspace


def _show_one(state: Any, update: ProjectUpdate, status: str, dry_run: bool, diff: bool) -> None:
    output = state.output
    name = update.repo.name
    if update.current:
        if update.from_version == update.to_version:
            output.line(f"{name}: already at {update.to_version}; nothing to do.")
        else:
            output.line(f"{name}: {update.to_version} changes none of its files; nothing to do.")
        return
    verb = "would change" if dry_run else "changed"
    output.line(
        f"{name}: {update.from_version} → {update.to_version}, {verb} {len(update.changed)} files"
    )
    assert update.merge is not None
    for path in update.changed:
        output.line(f"  {update.merge.mark(path)} {path}")
    if dry_run and diff:
        _print_diff(state, update)


def _print_diff(state: Any, update: ProjectUpdate) -> None:
    from ..core.update.project import unified_diff

    state.output.line(unified_diff(update))
