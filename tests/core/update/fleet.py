"""A fleet of generated repos with owners' edits, and template releases to roll out.

Used by the update tests and by `bench/fleet_update.py`; everything is real: a
platform workspace tagged with versions, repos made by `paved new`, owners' commits.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml
from pathspec import PathSpec

from portal.core.projects.new import NewProject, new_project
from portal.core.workspace.ci_actions import move_ci, start_on_previous_ci
from portal.core.workspace.create import init_workspace
from portal.core.workspace.model import Workspace
from portal.core.workspace.release import release
from tests.helpers import git, tree

PATHS = ("dataset-producer", "etl-job", "model-service")
PRODUCER = "orders_source"


def build_fleet(base: Path, count: int, conflicts: bool = True) -> tuple[Workspace, list[Path]]:
    """A workspace at v1.0.0 and `count` repos across the golden paths, each with
    owners' edits committed: managed and owned files edited, files added and deleted.
    With `conflicts`, every fifth repo also edits a line the next release changes."""
    workspace = init_workspace(base / "ws")
    start_on_previous_ci(workspace)  # the release moves CI to the current majors
    repos = [_generate(workspace, "dataset-producer", PRODUCER, base, [])]
    for number in range(1, count):
        path = PATHS[number % len(PATHS)]
        name = f"{path.replace('-', '_')}_{number:03d}"
        consumes = [PRODUCER] if path != "dataset-producer" and number % 2 else []
        repos.append(_generate(workspace, path, name, base, consumes))
    for number, repo in enumerate(repos):
        edit_as_owner(repo, number, conflicts)
    return workspace, repos


def _generate(workspace: Workspace, path: str, name: str, base: Path, consumes: list[str]) -> Path:
    request = NewProject(
        golden_path=path,
        name=name,
        owner="analytics",
        dest=base / "repos" / name,
        consumes=consumes,
    )
    return new_project(workspace, request).dest


def edit_as_owner(repo: Path, number: int, conflicts: bool = True) -> None:
    """What owners do to their repos between releases, committed."""
    gitignore = repo / ".gitignore"  # managed: the next release appends to it
    gitignore.write_text("# team scratch space\nscratch/\n" + gitignore.read_text())
    readme = repo / "README.md"  # owned
    readme.write_text(readme.read_text() + "\n## Runbook\n\nPage the on-call analyst.\n")
    notes = repo / "docs" / "decisions.md"  # added
    notes.parent.mkdir(exist_ok=True)
    notes.write_text(f"# Decisions\n\n{number}. We keep the raw files for a year.\n")
    pyproject = repo / "pyproject.toml"  # managed, unchanged by the next release
    if number % 4 == 1:
        pyproject.write_text(pyproject.read_text() + "\n[tool.team]\nlead = 'ana'\n")
    if number % 3 == 2:  # an owned file deleted: copier makes it again
        readme.unlink()
    if number % 6 == 3:  # a managed file deleted: it stays deleted
        managed_tests = ("tests/conftest.py", "tests/test_dataset.py", "tests/test_job.py")
        next(repo / name for name in managed_tests if (repo / name).exists()).unlink()
    if conflicts and number % 5 == 4:  # the same line the release changes
        ci = repo / ".github" / "workflows" / "ci.yml"
        ci.write_text(ci.read_text().replace("actions/checkout@v4", "actions/checkout@v4.2.2", 1))
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "Owner's changes")


def release_managed_change(workspace: Workspace, version: str = "1.1.0") -> str:
    """A template release that changes managed files of every golden path: CI moved to
    the current majors of its actions, a line added to .gitignore, a new .editorconfig."""
    commit_managed_change(workspace, version)
    return release(workspace, version)


def commit_managed_change(workspace: Workspace, version: str = "1.1.0") -> None:
    """The changes `release_managed_change` releases, committed to the workspace."""
    move_ci(workspace.root)
    seen: set[Path] = set()
    for path in PATHS:
        folder = workspace.root / "templates" / path
        gitignore = (folder / ".gitignore").resolve()
        if gitignore not in seen and gitignore.exists():
            seen.add(gitignore)
            gitignore.write_text(gitignore.read_text() + ".coverage\n")
        (folder / ".editorconfig").write_text("root = true\n\n[*]\nindent_style = space\n")
    git(workspace.root, "add", "--all")
    git(workspace.root, "commit", "--quiet", "--message", f"Template changes for {version}")


def branch_tree(repo: Path, branch: str, scratch: Path) -> dict[str, tuple[bool, bytes]]:
    """The tree of a branch, checked out in a throwaway work tree."""
    folder = scratch / repo.name
    git(repo, "worktree", "add", "--quiet", "--detach", str(folder), branch)
    try:
        return tree(folder, modes=True)
    finally:
        git(repo, "worktree", "remove", "--force", str(folder))


def edited_by_commits(workspace: Workspace, repos: list[Path]) -> Counter:
    """(golden path, managed pattern) -> how many repos' commits since `paved new` made
    them changed a file the pattern matches: counted from git, not from paved."""
    counts: Counter = Counter()
    for repo in repos:
        answers = yaml.safe_load((repo / ".copier-answers.yml").read_text())
        first = git(repo, "rev-list", "--max-parents=0", "HEAD")
        changed = git(repo, "diff", "--name-only", first, "HEAD").splitlines()
        for pattern in workspace.golden_path(answers["golden_path"]).managed:
            spec = PathSpec.from_lines("gitignore", [pattern])
            if any(spec.match_file(file) for file in changed):
                counts[answers["golden_path"], pattern] += 1
    return counts
