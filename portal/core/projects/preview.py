"""What `create` will write for a plan, found by rendering it, before anything is kept.

The TUI's review step shows this list: it is copier's real output for these answers
(rendered into a temporary folder that is removed again), not a guess from the
template's file names.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..git import commands as git
from ..workspace.model import Workspace
from .new import Plan, render


def planned_files(workspace: Workspace, planned: Plan) -> list[str]:
    """The files of the repo `create(workspace, planned)` would make, sorted, as
    `git ls-files` lists them after its first commit."""
    with tempfile.TemporaryDirectory(prefix="paved-preview-") as folder:
        target = Path(folder) / planned.request.name
        render(workspace, planned, target)
        git.init(target)
        listed = git.run(target, "ls-files", "--cached", "--others", "--exclude-standard")
        return sorted(listed.splitlines())
