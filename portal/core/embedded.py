"""What paved ships: its embedded workspace (golden paths, templates, the runtime),
packaged in a wheel (`portal/_workspace/`) or, run from a checkout, the checkout itself.
Standard library only: it is on every command's path."""

from __future__ import annotations

import os

from .errors import WorkspaceError
from .filenames import CONFIG_FILE

# paved's package folder (`portal/`): this file is portal/core/embedded.py.
PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))


def source_checkout() -> str:
    """The checkout paved runs from (its `portal/` package's parent), real path."""
    return os.path.dirname(PACKAGE)


def embedded_folder() -> str:
    """The default workspace shipped with paved: packaged in a wheel, or this checkout."""
    for candidate in (os.path.join(PACKAGE, "_workspace"), source_checkout()):
        if os.path.isfile(os.path.join(candidate, CONFIG_FILE)):
            return candidate
    raise WorkspaceError("paved's embedded workspace is missing", "reinstall paved")
