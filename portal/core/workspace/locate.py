"""Where the workspace is, found with the standard library alone.

`--workspace`, else $PAVED_WORKSPACE, else the nearest folder above with paved.toml,
else the demo workspace in paved's data directory (`core.demo` builds it). paved's own
source checkout holds a paved.toml (it is where new workspaces are copied from) but is
never used as a workspace: nothing is written into it. Standard library only: it is
a few system calls on every command's path.
"""

from __future__ import annotations

import os

from ..embedded import source_checkout
from ..filenames import CONFIG_FILE

ENV_VAR = "PAVED_WORKSPACE"
DATA_DIR_VAR = "PAVED_DATA_DIR"


def locate(
    explicit: str | os.PathLike[str] | None = None, cwd: str | None = None
) -> tuple[str, str]:
    """(folder, how it was found): "--workspace", ENV_VAR, "search" or "demo".

    A folder named by the user is returned as named, to be checked by the caller; a
    folder found by searching has paved.toml; the demo's folder may not be built yet.
    """
    if explicit is not None:
        return os.fspath(explicit), "--workspace"
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR], ENV_VAR
    here = os.path.realpath(cwd or os.getcwd())
    source = source_checkout()
    while True:
        if here != source and os.path.isfile(os.path.join(here, CONFIG_FILE)):
            return here, "search"
        parent = os.path.dirname(here)
        if parent == here:
            return demo_workspace_folder(), "demo"
        here = parent


def demo_workspace_folder() -> str:
    """Where the demo workspace is (or will be built): $PAVED_DATA_DIR/demo/workspace,
    else the platform's user data directory's."""
    data = os.environ.get(DATA_DIR_VAR)
    if data:
        data = os.path.expanduser(data)
    else:
        from platformdirs import user_data_dir

        data = user_data_dir("paved", appauthor=False)
    return os.path.join(data, "demo", "workspace")
