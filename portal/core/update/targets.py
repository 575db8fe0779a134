"""Which template version each project is updated to.

A project on one of the workspace's paths goes to a workspace tag; a project on an
outside path goes to a version of that path's own template (its newest, or the ref
the path follows). Either way the version is settled, and an outside template's
code checked for trust, before any project is rendered.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from ..filenames import ANSWERS_FILE, CRUFT_FILE
from ..git import objects as git_objects
from ..golden_paths.isolation import require_no_own_code
from ..golden_paths.models import GoldenPath
from ..workspace.model import Workspace


def project_path(workspace: Workspace, repo: Path, ref: str = "HEAD") -> GoldenPath | None:
    """The golden path a project's answers file points at, if the workspace has it."""
    found = git_objects.read_blobs(repo, [f"{ref}:{CRUFT_FILE}", f"{ref}:{ANSWERS_FILE}"])
    source: Any = None
    name: Any = None
    if f"{ref}:{CRUFT_FILE}" in found:
        try:
            source = json.loads(found[f"{ref}:{CRUFT_FILE}"]).get("template")
        except (ValueError, AttributeError):
            return None
    elif f"{ref}:{ANSWERS_FILE}" in found:
        try:
            answers = yaml.safe_load(found[f"{ref}:{ANSWERS_FILE}"]) or {}
        except yaml.YAMLError:
            return None
        if isinstance(answers, dict):
            source, name = answers.get("_src_path"), answers.get("golden_path")
    for path in workspace.golden_paths.values():
        if path.source is not None and path.source.url == source:
            return path
    return workspace.golden_paths.get(str(name)) if name else None


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
