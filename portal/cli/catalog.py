"""`paved catalog`: who owns what, and who consumes it."""

from __future__ import annotations

from typing import Annotated

import typer

from ..core.catalog import Catalog, DatasetRecord, list_projects, show

app = typer.Typer(
    help="Ask the catalog: projects, owners, datasets and their consumers.",
    invoke_without_command=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


@app.callback()
def _group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        ctx.obj.output.line(ctx.get_help())


def _catalog(ctx: typer.Context) -> Catalog:
    workspace = ctx.obj.workspace
    return Catalog(workspace.catalog_dir, workspace.index_dir)


@app.command("list")
def list_command(
    ctx: typer.Context,
    owner: Annotated[str | None, typer.Option("--owner", help="Only this team's.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the projects in the catalog."""
    records = list_projects(_catalog(ctx), owner=owner)
    if as_json:
        ctx.obj.output.json(records)
        return
    if not records:
        ctx.obj.output.line(
            "No projects"
            + (f" owned by {owner}." if owner else " yet: create one with `paved new`.")
        )
        return
    ctx.obj.output.table(
        ["project", "golden path", "owner", "version", "provides", "repo"],
        [
            (
                record.name,
                record.golden_path,
                record.owner,
                record.template_version,
                ", ".join(api.name for api in record.provides),
                record.repo,
            )
            for record in records
        ],
    )


@app.command("show")
def show_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A project or dataset name.")],
    as_json: JsonOption = False,
) -> None:
    """Everything the catalog knows about a project or a dataset."""
    record = show(_catalog(ctx), name)
    output = ctx.obj.output
    if as_json:
        output.json(record)
        return
    if isinstance(record, DatasetRecord):
        output.fields(
            f"{record.kind} {record.name}",
            [
                ("type", record.type),
                ("description", record.description),
                ("owner", record.owner),
                ("produced by", record.producer),
                ("contract version", record.contract_version),
                ("consumers", [f"{c.name} ({c.owner})" for c in record.consumers]),
            ],
        )
        return
    output.fields(
        f"project {record.name}",
        [
            ("description", record.description),
            ("golden path", record.golden_path),
            ("owner", record.owner),
            ("template version", record.template_version),
            ("repo", record.repo),
            (
                "provides",
                [
                    f"{api.name} ({api.type}"
                    + (f" v{api.contract_version})" if api.contract_version else ")")
                    for api in record.provides
                ],
            ),
            ("consumes", record.consumes),
        ],
    )
