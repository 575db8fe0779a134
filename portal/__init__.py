"""paved: an internal developer portal for data teams.

The public API is the headless core: find a workspace, ask its catalog, create
projects on its golden paths. The CLI (`paved`) and the TUI sit on top of it.
"""

from .core.catalog import Catalog
from .core.errors import PortalError
from .core.generate import NewProject, NewProjectResult, new_project
from .core.workspace import Workspace, find_workspace, init_workspace, release

__all__ = [
    "Catalog",
    "NewProject",
    "NewProjectResult",
    "PortalError",
    "Workspace",
    "find_workspace",
    "init_workspace",
    "new_project",
    "release",
]

__version__ = "0.1.0"
