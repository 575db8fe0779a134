"""The `paved` command line: parse, call the core, render the result. Nothing else."""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Annotated

import typer
from typer.exceptions import TyperException

from ..core.demo import find_workspace_or_demo
from ..core.errors import (
    ExitCode,
    GenerationError,
    PortalError,
    RepoBusyError,
    UntrustedTemplateError,
    VcsError,
    WorkerError,
)
from ..core.workspace.model import ENV_VAR, Workspace
from . import adopt, catalog, coercion, contract, demo, new, paths, tui, update, workspace
from .output import Output

coercion.install()  # no pydantic to parse a plain string

app = typer.Typer(
    name="paved",
    help="An internal developer portal for data teams: create projects on golden paths, "
    "know who owns and consumes what, and roll template updates out across the fleet.",
    invoke_without_command=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class State:
    """What every command gets: the output channel and the workspace, found lazily."""

    def __init__(self, workspace_dir: Path | None) -> None:
        self.output = Output()
        self._workspace_dir = workspace_dir
        self._workspace: Workspace | None = None

    @property
    def explicit_workspace(self) -> bool:
        """Whether the user named the workspace (flag or environment)."""
        return self._workspace_dir is not None or bool(os.environ.get(ENV_VAR))

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            # The demo workspace is built on first use: a progress bar where one shows.
            reporter = self.output.progress_if_needed()
            self._workspace = find_workspace_or_demo(self._workspace_dir, reporter=reporter)
        return self._workspace


@app.callback()
def _main(
    ctx: typer.Context,
    workspace_dir: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-w",
            help="Platform workspace folder (default: $PAVED_WORKSPACE, else the nearest "
            "folder above with paved.toml, else the demo workspace: see `paved demo`).",
            file_okay=False,
        ),
    ] = None,
) -> None:
    ctx.obj = State(workspace_dir)
    if ctx.invoked_subcommand is None:
        # A person at a terminal gets the TUI; a pipe or CI gets the help, never a hang.
        if tui.in_terminal():
            return tui.open_tui(ctx.obj, "home", "paved")
        ctx.obj.output.line(ctx.get_help())
    return ExitCode.OK


workspace.register(app)
demo.register(app)
new.register(app)
adopt.register(app, catalog.app)
tui.register(app)
update.register(app)
app.add_typer(catalog.app, name="catalog")
app.add_typer(paths.app, name="paths")
app.add_typer(contract.app, name="contract")


# The exit code of each error class (its nearest listed base decides); every other
# PortalError is bad input.
EXIT_CODES: dict[type[PortalError], ExitCode] = {
    GenerationError: ExitCode.PROBLEM,  # rendering or committing failed; nothing kept
    VcsError: ExitCode.PROBLEM,  # a git command failed
    UntrustedTemplateError: ExitCode.UNTRUSTED,
    WorkerError: ExitCode.PARTIAL,  # a worker died: what the others did stands
    RepoBusyError: ExitCode.PARTIAL,  # another paved holds the repo
    PortalError: ExitCode.BAD_INPUT,
}


def exit_code_of(error: PortalError) -> ExitCode:
    return next(EXIT_CODES[kind] for kind in type(error).__mro__ if kind in EXIT_CODES)


def run(argv: list[str] | None = None) -> int:
    """Entry point: one place maps errors to messages and exit codes."""
    output = Output()
    # What exists now (the modules, their classes and functions) outlives the command:
    # the collector need not walk it again and again while a lookup allocates.
    gc.freeze()
    try:
        # A command returns its ExitCode (None: it went well).
        result = app(args=argv, standalone_mode=False)
        return int(result) if isinstance(result, int) else ExitCode.OK
    except PortalError as error:
        output.error(error.message, error.hint)
        return exit_code_of(error)
    except typer.Exit as error:  # typer's own (--help, --version)
        return error.exit_code
    except TyperException as error:  # usage errors: unknown option, bad value...
        ctx = getattr(error, "ctx", None)
        where = ctx.command_path if ctx else "paved"
        output.error(" ".join(error.format_message().split()), f"see `{where} --help`")
        return ExitCode.BAD_INPUT
    except (typer.Abort, KeyboardInterrupt):
        output.warn("interrupted")
        return ExitCode.INTERRUPTED
    except OSError as error:  # a path the system refuses: too long, not a folder...
        where = f": {error.filename}" if error.filename else ""
        output.error(f"{error.strerror or error}{where}", "check the path you gave")
        return ExitCode.BAD_INPUT
    except Exception as error:  # a bug of paved's: one line, never a traceback
        if os.environ.get("PAVED_DEBUG"):
            raise
        output.error(
            f"internal error: {type(error).__name__}: {error}",
            "please report it; PAVED_DEBUG=1 shows the traceback",
        )
        return ExitCode.PROBLEM
    finally:
        if argv is None:
            # paved's own process (the console script exits with the code next): all is
            # frozen, so leaving skips the collector's last walk over every object. It
            # would find nothing to close: files, connections and processes are closed
            # by `with`, never by the collector.
            gc.freeze()
        else:
            gc.unfreeze()  # a caller in the same process gets its collector back
