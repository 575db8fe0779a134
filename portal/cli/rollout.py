"""`paved update --all` and `paved update report`: rollouts across the fleet, in waves
when asked, their reports, and each branch's pull request description."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..core.errors import BadInputError, ExitCode

if TYPE_CHECKING:
    from ..core.update.rollout import RolloutResult

WavesOption = Annotated[
    str | None,
    typer.Option(
        "--waves",
        help="Roll out in waves, e.g. 5,25%,100% (cumulative counts or shares of the "
        "selection; the first covers every golden path the release changes). Each wave's "
        "checks run; the next starts only while failures stay within --max-failed.",
    ),
]
MaxFailedOption = Annotated[
    str,
    typer.Option(
        "--max-failed",
        help="Conflicts, failed checks and errors a wave may have before the next is held "
        "back: a count or a share of the wave (10%). With `report`: exit 1 beyond it.",
    ),
]
WaveOption = Annotated[
    int | None,
    typer.Option("--wave", help="Only this wave of --waves (a CI job per wave).", min=1),
]
ForceWaveOption = Annotated[
    bool,
    typer.Option("--force-wave", help="With --resume: start the next wave though the last failed."),
]
RepoOption = Annotated[
    str | None, typer.Option("--repo", help="report: only this project's result.")
]
FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        help="report: table, or markdown (with --repo: its pull request's description; "
        "without: the rollout's summary).",
    ),
]

# The request's fields: each is the command's parameter of the same name.
_FIELDS = (
    "to",
    "owner",
    "golden_path",
    "only",
    "shard",
    "dry_run",
    "check",
    "push",
    "on_conflict",
    "push_conflicts",
    "allow_downgrade",
    "diff",
    "waves",
    "max_failed",
    "wave",
    "force_wave",
    "jobs",
)


def roll_out(ctx: typer.Context, values: dict[str, Any], as_json: bool) -> ExitCode:
    """`paved update --all` (or `--resume ID`): the request from the options given."""
    from ..core.update.rollout import RolloutRequest, run_rollout

    state = ctx.obj
    if values["diff"] and not values["dry_run"]:
        raise BadInputError("--diff goes with --dry-run", "add --dry-run to see the diffs")
    asked = {field: values[field] for field in _FIELDS}
    asked["only"] = asked["only"] or []
    if values["resume"]:  # only what was given is read: applied, or refused in one line
        asked = {field: value for field, value in asked.items() if given(ctx, field)}
    request = RolloutRequest(**asked, resume=values["resume"])
    reporter = state.output.progress(enabled=not as_json)
    result = run_rollout(state.workspace, request, reporter)
    show_rollout(state.output, result, as_json)
    if values["diff"] and not as_json:
        for item in result.results:
            if item.diff:
                state.output.line(item.diff)
    return result.exit_code


def report(
    ctx: typer.Context,
    ids: list[str],
    merge: bool,
    repo: str | None,
    form: str,
    max_failed: str | None,
    as_json: bool,
) -> ExitCode:
    """`paved update report`: journals merged, a repo's result or its description."""
    from ..core.update import rollout
    from ..core.update.describe import description

    state = ctx.obj
    if form not in ("table", "markdown"):
        raise BadInputError(f"invalid --format {form!r}", "use table or markdown")
    if not ids:
        raise BadInputError(
            "`paved update report` needs rollout ids, or --merge and journal folders",
            "e.g. `paved update report 20261203-101500-ab12`",
        )
    result = rollout.report(state.workspace, ids, files=merge, max_failed=max_failed)
    if repo is not None:
        found = rollout.repo_result(result, repo)
        if form == "markdown":
            state.output.document(description(state.workspace, ids, found, files=merge))
        elif as_json:
            state.output.json(found)
        else:
            result.results, result.waves = [found], []
            show_rollout(state.output, result, as_json=False)
        return result.exit_code
    if form == "markdown":
        from ..core.update.rows import summary_markdown

        state.output.document(summary_markdown(result))
    else:
        show_rollout(state.output, result, as_json)
    return result.exit_code  # as the rollout itself exited (or its gate, with --max-failed)


def show_rollout(output: Any, result: RolloutResult, as_json: bool) -> None:
    from ..core.reporting import tally
    from ..core.update.rows import RESULT_COLUMNS, result_row, stop_lines, wave_line

    if as_json:
        output.json(result)
    else:
        title = f"Rollout {result.id} to {result.to_version}"
        title += " (dry run)" if result.dry_run else ""
        output.table(RESULT_COLUMNS, [result_row(r) for r in result.results], title=title)
        for wave in result.waves:
            output.warn(wave_line(wave))
        summary = tally(r.status for r in result.results) or "no projects selected"
        output.warn(f"rollout {result.id}: {summary}")
    if result.stopped is not None and result.waves:  # said on stderr, JSON or not
        wave = result.waves[result.stopped - 1]
        for line in stop_lines(result.id, wave, result.waiting, len(result.waves)):
            output.warn(line)


def given(ctx: typer.Context, name: str) -> bool:
    """Whether an option was given on the command line (not left at its default)."""
    source = ctx.get_parameter_source(name)  # typer's own copy of click's ParameterSource
    return source is not None and source.name != "DEFAULT"
