"""Workspace commands: `paved init`, `paved release`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..core.catalog.index import open_index
from ..core.catalog.queries import team_names
from ..core.errors import ExitCode
from ..core.workspace.create import init_workspace
from ..core.workspace.model import Workspace

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def register(app: typer.Typer) -> None:
    app.command("init")(init_command)
    app.command("release")(release_command)


def init_command(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="Folder for the new workspace.")],
    version: Annotated[
        str, typer.Option("--version", help="First template version (PEP 440).")
    ] = "1.0.0",
    name: Annotated[str | None, typer.Option("--name", help="Workspace name.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Make a new platform workspace from the built-in golden paths, as a git repo."""
    output = ctx.obj.output
    workspace = init_workspace(directory, version=version, name=name)
    tag = workspace.require_latest_tag()
    if as_json:
        output.json(
            {
                "workspace": str(workspace.root),
                "name": workspace.config.name,
                "version": tag,
                "golden_paths": sorted(workspace.golden_paths),
                "teams": sorted(_teams(workspace)),
            }
        )
        return
    output.line(f"Made the platform workspace {workspace.root} at template version {tag}.")
    output.line(f"Golden paths: {', '.join(sorted(workspace.golden_paths))}.")
    output.line(f"Teams: {', '.join(sorted(_teams(workspace)))} (catalog/groups.yaml).")
    output.line("Next:")
    output.line(f"  cd {directory}")
    output.line("  paved paths")
    output.line(
        "  paved new dataset-producer ../orders_daily --name orders_daily --owner analytics"
    )


def release_command(
    ctx: typer.Context,
    version: Annotated[str, typer.Argument(help="The new template version (PEP 440).")],
    message: Annotated[
        str, typer.Option("--message", "-m", help="Tag message, and an entry in CHANGELOG.md.")
    ] = "",
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Tag nothing, write nothing: print what the release would do to every "
            "project (the table `paved status` prints after it).",
        ),
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="With --dry-run: repos in parallel.")
    ] = 1,
    as_json: JsonOption = False,
) -> ExitCode:
    """Tag the next template version of the workspace (and a new runtime version when the
    runtime changed since its last one); --dry-run forecasts it across the fleet."""
    from ..core.workspace.runtime import releases

    output = ctx.obj.output
    workspace = ctx.obj.workspace
    if dry_run:
        return _forecast(ctx, version, message, jobs, as_json)
    previous = workspace.latest_tag()
    runtime_before = releases(workspace.root)
    from ..core.workspace.release import release  # golden paths: pydantic, YAML

    tag = release(workspace, version, message)
    runtime_after = releases(workspace.root)
    runtime_tag = runtime_after[-1][1] if runtime_after != runtime_before else None
    if as_json:
        output.json(
            {
                "workspace": str(workspace.root),
                "tag": tag,
                "previous": previous,
                "runtime": runtime_tag,
            }
        )
        return ExitCode.OK
    output.line(
        f"Released template version {tag}" + (f" (previous: {previous})." if previous else ".")
    )
    if runtime_tag:
        output.line(f"The runtime changed: it is now {runtime_tag}, pinned by {tag}.")
    output.line("Roll it out with `paved update --all`.")
    return ExitCode.OK


def _forecast(ctx: typer.Context, version: str, message: str, jobs: int, as_json: bool) -> ExitCode:
    from ..core.update.forecast import forecast_release
    from .update import show_status

    output = ctx.obj.output
    forecast = forecast_release(
        ctx.obj.workspace,
        version,
        message=message,
        jobs=jobs,
        reporter=output.progress(enabled=not as_json),
    )
    if as_json:
        output.json(forecast)
        return ExitCode.OK
    runtime = f"; the runtime would be {forecast.runtime}" if forecast.runtime else ""
    output.note(
        f"Forecast of {forecast.version} (after {forecast.previous or 'no version'}{runtime}): "
        "nothing tagged, nothing written. `paved status` prints this table after the release."
    )
    show_status(output, forecast.records)
    return ExitCode.OK


def _teams(workspace: Workspace) -> list[str]:
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        return team_names(index)
