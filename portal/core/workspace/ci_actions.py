"""The GitHub Actions the golden paths' generated CI uses, at their current majors.

The templates moved from `actions/checkout@v4`, `actions/setup-python@v5` and
`actions/upload-artifact@v4` (node 20, which GitHub retires) to their node 24 majors.
Generated repos take such a move like any other template change: a release, then a
rollout that merges it into each repo, keeping its owner's edits. The demo's history
starts on the previous majors, so its newest release is that move (the update tests'
fleets do the same).
"""

from __future__ import annotations

from pathlib import Path

from ..git import commands as git
from .model import Workspace

# Each action: (its major before, its current major).
ACTIONS = {
    "actions/checkout": ("v4", "v6"),
    "actions/setup-python": ("v5", "v6"),
    "actions/upload-artifact": ("v4", "v7"),
}


def move_ci(root: Path, forward: bool = True) -> list[str]:
    """Rewrite the workflows of every golden path's template under `root/templates` to
    the current majors (`forward`) or to the previous ones; the paths changed."""
    changed = []
    for folder in sorted((root / "templates").iterdir()):
        workflows = folder / ".github" / "workflows"
        for file in sorted(workflows.glob("*.yml*")) if workflows.is_dir() else []:
            text = file.read_text("utf-8")
            moved = text
            for action, (before, now) in ACTIONS.items():
                old, new = (before, now) if forward else (now, before)
                moved = moved.replace(f"{action}@{old}\n", f"{action}@{new}\n")
            if moved != text:
                file.write_text(moved, "utf-8")
                changed.append(folder.name)
    return sorted(set(changed))


def start_on_previous_ci(workspace: Workspace) -> None:
    """Make the workspace's first version (its only tag) generate CI on the previous
    majors, as paved's templates did before they moved: a commit, the tag moved onto it."""
    (tag,) = [tag for _, tag in workspace.versions()]
    move_ci(workspace.root, forward=False)
    git.commit_all(workspace.root, "Generated CI on the actions' previous majors")
    message = git.run(workspace.root, "tag", "--list", "--format=%(contents)", tag)
    git.run(workspace.root, "tag", "--force", "--annotate", tag, "--message", message or tag)
