"""`paved catalog`: who owns what, and who consumes it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from ..core.catalog import queries
from ..core.catalog.index import ask
from ..core.errors import ExitCode

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from ..core.catalog.index import CatalogIndex
    from ..core.workspace.model import Workspace

app = typer.Typer(
    help="Ask the catalog: projects, owners, datasets and their consumers.",
    invoke_without_command=True,
)

T = TypeVar("T")
JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


@app.callback()
def _group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        ctx.obj.output.line(ctx.get_help())


@app.command("browse")
def browse_command(ctx: typer.Context) -> ExitCode:
    """Open the catalog browser (a terminal UI): filter, owners, consumers."""
    from .tui import open_tui

    return open_tui(ctx.obj, "browser", "paved catalog browse")


def _ask(ctx: typer.Context, question: Callable[[CatalogIndex], T]) -> T:
    """Ask the workspace's catalog index (brought up to date: see `index.ask`)."""
    workspace = ctx.obj.workspace
    return ask(workspace.catalog_dir, workspace.index_dir, question)


def _repo(workspace: Workspace) -> Path | None:
    """Where a change to the catalog is committed: the workspace, when it is a repo."""
    return workspace.root if workspace.is_repo else None


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
    if golden_path is not None:
        ctx.obj.workspace.golden_path(golden_path)  # no such path: say which there are
    records = _ask(
        ctx,
        lambda index: queries.list_entities(index, owner=owner, kind=kind, golden_path=golden_path),
    )
    output = ctx.obj.output
    if as_json:
        output.json(records)
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
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="project, dataset or team, when several share the name."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Everything the catalog knows about a project, a dataset or a team."""

    def question(index: CatalogIndex) -> tuple[queries.Shown, list[str]]:
        record = queries.show(index, name, kind)
        return record, [] if kind else queries.also_named(index, record)

    record, others = _ask(ctx, question)
    output = ctx.obj.output
    if as_json:
        output.json(record)
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
                ("last major change", record.major_change),
                ("columns", [f"{c['name']}: {c.get('logicalType', '?')}" for c in record.columns]),
                ("consumers", len(record.consumers) or None),
            ],
        )
        for consumer in record.consumers:
            output.line(f"    {consumer.name}: {' · '.join(consumer.facts())}")
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
    for other in others:
        output.line(f"Also a {other} named {name}: `paved catalog show {name} --kind {other}`.")


@app.command("owner")
def owner_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A project or dataset name.")],
    as_json: JsonOption = False,
) -> None:
    """The team that owns a project or dataset, with its members and contact."""
    answer = _ask(ctx, lambda index: queries.owner_of(index, name))
    if as_json:
        ctx.obj.output.json(answer)
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
    found = _ask(ctx, lambda index: queries.consumers(index, dataset, transitive=transitive))
    output = ctx.obj.output
    if as_json:
        output.json(found)
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
    answer = _ask(ctx, lambda index: queries.impact(index, dataset))
    output = ctx.obj.output
    if as_json:
        output.json(answer)
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


@app.command("consume")
def consume_command(
    ctx: typer.Context,
    dataset: Annotated[str, typer.Argument(help="The dataset consumed.")],
    by: Annotated[str, typer.Option("--by", help="The consuming project.")],
    as_json: JsonOption = False,
) -> None:
    """Register a project as a consumer of a dataset."""
    _consumption(ctx, dataset, by, True, as_json)


@app.command("unconsume")
def unconsume_command(
    ctx: typer.Context,
    dataset: Annotated[str, typer.Argument(help="The dataset no longer consumed.")],
    by: Annotated[str, typer.Option("--by", help="The project that stops consuming it.")],
    as_json: JsonOption = False,
) -> None:
    """Drop a project as a consumer of a dataset."""
    _consumption(ctx, dataset, by, False, as_json)


def _consumption(ctx: typer.Context, dataset: str, by: str, consume: bool, as_json: bool) -> None:
    from ..core.catalog.edits import set_consumption

    workspace = ctx.obj.workspace
    result = set_consumption(
        workspace.catalog_dir,
        workspace.index_dir,
        dataset,
        by,
        consume,
        repo=_repo(workspace),
    )
    if as_json:
        ctx.obj.output.json(result)
        return
    verb = "now consumes" if consume else "no longer consumes"
    state = "" if result.changed else " (already so)"
    ctx.obj.output.line(f"{by} {verb} {dataset}{state}.")
    if result.repo_file:
        ctx.obj.output.line(f"Edited {result.repo_file}: commit it in the project's repo.")
    if result.inputs_file:
        verb = "Re-pinned" if consume else "Unpinned"
        ctx.obj.output.line(f"{verb} {dataset} in {result.inputs_file}: commit it too.")


team_app = typer.Typer(help="Teams: the owners of projects.", invoke_without_command=True)
app.add_typer(team_app, name="team")


@team_app.callback()
def _team_group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        ctx.obj.output.line(ctx.get_help())


@team_app.command("add")
def team_add_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Team name: lowercase letters, digits, dashes.")],
    member: Annotated[
        list[str] | None, typer.Option("--member", help="A member's user name (repeatable).")
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", help="Contact channel, e.g. #team-data.")
    ] = None,
    description: Annotated[str | None, typer.Option("--description")] = None,
    as_json: JsonOption = False,
) -> None:
    """Add a team to the catalog."""
    from ..core.catalog.edits import add_team

    workspace = ctx.obj.workspace
    path = add_team(
        workspace.catalog_dir,
        workspace.index_dir,
        name,
        member or [],
        contact,
        description,
        repo=_repo(workspace),
    )
    if as_json:
        ctx.obj.output.json({"team": name, "members": member or [], "file": str(path)})
        return
    ctx.obj.output.line(f"Added team {name} to {path.relative_to(workspace.root)}.")


@team_app.command("list")
def team_list_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the teams, with their members and contact."""
    teams = _ask(
        ctx, lambda index: [queries.show(index, name) for name in queries.team_names(index)]
    )
    if as_json:
        ctx.obj.output.json(teams)
        return
    ctx.obj.output.table(
        ["team", "contact", "members", "projects"],
        [(t.name, t.contact, ", ".join(m.name for m in t.members), len(t.projects)) for t in teams],
    )


