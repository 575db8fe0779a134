"""`paved paths`: the golden paths, and the outside ones added from their own repos."""

from __future__ import annotations

from typing import Annotated

import typer

from .coercion import not_blank

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
# What `paved paths --json` says of each question: as the template declares it.
_QUESTION_FIELDS = {"name", "type", "default", "help", "choices"}

app = typer.Typer(
    help="The golden paths: list them, add one whose template lives in its own repo "
    "(copier or cookiecutter), remove one.",
    invoke_without_command=True,
    no_args_is_help=False,
)


@app.callback()
def _group(ctx: typer.Context, as_json: JsonOption = False) -> None:
    if ctx.invoked_subcommand is None:
        list_command(ctx, as_json)


@app.command("list")
def list_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the golden paths: kind, source and newest version."""
    from ..core.sources.registry import list_paths

    workspace = ctx.obj.workspace
    summaries = list_paths(workspace, questions=as_json)
    if as_json:
        paths = workspace.golden_paths
        ctx.obj.output.json(
            [
                {
                    "name": item.name,
                    "kind": item.kind,
                    "title": item.title,
                    "summary": item.summary,
                    "source": item.source,
                    "newest": item.newest,
                    "trusted": item.trusted,
                    "provides": paths[item.name].entity.provides,
                    "questions": [
                        {
                            **question.model_dump(include=_QUESTION_FIELDS),
                            # No default: `new --no-input` needs it answered.
                            "required": question.default is None
                            and question.type not in ("json", "yaml"),
                            "filled_by": item.filled.get(question.name),
                        }
                        for question in item.questions
                    ],
                }
                for item in summaries
            ]
        )
        return
    ctx.obj.output.table(
        ["golden path", "title", "kind", "newest", "source", "summary"],
        [
            (
                item.name,
                item.title,
                item.kind,
                item.newest or "unreleased",
                item.source,
                item.summary,
            )
            for item in summaries
        ],
        title=f"Golden paths of {workspace.config.name}",
    )


@app.command("add")
def add_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name of the new golden path.")],
    source: Annotated[
        str, typer.Argument(help="Git URL, or folder of a local git repo, holding the template.")
    ],
    ref: Annotated[
        str | None,
        typer.Option(
            "--ref", callback=not_blank, help="Tag or branch to use (default: its newest version)."
        ),
    ] = None,
    trust: Annotated[
        bool,
        typer.Option(
            "--trust",
            help="Let its code run: cookiecutter hooks and extensions, copier tasks, "
            "migrations and Jinja extensions (recorded in paved.toml).",
        ),
    ] = False,
    directory: Annotated[
        str | None,
        typer.Option(
            "--directory",
            callback=not_blank,
            help="The cookiecutter template's sub-folder of its repo (as cruft's --directory).",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Add a golden path whose copier or cookiecutter template lives in its own repo."""
    from ..core.sources.registry import add_path

    state = ctx.obj
    added = add_path(state.workspace, name, source, ref=ref, trust=trust, directory=directory)
    if as_json:
        state.output.json(added)
        return
    state.output.line(
        f"Golden path {added.name}: the {added.kind} template at {added.source}, "
        f"newest version {added.newest}" + (" (trusted)." if added.trusted else ".")
    )
    if added.code and not added.trusted:
        state.output.warn(
            f"it has {' and '.join(added.code)}, which run only for trusted sources: "
            f"review it, then `paved paths add {added.name} {added.source} --trust`"
        )
    state.output.line(f"Create a project: paved new {added.name} DEST --name NAME --owner TEAM")


@app.command("remove")
def remove_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The outside golden path to drop.")],
    force: Annotated[
        bool, typer.Option("--force", help="Even while catalog projects use it.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Drop an outside golden path (refused while projects use it, unless --force)."""
    from ..core.sources.registry import remove_path

    users = remove_path(ctx.obj.workspace, name, force=force)
    if as_json:
        ctx.obj.output.json({"removed": name, "projects": users})
        return
    ctx.obj.output.line(f"Removed the {name} golden path.")
    if users:
        ctx.obj.output.warn(f"{len(users)} project(s) still name it: {', '.join(users)}")
