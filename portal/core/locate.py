"""Where the workspace is, found with the standard library alone.

`--workspace`, else $PAVED_WORKSPACE, else the nearest folder above with paved.toml,
else the workspace built into paved. The command line asks this before it imports
anything else (see `cli.main`), so it stays a few system calls.
"""

from __future__ import annotations

import os

CONFIG_FILE = "paved.toml"
ENV_VAR = "PAVED_WORKSPACE"


def locate(
    explicit: str | os.PathLike[str] | None = None, cwd: str | None = None
) -> tuple[str, str]:
    """(folder, how it was found): "--workspace", ENV_VAR, "search" or "embedded".

    A folder named by the user is returned as named, to be checked by the caller; a
    folder found by searching has paved.toml.
    """
    if explicit is not None:
        return os.fspath(explicit), "--workspace"
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR], ENV_VAR
    here = os.path.realpath(cwd or os.getcwd())
    while True:
        if os.path.isfile(os.path.join(here, CONFIG_FILE)):
            return here, "search"
        parent = os.path.dirname(here)
        if parent == here:
            return embedded_folder(), "embedded"
        here = parent


def embedded_folder() -> str:
    """The default workspace shipped with paved: packaged in a wheel, or this checkout."""
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    for candidate in (os.path.join(package, "_workspace"), os.path.dirname(package)):
        if os.path.isfile(os.path.join(candidate, CONFIG_FILE)):
            return candidate
    from .errors import WorkspaceError

    raise WorkspaceError("paved's embedded workspace is missing", "reinstall paved")
