"""`paved catalog`: who owns what, and who consumes it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from ..core.catalog import queries
from ..core.catalog.index import open_index

app = typer.Typer(
    help="Ask the catalog: projects, owners, datasets and their consumers.",
    invoke_without_command=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


@app.callback()
def _group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        ctx.obj.output.line(ctx.get_help())


def _index(ctx: typer.Context):
    workspace = ctx.obj.workspace
    return open_index(workspace.catalog_dir, workspace.index_dir)


@app.command("list")
def list_command(
    ctx: typer.Context,
    owner: Annotated[str | None, typer.Option("--owner", help="Only this team's.")] = None,
    kind: Annotated[str, typer.Option("--kind", help="project, dataset or api.")] = "project",
    golden_path: Annotated[
        str | None, typer.Option("--path", help="Only projects on this golden path.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the projects (or datasets) in the catalog."""
    with _index(ctx) as index:
        records = queries.list_entities(index, owner=owner, kind=kind, golden_path=golden_path)
    output = ctx.obj.output
    if as_json:
        output.json([asdict(record) for record in records])
        return
    if not records:
        output.line(f"No {kind}s" + (f" owned by {owner}." if owner else " in the catalog."))
        return
    if kind == "project":
        output.table(
            ["project", "golden path", "owner", "version", "provides", "repo"],
            [
                (
                    r.name,
                    r.golden_path,
                    r.owner,
                    r.template_version,
                    ", ".join(api.name for api in r.provides),
                    r.repo,
                )
                for r in records
            ],
        )
    else:
        output.table(
            ["name", "type", "owner", "contract", "produced by"],
            [(r.name, r.type, r.owner, r.contract_version, r.producer) for r in records],
        )


@app.command("show")
def show_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A project, dataset or team name.")],
    as_json: JsonOption = False,
) -> None:
    """Everything the catalog knows about a project, a dataset or a team."""
    with _index(ctx) as index:
        record = queries.show(index, name)
    output = ctx.obj.output
    if as_json:
        output.json(asdict(record))
        return
    if isinstance(record, queries.DatasetRecord):
        output.fields(
            f"{record.kind} {record.name}",
            [
                ("type", record.type),
                ("description", record.description),
                ("owner", record.owner),
                ("produced by", record.producer),
                ("contract version", record.contract_version),
                ("consumers", [f"{c.name} ({c.owner})" for c in record.consumers]),
                ("columns", [f"{c['name']}: {c.get('logicalType', '?')}" for c in record.columns]),
            ],
        )
    elif isinstance(record, queries.TeamRecord):
        _team_fields(output, record)
    else:
        output.fields(
            f"project {record.name}",
            [
                ("description", record.description),
                ("golden path", record.golden_path),
                ("owner", record.owner),
                ("template version", record.template_version),
                ("repo", record.repo),
                ("provides", [_api_label(api) for api in record.provides]),
                ("consumes", record.consumes),
            ],
        )


@app.command("owner")
def owner_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A project or dataset name.")],
    as_json: JsonOption = False,
) -> None:
    """The team that owns a project or dataset, with its members and contact."""
    with _index(ctx) as index:
        answer = queries.owner_of(index, name)
    if as_json:
        ctx.obj.output.json(asdict(answer))
        return
    ctx.obj.output.line(f"{answer.name} ({answer.kind}) is owned by {answer.team.name}.")
    _team_fields(ctx.obj.output, answer.team)


@app.command("consumers")
def consumers_command(
    ctx: typer.Context,
    dataset: Annotated[str, typer.Argument(help="A dataset name.")],
    transitive: Annotated[
        bool, typer.Option("--transitive", help="Also those downstream of the consumers.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """The projects that consume a dataset, with their owners."""
    with _index(ctx) as index:
        found = queries.consumers(index, dataset, transitive=transitive)
    output = ctx.obj.output
    if as_json:
        output.json([asdict(record) for record in found])
        return
    if not found:
        output.line(f"No project consumes {dataset}.")
        return
    output.table(
        ["consumer", "owner", "depth", "via"],
        [(r.name, r.owner, r.depth, r.via) for r in found],
    )


@app.command("impact")
def impact_command(
    ctx: typer.Context,
    dataset: Annotated[str, typer.Argument(help="A dataset name.")],
    as_json: JsonOption = False,
) -> None:
    """Everything downstream of a dataset, by owning team: who to tell before a change."""
    with _index(ctx) as index:
        answer = queries.impact(index, dataset)
    output = ctx.obj.output
    if as_json:
        output.json(asdict(answer))
        return
    output.line(
        f"{answer.dataset} (produced by {answer.producer or '?'}, owned by {answer.owner}): "
        f"{answer.total} downstream project(s) in {len(answer.teams)} team(s)."
    )
    for group in answer.teams:
        contact = f" {group.contact}" if group.contact else ""
        output.line(f"  {group.team or '(no owner)'}{contact}")
        for project in group.projects:
            via = f" via {project.via}" if project.via else ""
            output.line(f"    {project.name}{via}")


def _team_fields(output, team: queries.TeamRecord) -> None:
    output.fields(
        f"team {team.name}",
        [
            ("name", team.display_name),
            ("description", team.description),
            ("contact", team.contact),
            ("email", team.email),
            ("members", [m.display_name or m.name for m in team.members]),
            ("projects", team.projects),
        ],
    )


def _api_label(api: queries.ApiSummary) -> str:
    version = f" v{api.contract_version}" if api.contract_version else ""
    return f"{api.name} ({api.type}{version})"
