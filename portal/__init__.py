"""paved: an internal developer portal for data teams.

The public API is the headless core: find a workspace, ask its catalog, create
projects on its golden paths. The CLI (`paved`) and the TUI sit on top of it.
Names are imported on first use, so `import portal` stays cheap.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "PortalError": "portal.core.errors",
    "NewProject": "portal.core.projects.new",
    "NewProjectResult": "portal.core.projects.new",
    "new_project": "portal.core.projects.new",
    "CatalogIndex": "portal.core.catalog.index",
    "open_index": "portal.core.catalog.index",
    "Workspace": "portal.core.workspace.model",
    "find_workspace": "portal.core.demo:find_workspace_or_demo",
    "init_workspace": "portal.core.workspace.create",
    "release": "portal.core.workspace.release",
}

__all__ = sorted(_EXPORTS)
__version__ = "0.1.0"


def __getattr__(name: str) -> object:  # no `typing` here: `import portal` stays cheap
    if name in _EXPORTS:
        module, _, attribute = _EXPORTS[name].partition(":")
        return getattr(import_module(module), attribute or name)
    raise AttributeError(f"module 'portal' has no attribute {name!r}")
