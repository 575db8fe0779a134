"""Repos into and out of the catalog: `paved adopt` registers existing repos (one, or
every repo below a folder), linked to their golden paths where they record one;
`paved catalog remove` takes a project out; `paved catalog refresh` re-reads them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.errors import BadInputError, ExitCode
from ..core.reporting import tally
from .coercion import not_blank

if TYPE_CHECKING:
    from ..core.projects.adopt import AdoptResult
    from ..core.projects.adopt_scan import ScanResult

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def register(app: typer.Typer, catalog: typer.Typer) -> None:
    app.command("adopt")(adopt_command)
    catalog.command("remove")(remove_command)
    catalog.command("refresh")(refresh_command)


def adopt_command(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(help="The repo to adopt (a git repo); not with --scan or --from."),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            "-o",
            help="Owning team (default: the repo's catalog-info.yaml spec.owner, else its "
            "CODEOWNERS; with --scan, the team of repos whose files name none).",
        ),
    ] = None,
    name: Annotated[
        str | None,
        typer.Option("--name", "-n", help="Project name (default: its catalog-info.yaml's)."),
    ] = None,
    golden_path: Annotated[
        str | None,
        typer.Option(
            "--path",
            help="Link it to this golden path (default: the one its answers file records).",
        ),
    ] = None,
    version: Annotated[
        str | None,
        typer.Option(
            "--version",
            callback=not_blank,
            help="With --path: the version it matches (default: newest).",
        ),
    ] = None,
    data: Annotated[
        list[str] | None,
        typer.Option("--data", "-d", help="With --path: answer a question, key=value."),
    ] = None,
    scan: Annotated[
        Path | None,
        typer.Option("--scan", help="Adopt every git repo below this folder.", file_okay=False),
    ] = None,
    listing: Annotated[
        Path | None,
        typer.Option("--from", help="Adopt the repos this file lists, one folder a line."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what it would do; write nothing.")
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Repos looked at in parallel.")
    ] = 2,
    as_json: JsonOption = False,
) -> ExitCode:
    """Register existing git repos in the catalog. A repo made by copier or cruft is
    linked to the golden path its answers file records (nothing of it changes until an
    update); --path links one that records none (only its answers file is committed)."""
    state = ctx.obj
    if scan is not None or listing is not None:
        one = {"DIRECTORY": directory, "--name": name, "--path": golden_path}
        one |= {"--version": version, "-d": data}
        given = [flag for flag, value in one.items() if value]
        if scan is not None and listing is not None:
            given.append("--from with --scan")
        if given:
            raise BadInputError(
                f"--scan and --from adopt many repos: {given[0]} is for one",
                "adopt one repo with `paved adopt DIR`, or many with --scan DIR or --from FILE",
            )
        return _adopt_many(state, scan, listing, owner, dry_run, jobs, as_json)
    from ..core.projects.adopt import AdoptRequest, adopt
    from .new import parse_data

    request = AdoptRequest(
        repo=directory if directory is not None else Path("."),
        owner=owner,
        name=name,
        golden_path=golden_path,
        version=version,
        data=parse_data(data or []),
    )
    result = adopt(state.workspace, request, dry_run=dry_run)
    if as_json:
        state.output.json(result.model_dump(mode="json"))
    else:
        _show_one(state, result)
    return ExitCode.OK


def _show_one(state, result: AdoptResult) -> None:
    from ..core.projects.adopt_scan import unlinked_note

    output = state.output
    linked = (
        f", linked to the {result.golden_path} golden path at {result.template_version}"
        if result.golden_path
        else ", with no golden path (rollouts skip it)"
    )
    kept = f" (its {result.answers_file} kept)" if result.answers_file else ""
    verb = {"adopted": "Adopted", "updated": "Adopted again", "unchanged": "Already adopted"}
    said = verb.get(result.status, f"{result.status.capitalize()}:")
    output.line(f"{said} {result.name} ({result.repo}), owned by {result.owner}{linked}{kept}.")
    if result.committed:
        done = "Would commit" if result.status.startswith("would") else "Committed"
        output.line(f"{done} to the repo: {', '.join(result.committed)}")
    if result.status in ("adopted", "updated"):
        output.line(f"Recorded in the catalog: {result.catalog_file.name}")
    if result.unlinked_source:
        output.warn(unlinked_note(result.repo, result.unlinked_source))


def _adopt_many(
    state,
    scan: Path | None,
    listing: Path | None,
    owner: str | None,
    dry_run: bool,
    jobs: int,
    as_json: bool,
) -> ExitCode:
    from ..core.projects.adopt_scan import adopt_many, repos_below, repos_listed

    repos = repos_below(scan) if scan is not None else repos_listed(listing)  # type: ignore[arg-type]
    result = adopt_many(
        state.workspace,
        repos,
        owner,
        dry_run=dry_run,
        jobs=jobs,
        reporter=state.output.progress(enabled=not as_json),
    )
    if as_json:
        state.output.json(result.model_dump(mode="json"))
    else:
        _show_many(state, result)
    return result.exit_code


def _show_many(state, result: ScanResult) -> None:
    output = state.output
    title = "Adoption" + (" (dry run: nothing written)" if result.dry_run else "")
    output.table(
        ["repo", "result", "project", "owner", "golden path", "version", "detail"],
        [
            (
                str(item.repo),
                item.status,
                item.name,
                f"{item.owner} ({item.owner_from})" if item.owner else None,
                item.golden_path,
                item.template_version,
                item.detail,
            )
            for item in result.repos
        ],
        title=title,
    )
    summary = tally(item.status for item in result.repos)
    count = len(result.repos)
    output.warn(f"adopt: {count} repo{'' if count == 1 else 's'}: {summary or 'none found'}")


def remove_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The project to take out of the catalog.")],
    as_json: JsonOption = False,
) -> ExitCode:
    """Take a project out of the catalog (its entity file; its repo is untouched)."""
    from ..core.catalog.registration import remove_project

    workspace = ctx.obj.workspace
    removed = remove_project(
        workspace.catalog_dir,
        workspace.index_dir,
        workspace.root if workspace.is_repo else None,
        name,
    )
    entities = [f"{entity.kind} {entity.name}" for entity in removed]
    if as_json:
        ctx.obj.output.json({"removed": name, "entities": entities})
    else:
        ctx.obj.output.line(f"Removed {name} from the catalog: {', '.join(entities)}.")
    return ExitCode.OK


def refresh_command(ctx: typer.Context, as_json: JsonOption = False) -> ExitCode:
    """Re-read every registered repo's catalog-info.yaml and answers file."""
    from ..core.catalog.registration import refresh_from_repos
    from ..core.sources.answers_files import answers_file_names

    workspace = ctx.obj.workspace
    results = refresh_from_repos(
        workspace.catalog_dir,
        workspace.index_dir,
        repo=workspace.root if workspace.is_repo else None,
        answers_files=answers_file_names(workspace.golden_paths.values()),
    )
    if as_json:
        ctx.obj.output.json(results)
    else:
        ctx.obj.output.table(
            ["project", "status", "detail"], [(r.project, r.status, r.detail) for r in results]
        )
    return ExitCode.OK
