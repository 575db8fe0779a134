"""`paved release`: the next template version, tagged, and the runtime's with it.

`paved release VERSION --dry-run` rehearses it: the same release made in a scratch
clone of the workspace (its runtime version, its changelog, its tag), which the caller
reads as the workspace the release would make (`rehearsal`), then throws away. Nothing
of the workspace itself is written.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator

from packaging.version import Version

from ..errors import VersionError, WorkspaceError
from ..filenames import CHANGELOG_FILE
from ..git import commands as git
from ..git.scratch import scratch_folder
from ..golden_paths.isolation import require_no_own_code
from .changelog import name_release
from .model import Workspace
from .runtime import release_runtime
from .versions import parse_version


def release(workspace: Workspace, version: str, message: str = "") -> str:
    """Tag the next template version; return the tag.

    When the runtime changed since its last version, it gets a new one first (a commit
    that raises runtime/pyproject.toml's version, and its `runtime-v` tag), so the
    template version renders the new pin. The template's changelog names its
    `Unreleased` section after the version (`message` added as an entry), committed.
    """
    parsed = check_release(workspace, version)
    return _tag(workspace, parsed, message)


def check_release(workspace: Workspace, version: str) -> Version:
    """Whether the workspace can be released as `version`, said as an error if not."""
    parsed = parse_version(version)
    assert parsed is not None
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
    return parsed


def _tag(workspace: Workspace, parsed: Version, message: str) -> str:
    tag = f"v{parsed}"
    # The changelog first: the runtime's tag (when it gets one) and the template's then
    # name the same commit.
    if name_release(workspace.root, CHANGELOG_FILE, str(parsed), message):
        git.commit_paths(workspace.root, f"Changelog: {tag}", [CHANGELOG_FILE])
    release_runtime(workspace.root)
    git.tag(workspace.root, tag, message or f"Template version {parsed}")
    return tag


@contextlib.contextmanager
def rehearsal(workspace: Workspace, version: str, message: str = "") -> Iterator[Workspace]:
    """The workspace as `release(workspace, version, message)` would leave it, made in
    a scratch clone: its template versions are the clone's, its catalog and derived
    data the workspace's own (read, never written by the release). Removed on exit."""
    parsed = check_release(workspace, version)
    folder = scratch_folder("release")
    try:
        clone = folder / workspace.root.name
        git.run(folder, "clone", "--quiet", "--shared", str(workspace.root), str(clone))
        rehearsed = workspace.with_template_from(clone)
        _tag(rehearsed, parsed, message)
        yield rehearsed
    finally:
        shutil.rmtree(folder, ignore_errors=True)