@app.command("validate")
def validate_command(ctx: typer.Context, as_json: JsonOption = False) -> ExitCode:
    """Check the catalog: owners, references, duplicates, cycles, and orphans both ways
    (entries whose repo is gone, repos of a golden path with no entry). Exit 1 on
    problems."""
    from ..core.catalog.lineage import validate
    from ..core.catalog.orphans import orphans

    root = ctx.obj.workspace.root
    problems = _ask(ctx, lambda index: validate(index) + orphans(index, root))
    if as_json:
        ctx.obj.output.json(problems)
    elif problems:
        ctx.obj.output.table(
            ["problem", "entity", "file", "detail"],
            [(p.kind, p.entity, p.file, p.message) for p in problems],
        )
    else:
        ctx.obj.output.line("The catalog is consistent.")
    return ExitCode.PROBLEM if problems else ExitCode.OK


@app.command("graph")
def graph_command(
    ctx: typer.Context,
    root: Annotated[str | None, typer.Option("--root", help="Only downstream of this.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="mermaid or dot.")] = "mermaid",
    as_json: JsonOption = False,
) -> None:
    """Producer-to-consumer lineage, as Mermaid or Graphviz dot."""
    from ..core.catalog.lineage import edges, render
    from ..core.errors import BadInputError

    if fmt not in ("mermaid", "dot"):
        raise BadInputError(f"unknown format {fmt!r}", "use --format mermaid or --format dot")

    def lineage(index: CatalogIndex) -> list[tuple[str, str, str]]:
        if root is not None and index.entity(root) is None:
            raise queries.unknown(index, root, "project or dataset")
        return edges(index, root)

    found = _ask(ctx, lineage)
    if as_json:
        ctx.obj.output.json([{"from": s, "relation": r, "to": t} for s, r, t in found])
        return
    ctx.obj.output.line(render(found, fmt))
