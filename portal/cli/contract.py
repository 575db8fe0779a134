"""`paved contract`: what a change to a data contract breaks, and who to tell."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..core.errors import ExitCode

if TYPE_CHECKING:
    from ..core.contract_gate.verdict import CheckResult, ContractChanges

app = typer.Typer(
    help="Data contracts: classify a change, and check it against its consumers.",
    invoke_without_command=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]
BaseOption = Annotated[
    str | None,
    typer.Option(
        "--base",
        help="Compare with the contract at this ref (default: the merge base with the "
        "default branch's upstream, else HEAD).",
    ),
]


@app.callback()
def _group(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        ctx.obj.output.line(ctx.get_help())


@app.command("diff")
def diff_command(
    ctx: typer.Context,
    contract: Annotated[
        Path | None,
        typer.Argument(help="The contract file (default: the repo's only contract)."),
    ] = None,
    base: BaseOption = None,
    as_json: JsonOption = False,
) -> None:
    """Every change to a contract since the base ref, breaking or not, and the bump
    it needs."""
    from ..core.contract_gate.verdict import diff_contract, find_contracts, repo_root
    from ..core.errors import BadInputError

    if contract is None:
        found = find_contracts(repo_root(Path.cwd()))
        if len(found) > 1:
            names = ", ".join(str(path.relative_to(Path.cwd().resolve())) for path in found)
            raise BadInputError(
                f"the repo has {len(found)} contracts: {names}", "name the one to compare"
            )
    changes = diff_contract(Path.cwd(), contract, base)
    output = ctx.obj.output
    if as_json:
        item = changes[0]
        output.json(
            {
                "contract": item.contract,
                "dataset": item.dataset,
                "base": item.base,
                "diff": item.diff,
            }
        )
        return
    _changes(output, changes[0])


@app.command("check")
def check_command(
    ctx: typer.Context,
    base: BaseOption = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Fail unless the version carries the bump the changes need, breaking "
            "changes nobody reads included.",
        ),
    ] = False,
    fmt: Annotated[
        str, typer.Option("--format", help="text, or markdown for a pull request comment.")
    ] = "text",
    as_json: JsonOption = False,
) -> ExitCode:
    """Check the repo's contracts against their consumers: exit 1 when a breaking
    change touches a consumer and the major version was not bumped."""
    from ..core.contract_gate.verdict import check_contracts
    from ..core.errors import BadInputError, WorkspaceError

    if fmt not in ("text", "markdown"):
        raise BadInputError(f"unknown format {fmt!r}", "use --format text or --format markdown")
    catalog, reason = None, "no platform workspace found"
    try:
        workspace = ctx.obj.workspace
        catalog = (workspace.catalog_dir, workspace.index_dir)
    except WorkspaceError as error:
        reason = f"no platform workspace ({error.message})"
    result = check_contracts(Path.cwd(), base, strict, catalog, reason)
    output = ctx.obj.output
    if as_json:
        output.json({**vars(result), "failed": result.failed})
    elif fmt == "markdown":
        from ..core.contract_gate.comment import markdown

        output.line(markdown(result).rstrip("\n"))
    else:
        _check_text(output, result)
    return ExitCode.PROBLEM if result.failed else ExitCode.OK


def _changes(output, item: ContractChanges) -> None:
    diff = item.diff
    output.line(
        f"{item.contract} ({item.dataset}): {diff.old_version or '(new)'} -> "
        f"{diff.new_version}, compared with {item.base[:12]}"
    )
    if not diff.changes:
        output.line("No change.")
        return
    output.table(
        ["class", "rule", "change"],
        [("breaking" if c.breaking else "non-breaking", c.rule, c.detail) for c in diff.changes],
    )
    went = {"none": "is unchanged", "down": "went down"}.get(diff.done, f"went up a {diff.done}")
    output.line(f"Needs a {diff.needed} version; the version {went}.")


def _check_text(output, result: CheckResult) -> None:
    for item in result.contracts:
        _changes(output, item)
        impact = item.impact
        if item.diff.breaking and not impact.known:
            output.line(f"Impact unknown: {impact.reason}.")
        for affected in impact.affected:
            contact = f" {affected.contact}" if affected.contact else ""
            reads = "" if affected.reads_known else " (columns read not known)"
            output.line(
                f"  {affected.project} (team {affected.team or '?'}{contact}, pins "
                f"{affected.pinned or '?'}) reads {', '.join(affected.columns)}{reads}"
            )
            for below in affected.downstream:
                output.line(f"    downstream: {below.name} ({below.owner}) via {below.via}")
        for change in impact.unread if impact.known else []:
            output.line(f"  no known impact: {change.detail}")
        output.line(f"{'FAIL' if item.failed else 'ok'}: {item.verdict}.")
