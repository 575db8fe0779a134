"""`paved demo`: the demo workspace paved opens on when it finds no other."""

from __future__ import annotations

from typing import Annotated

import typer

from ..core.demo import ensure_demo
from ..core.workspace.locate import DATA_DIR_VAR, ENV_VAR


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)


def demo_command(
    ctx: typer.Context,
    reset: Annotated[
        bool, typer.Option("--reset", help="Build it again from scratch (its changes are lost).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Build the demo workspace (once), say where it is and how to use a real one."""
    output = ctx.obj.output
    demo = ensure_demo(output.progress(enabled=output.err.is_terminal and not as_json), reset)
    if as_json:
        output.json(
            {
                "workspace": str(demo.workspace),
                "projects": str(demo.projects),
                "built": demo.built,
            }
        )
        return
    state = "Built the demo workspace" if demo.built else "The demo workspace is"
    output.line(f"{state} in {demo.workspace}")
    output.line(f"Its projects' repos are in {demo.projects}.")
    output.line("paved uses it when no other workspace is given or found. For a real one:")
    output.line("  paved init DIR                  make a platform workspace of your own")
    output.line(f"  paved -w DIR ...  or  {ENV_VAR}=DIR   use it from anywhere")
    output.line("  (or run paved from inside it: the nearest folder above with paved.toml wins)")
    output.line(f"Rebuild the demo with `paved demo --reset`; {DATA_DIR_VAR} moves it.")
