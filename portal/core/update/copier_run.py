"""Updates from outside copier templates with tasks or migrations: copier runs them.

paved's own update renders both versions and merges them without running anything,
which would leave out what a template's `_tasks` and `_migrations` do. For such a
template (trusted: its code was checked at both versions first), `copier update
--defaults` itself runs (copier's command line, in a process of its own) in a throwaway
clone of the project at the commit being updated: never in the owner's work tree, so nothing
untracked or ignored of theirs is seen or touched. The tree it leaves is read back
through git (what `git add -A` would commit) as paved's usual merge, so the branch,
commit, conflict report, checks and journal are those of every other kind.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import UpdateError
from ..git import commands as git
from ..git import objects as git_objects
from .merge import Conflict, Merge, conflict_in
from .render import File, Renderer

RUNS_CODE = (
    "its template runs tasks or migrations, which status does not run: the update's "
    "changes and conflicts are known by `paved update --dry-run` (run in a scratch copy)"
)


def plan_with_copier(
    renderer: Renderer,
    repo: Path,
    commit: str,
    src_path: str,
    versions: tuple[str, str],
    answers_file: str,
) -> Merge | None:
    """What `copier update --defaults --vcs-ref TO --answers-file FILE` does to the project
    at `commit`, from and to `versions`, as a merge (None: no file changes)."""
    from_version, to_tag = versions
    # Trust at both versions before copier runs either: its "old copy" runs the old
    # version's tasks, the update the new version's tasks and migrations.
    renderer.checkout(from_version, src_path)
    renderer.checkout(to_tag, src_path)
    scratch = Path(tempfile.mkdtemp(dir=renderer.scratch, prefix="copier-update-"))
    clone = scratch / repo.name
    try:
        failed = git.check_out_copy(repo, commit, clone)
        if failed is not None:
            raise UpdateError(f"cannot check {repo} out to update it: {failed}", "")
        _run_update(clone, to_tag, answers_file)
        unmerged = _unmerged(clone)
        git.run(clone, "add", "--all")
        tree = git.run(clone, "write-tree")
        return _merge(clone, commit, tree, unmerged)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _run_update(clone: Path, to_tag: str, answers_file: str) -> None:
    """`copier update --defaults` in a process of its own: what the template's tasks
    print stays out of paved's output (stdout is data), and copier's changes of working
    directory out of paved's process (the TUI runs updates in a thread)."""
    command = [sys.executable, "-m", "copier", "update", "--defaults", "--quiet"]
    # Trusted: checked at both versions by the caller.
    command += ["--trust", "--conflict", "inline", "--vcs-ref", to_tag]
    command += ["--answers-file", answers_file]
    done = subprocess.run(
        command, cwd=clone, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    if done.returncode != 0:
        said = [line.strip() for line in (done.stderr + done.stdout).splitlines() if line.strip()]
        raise UpdateError(
            f"copier update to {to_tag} failed: {said[-1] if said else done.returncode}",
            "run `copier update --defaults --trust` in a copy of the project to see why",
        )


def _unmerged(clone: Path) -> dict[str, dict[int, tuple[str, str]]]:
    """The files copier left conflicted: path -> stage -> (mode, blob id)."""
    found: dict[str, dict[int, tuple[str, str]]] = {}
    for record in git.run_bytes(clone, "ls-files", "--unmerged", "-z").split(b"\0"):
        if not record:
            continue
        meta, name = record.split(b"\t", 1)
        mode, sha, stage = meta.decode().split()
        found.setdefault(name.decode(), {})[int(stage)] = (mode, sha)
    return found


def _merge(
    clone: Path, commit: str, tree: str, unmerged: dict[str, dict[int, tuple[str, str]]]
) -> Merge | None:
    before = git_objects.list_tree(clone, commit)
    after = git_objects.list_tree(clone, tree)
    changed = sorted(
        path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
    )
    if not changed:
        return None
    stage_shas = [entry[1] for stages in unmerged.values() for entry in stages.values()]
    blobs = git_objects.read_blobs(clone, [after[path][1] for path in changed if path in after])
    blobs.update(git_objects.read_blobs(clone, stage_shas))
    changes: dict[str, File | None] = {
        path: File(after[path][0], blobs[after[path][1]]) if path in after else None
        for path in changed
    }
    conflicts: list[Conflict] = []
    stages: dict[str, tuple[File, File]] = {}
    for path in sorted(unmerged):
        file = changes.get(path)
        conflict = conflict_in(path, file.data) if file else None
        if file is None or conflict is None:
            continue
        conflicts.append(conflict)
        # Stage 1 is the old version's render, stage 3 the new one's (copier's records).
        base, theirs = (unmerged[path].get(stage) for stage in (1, 3))
        stages[path] = (
            File(file.mode, blobs[base[1]] if base else b""),
            File(file.mode, blobs[theirs[1]] if theirs else b""),
        )
    added = {path for path in changed if path not in before}
    return Merge(changes, conflicts, stages, added)
