"""`paved new`: create a project on a golden path, from flags or by asking."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ..core.catalog.index import open_index
from ..core.catalog.queries import team_names
from ..core.errors import BadInputError, ExitCode
from ..core.workspace.model import Workspace
from .coercion import not_blank
from .output import Output

if TYPE_CHECKING:
    from ..core.golden_paths.models import Question


def register(app: typer.Typer) -> None:
    app.command("new")(new_command)


def new_command(
    ctx: typer.Context,
    golden_path: Annotated[
        str | None, typer.Argument(help="Golden path (see `paved paths`).", show_default=False)
    ] = None,
    dest: Annotated[
        Path | None, typer.Argument(help="Folder for the new repo (default: ./NAME).")
    ] = None,
    name: Annotated[str | None, typer.Option("--name", "-n", help="Project name.")] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", "-o", help="Owning team (a Group in the catalog).")
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="One line on what it is for.")
    ] = None,
    consumes: Annotated[
        list[str] | None,
        typer.Option("--consumes", "-c", help="A dataset from the catalog it reads (repeatable)."),
    ] = None,
    data: Annotated[
        list[str] | None,
        typer.Option("--data", "-d", help="Answer a golden path question: key=value (repeatable)."),
    ] = None,
    version: Annotated[
        str | None,
        typer.Option(
            "--version", callback=not_blank, help="Template version (default: the latest)."
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Then install the repo in its own venv and run its checks."),
    ] = False,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never ask: fail on what is missing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> ExitCode:
    """Create a project repo on a golden path and record it in the catalog."""
    # Heavy modules (pydantic models, jinja, copier) load only when creating.
    from ..core.golden_paths.checks import run_checks
    from ..core.projects.new import NewProject, create, plan
    from ..core.sources.questions import path_questions

    state = ctx.obj
    workspace: Workspace = state.workspace
    interactive = not no_input and sys.stdin.isatty()
    given = parse_data(data or [])

    asked_nothing = not any((dest, name, owner, description, consumes, data, version, check))
    if golden_path is None and asked_nothing and interactive and not as_json:
        from .tui import in_terminal, open_tui

        if in_terminal():  # a person at a terminal: the wizard asks for everything
            return open_tui(state, "wizard", "paved new")

    if golden_path is None:
        golden_path = _ask_or_fail(
            state.output,
            interactive,
            "golden path",
            "name a golden path, e.g. `paved new dataset-producer` (see `paved paths`)",
            choices=sorted(workspace.golden_paths),
        )
    path = workspace.golden_path(golden_path)
    if name is None:
        name = _ask_or_fail(state.output, interactive, "project name", "give --name NAME")
    if owner is None:
        with open_index(workspace.catalog_dir, workspace.index_dir) as index:
            teams = team_names(index)
        owner = _ask_or_fail(
            state.output, interactive, "owning team", "give --owner TEAM", choices=teams
        )
    if interactive:
        base = {"golden_path": path.name, "project_name": name, "owner": owner}
        for question in path_questions(workspace, path, base):
            if question.name not in given:
                given[question.name] = _ask_question(state.output, question, {**base, **given})
                base[question.name] = given[question.name]

    request = NewProject(
        golden_path=path.name,
        name=name,
        owner=owner,
        dest=dest if dest is not None else Path(name),
        description=description,
        consumes=consumes or [],
        data=given,
        version=version,
    )
    planned = plan(workspace, request)
    result = create(workspace, planned, state.output.progress(enabled=not as_json))
    checks = (
        run_checks(result.dest, path, state.output.progress(enabled=not as_json)) if check else []
    )
    failed = [item for item in checks if not item.passed]
    if as_json:
        state.output.json({**result.model_dump(mode="json"), "checks": checks})
        return ExitCode.PROBLEM if failed else ExitCode.OK
    from rich.markup import escape  # here: not paid by every other command

    out = state.output
    out.line(
        f"Created [bold]{escape(result.name)}[/bold] in {escape(str(result.dest))} from the "
        f"{result.golden_path} golden path at {result.template_version}, "
        f"owned by {escape(result.owner)}.",
        markup=True,
    )
    out.line(f"Recorded in the catalog: {result.catalog_file.relative_to(workspace.root)}")
    if result.filled:
        said = ", ".join(f"{option} its {question}" for question, option in result.filled.items())
        out.line(f"The template's own questions answered by options: {said}.")
    for item in checks:
        out.line(f"  check {item.name}: {'passed' if item.passed else 'FAILED'} ({item.command})")
    for item in failed:
        out.warn(f"check {item.name} failed in {result.dest}:\n{item.output}")
    if result.next_steps:
        out.line("Next steps:")
    for step in result.next_steps:
        out.line(f"  {step}")
    return ExitCode.PROBLEM if failed else ExitCode.OK


def parse_data(pairs: list[str]) -> dict[str, Any]:
    given: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise BadInputError(f"-d {pair!r} is not key=value", "write -d question=answer")
        given[key.strip()] = value
    return given


def _ask_or_fail(
    output: Output, interactive: bool, what: str, hint: str, choices: list[str] | None = None
) -> str:
    if not interactive:
        raise BadInputError(f"missing the {what}", hint)
    if choices:
        output.note(f"{what.capitalize()}s: {', '.join(choices)}")
    while True:
        value = output.ask(what.capitalize()).strip()
        if not choices or value in choices:
            return value
        output.note(f"{value!r} is not one of them.")


def _ask_question(output: Output, question: Question, answers: dict[str, Any]) -> Any:
    """Ask one golden path question until the answer passes its checks."""
    from ..core.golden_paths import answers as answer_rules

    default = answer_rules.default(question, answers)
    label = question.help or question.name
    if question.choices:
        label += f" ({', '.join(map(str, question.choices.values()))})"
    while True:
        value = output.ask(label, default)
        try:
            return answer_rules.validate(question, value, answers)
        except BadInputError as error:
            output.note(f"  {error}")
