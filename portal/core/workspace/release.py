"""`paved release`: the next template version, tagged, and the runtime's with it."""

from __future__ import annotations

from ..errors import VersionError, WorkspaceError
from ..git import commands as git
from ..golden_paths.isolation import require_no_own_code
from .model import Workspace
from .runtime import release_runtime
from .versions import parse_version


def release(workspace: Workspace, version: str, message: str = "") -> str:
    """Tag the next template version; return the tag.

    When the runtime changed since its last version, it gets a new one first (a commit
    that raises runtime/pyproject.toml's version, and its `runtime-v` tag), so the
    template version renders the new pin.
    """
    parsed = parse_version(version)
    if not workspace.is_repo:
        raise WorkspaceError(
            f"{workspace.root} is not a git repo", "run `paved init DIR` to make a workspace"
        )
    dirty = git.dirty_paths(workspace.root)
    if dirty:
        raise WorkspaceError(
            f"the workspace has uncommitted changes: {git.some_of(dirty)}",
            "commit or stash them first: a release tags what is committed",
        )
    _ = workspace.golden_paths  # a path whose settings reach another is not released
    require_no_own_code(workspace.root, "HEAD")  # nor a version paved would refuse to render
    versions = workspace.versions()
    if versions and parsed <= versions[-1][0]:
        raise VersionError(
            f"version {parsed} is not greater than the latest, {versions[-1][1]}",
            f"choose a version above {versions[-1][0]}",
        )
    tag = f"v{parsed}"
    release_runtime(workspace.root)
    git.tag(workspace.root, tag, message or f"Template version {parsed}")
    return tag
