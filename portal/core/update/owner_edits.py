"""What owners keep editing: the fleet's edits to the files the platform manages.

For every managed file of every golden path (path.yaml's `managed` patterns), how many
repos changed it against their own version's render (the base a rollout merges their
edits from), and the commonest edits: each repo's hunks, grouped by content. An edit
many repos make alike is one to absorb into the template; a file most repos edit each
their own way is one to hand to its owners. Each repo is read from its default branch
in a worker process (one render per repo, nothing written), as `paved status` does.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pathspec import PathSpec

from ..errors import PortalError
from ..git import commands as git
from ..git import objects as git_objects
from ..reporting import NullReporter, Reporter
from ..workspace.model import Workspace
from .project import Engine, render_own_version
from .selection import RolloutRequest, Selected, select
from .workers import run_parallel

DELETED = "(deleted)"  # the edit of a repo that deleted the file
LIMIT = 5  # the commonest edits kept per file
_EXAMPLES = 3  # projects named per edit
# A suggestion, from how alike the repos' edits are (see `suggestion`).
ABSORB, HAND_OVER = "absorb the commonest edit", "hand it to owners"


@dataclass
class Edit:
    """One edit, as a unified diff's changed lines, and how many repos made it."""

    hunk: str
    repos: int
    examples: list[str] = field(default_factory=list)


@dataclass
class ManagedFile:
    """A managed file pattern of a golden path, and the fleet's edits to it."""

    golden_path: str
    file: str  # the pattern in path.yaml's `managed`
    repos: int  # repos of the path whose own version renders it
    edited: int  # of those, repos whose file differs from that render
    deleted: int  # of those, repos that deleted it
    edits: list[Edit] = field(default_factory=list)  # commonest first
    suggests: str = ""


@dataclass
class EditsReport:
    files: list[ManagedFile]
    repos: int  # repos read
    skipped: list[str] = field(default_factory=list)  # "project: why not read"


@dataclass
class _RepoEdits:
    project: str
    golden_path: str | None
    # Per managed pattern the repo renders: its hunks ([DELETED] when deleted; empty:
    # unedited).
    files: dict[str, list[str]] = field(default_factory=dict)
    skipped: str = ""


def fleet_edits(
    workspace: Workspace,
    *,
    owner: str | None = None,
    golden_path: str | None = None,
    only: tuple[str, ...] | list[str] = (),
    jobs: int = 1,
    reporter: Reporter | None = None,
    on_repo: Callable[[str], None] | None = None,
) -> EditsReport:
    """Every managed file of the selected projects' golden paths, with the repos that
    edited it and the commonest edits."""
    reporter = reporter or NullReporter()
    request = RolloutRequest(owner=owner, golden_path=golden_path, only=list(only))
    projects = select(workspace, request)
    found: list[_RepoEdits] = []
    reporter.start(f"Reading the managed files of {len(projects)} projects", total=len(projects))
    try:
        for repo in run_parallel(workspace, probe_edits, projects, jobs):
            found.append(repo)
            if on_repo is not None:
                on_repo(repo.project)
            reporter.advance(repo.project)
    finally:
        reporter.finish()
    paths = sorted({p.golden_path for p in projects if p.golden_path in workspace.golden_paths})
    files = []
    for name in paths:
        for pattern in workspace.golden_paths[name].managed:
            files.append(_tally(name, pattern, [r for r in found if r.golden_path == name]))
    read = [repo for repo in found if not repo.skipped]
    skipped = sorted(f"{repo.project}: {repo.skipped}" for repo in found if repo.skipped)
    return EditsReport(files, len(read), skipped)


def _tally(golden_path: str, pattern: str, repos: list[_RepoEdits]) -> ManagedFile:
    having = [repo for repo in repos if pattern in repo.files]
    edited = [repo for repo in having if repo.files[pattern]]
    groups: dict[str, list[str]] = {}
    for repo in edited:
        for hunk in dict.fromkeys(repo.files[pattern]):  # a repo counts once per edit
            groups.setdefault(hunk, []).append(repo.project)
    ranked = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    edits = [Edit(hunk, len(names), sorted(names)[:_EXAMPLES]) for hunk, names in ranked]
    deleted = sum(1 for repo in edited if repo.files[pattern] == [DELETED])
    found = ManagedFile(golden_path, pattern, len(having), len(edited), deleted, edits[:LIMIT])
    found.suggests = suggestion(found)
    return found


def suggestion(file: ManagedFile) -> str:
    """Absorb an edit that at least a quarter of the repos (two or more) made alike;
    hand a file that half the repos or more edit, each their own way, to its owners."""
    if not file.edits or not file.repos:
        return ""
    top = file.edits[0]
    if top.hunk != DELETED and top.repos >= 2 and top.repos * 4 >= file.repos:
        return ABSORB
    if file.edited * 2 >= file.repos and file.edited >= 2:
        return HAND_OVER
    return ""


def probe_edits(engine: Engine, project: Selected) -> _RepoEdits:
    """One repo's edits to its managed files, from its default branch; never raises."""
    found = _RepoEdits(project.name, project.golden_path)
    path = engine.workspace.golden_paths.get(project.golden_path or "")
    repo = Path(project.repo) if project.repo else None
    if path is None:
        found.skipped = "no golden path of the workspace"
        return found
    if repo is None or not (repo / ".git").exists():
        found.skipped = f"repo not found at {project.repo}"
        return found
    try:
        refs = git.branches(repo)
        base = git.default_branch(repo, refs, git.current_branch(repo))
        commit = git.commit_of(refs, base) or git.run(repo, "rev-parse", "HEAD")
        with git_objects.ObjectReader(repo) as objects:
            own = render_own_version(engine, repo, commit, objects)
            if own.untold:
                found.skipped = own.untold
                return found
            ours = git_objects.files_of(objects.listing(commit))
            matchers = [(pattern, _spec(pattern)) for pattern in path.managed]
            differing: dict[str, str] = {}
            for file, rendered in sorted(own.files.items()):
                pattern = next((p for p, spec in matchers if spec.match_file(file)), None)
                if pattern is None:
                    continue
                found.files.setdefault(pattern, [])
                if file not in ours:
                    found.files[pattern].append(DELETED)
                elif ours[file][1] != rendered.sha:
                    differing[file] = pattern
            blobs = objects.blobs([ours[file][1] for file in differing])
            for file, pattern in differing.items():
                mine = blobs.get(ours[file][1], b"")
                found.files[pattern] += hunks(own.files[file].data, mine)
    except PortalError as error:
        found.skipped = error.message
    return found


@functools.cache
def _spec(pattern: str) -> PathSpec:
    """A managed pattern, matched as copier matches `_skip_if_exists`."""
    return PathSpec.from_lines("gitignore", [pattern])


def hunks(rendered: bytes, mine: bytes) -> list[str]:
    """The changed lines of each hunk from the render to the repo's file, without line
    numbers, so the same edit reads the same in every repo."""
    before = rendered.decode("utf-8", "replace").splitlines()
    after = mine.decode("utf-8", "replace").splitlines()
    found: list[str] = []
    current: list[str] = []
    lines = difflib.unified_diff(before, after, n=0, lineterm="")
    for line in list(lines)[2:]:  # the `---` and `+++` lines name the files
        if line.startswith("@@"):
            if current:
                found.append("\n".join(current))
            current = []
        else:
            current.append(line)
    if current:
        found.append("\n".join(current))
    return found or ["(mode changed)"]
