"""Which template version each project is updated to.

A project on one of the workspace's paths goes to a workspace tag; a project on an
outside path goes to a version of that path's own template (its newest, or the ref
the path follows). Either way the version is settled, and an outside template's
code checked for trust, before any project is rendered.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import PortalError
from ..golden_paths.isolation import require_no_own_code
from ..golden_paths.models import GoldenPath
from ..sources.answers_files import answers_file_names, matching_paths, read_recorded
from ..workspace.model import Workspace


def project_path(workspace: Workspace, repo: Path, ref: str = "HEAD") -> GoldenPath | None:
    """The golden path a project's answers file points at, if the workspace has it."""
    names = answers_file_names(workspace.golden_paths.values())
    try:
        recorded = read_recorded(repo, ref, names)
    except PortalError:
        return None
    found = matching_paths(workspace, recorded, strict=False) if recorded else []
    return found[0] if found else None


def target_version(workspace: Workspace, path: GoldenPath | None, to: str | None) -> str:
    """The version to update a project on `path` to; an outside template is fetched,
    and its code checked for trust (UntrustedTemplateError) at that version."""
    if path is None or path.source is None:
        tag = workspace.tag_for(to) if to else workspace.require_latest_tag()
        require_no_own_code(workspace.root, tag)
        return tag
    from ..sources.template import OutsideTemplate

    with OutsideTemplate(workspace.root, workspace.index_dir, path, to) as template:
        return template.version


def targets(
    workspace: Workspace, names: set[str | None], to: str | None
) -> tuple[str, dict[str, str]]:
    """The version each named golden path goes to: (the workspace's, by outside path).

    The workspace's version is settled only when a workspace path is named (or nothing
    outside is); with outside paths alone, it is their one version, else "per path"."""
    paths = workspace.golden_paths
    outside = {}
    for name in sorted(name for name in names if name):
        path = paths.get(name)
        if path is not None and path.source is not None:
            outside[name] = target_version(workspace, path, to)
    own = any(name and name in paths and paths[name].source is None for name in names)
    if own or not outside:
        return target_version(workspace, None, to), outside
    versions = set(outside.values())
    return (versions.pop() if len(versions) == 1 else "per path"), outside
