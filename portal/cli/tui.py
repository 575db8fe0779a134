"""`paved tui`, and the way `paved`, `paved new` and `paved catalog browse` open the TUI.

Textual is imported only when the TUI opens, so the other commands start fast.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Protocol

import typer

from ..core.errors import BadInputError, ExitCode
from ..core.workspace.model import Workspace

if TYPE_CHECKING:
    from textual.app import App


class HasWorkspace(Protocol):
    @property
    def workspace(self) -> Workspace: ...


def register(app: typer.Typer) -> None:
    app.command("tui")(tui_command)


def tui_command(ctx: typer.Context) -> ExitCode:
    """Open the terminal UI: new project, catalog, fleet."""
    return open_tui(ctx.obj, "home", "paved tui")


def in_terminal() -> bool:
    """Whether paved talks to a person: stdin and stdout are both a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def open_tui(state: HasWorkspace, start: str, command: str) -> ExitCode:
    """Run the TUI on the state's workspace (found, or the demo built, only once the
    terminal is known), opened on the `start` screen, until the user quits. A crash
    of the app (Textual prints its traceback) ends the command with exit code 1."""
    if not in_terminal():
        raise BadInputError(
            f"`{command}` needs a terminal, and stdin or stdout is not one",
            "run it in a terminal; in scripts use the commands (see `paved --help`)",
        )
    workspace = state.workspace
    from ..tui.app import PavedApp  # heavy: only when the TUI opens

    crashed = run_app(PavedApp(workspace, start=start)) != 0
    return ExitCode.PROBLEM if crashed else ExitCode.OK


def run_app(app: App) -> int:
    """Run a Textual app to its end: 0 when it quit, non-zero when it crashed."""
    app.run()
    return app.return_code or 0
