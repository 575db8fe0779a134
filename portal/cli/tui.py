"""`paved tui`, and the way `paved`, `paved new` and `paved catalog browse` open the TUI.

Textual is imported only when the TUI opens, so the other commands start fast.
"""

from __future__ import annotations

import sys

import typer

from ..core.errors import BadInputError
from ..core.workspace import Workspace


def register(app: typer.Typer) -> None:
    app.command("tui")(tui_command)


def tui_command(ctx: typer.Context) -> None:
    """Open the terminal UI: new project, catalog, fleet."""
    open_tui(ctx.obj.workspace, "home", "paved tui")


def in_terminal() -> bool:
    """Whether paved talks to a person: stdin and stdout are both a terminal."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def open_tui(workspace: Workspace, start: str, command: str) -> None:
    """Run the TUI on `workspace`, opened on the `start` screen, until the user quits."""
    if not in_terminal():
        raise BadInputError(
            f"`{command}` needs a terminal, and stdin or stdout is not one",
            "run it in a terminal; in scripts use the commands (see `paved --help`)",
        )
    from ..tui.app import PavedApp  # heavy: only when the TUI opens

    PavedApp(workspace, start=start).run()
