"""Repos into and out of the catalog: `paved adopt` registers an existing repo,
optionally on a golden path; `paved catalog remove` takes a project out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .coercion import not_blank


def register(app: typer.Typer, catalog: typer.Typer) -> None:
    app.command("adopt")(adopt_command)
    catalog.command("remove")(remove_command)


def adopt_command(
    ctx: typer.Context,
    directory: Annotated[Path, typer.Argument(help="The repo to adopt (a git repo).")],
    owner: Annotated[str, typer.Option("--owner", "-o", help="Owning team.")],
    name: Annotated[
        str | None,
        typer.Option("--name", "-n", help="Project name (default: its catalog-info.yaml's)."),
    ] = None,
    golden_path: Annotated[
        str | None,
        typer.Option("--path", help="Link it to this golden path, so rollouts reach it."),
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
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Register an existing git repo in the catalog; with --path, link it to a golden
    path (only its answers file is committed; its files change at the next update)."""
    from ..core.projects.adopt import AdoptRequest, adopt
    from .new import parse_data

    state = ctx.obj
    result = adopt(
        state.workspace,
        AdoptRequest(
            repo=directory,
            owner=owner,
            name=name,
            golden_path=golden_path,
            version=version,
            data=parse_data(data or []),
        ),
    )
    if as_json:
        state.output.json(result.model_dump(mode="json"))
        return
    linked = (
        f", linked to the {result.golden_path} golden path at {result.template_version}"
        if result.golden_path
        else ", with no golden path (rollouts skip it)"
    )
    state.output.line(f"Adopted {result.name} ({result.repo}), owned by {result.owner}{linked}.")
    if result.committed:
        state.output.line(f"Committed to the repo: {', '.join(result.committed)}")
    state.output.line(f"Recorded in the catalog: {result.catalog_file.name}")


def remove_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The project to take out of the catalog.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
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
        return
    ctx.obj.output.line(f"Removed {name} from the catalog: {', '.join(entities)}.")
