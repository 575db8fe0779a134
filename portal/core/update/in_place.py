"""A project's update written into its work tree, as `copier update` writes it.

`paved update DIR` leaves the changes uncommitted for the owner to review, conflicted
files with inline markers and marked unmerged in the index (as after `copier update`),
and never writes over a file git does not track.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import DirtyRepoError
from ..file_modes import file_mode
from ..git import commands as git
from ..git import objects as git_objects
from .project import ProjectUpdate
from .render import File


def apply_in_place(update: ProjectUpdate) -> None:
    """Write the update into the project's work tree, as `copier update` does: changes
    left uncommitted, conflicted files with inline markers and marked unmerged."""
    if update.merge is None:
        return
    repo, changes = update.repo, update.merge.changes
    tracked_before = git_objects.list_tree(repo, update.commit)
    # An untracked or git-ignored file of the owner's where the update would write: never
    # overwritten (git could not give it back), so nothing is written at all.
    clobbered = [
        path
        for path in changes
        if path not in tracked_before and ((repo / path).exists() or (repo / path).is_symlink())
    ]
    if clobbered:
        shown = ", ".join(clobbered[:3]) + (
            f" and {len(clobbered) - 3} more" if len(clobbered) > 3 else ""
        )
        raise DirtyRepoError(
            f"{repo}: the update would overwrite files git does not track: {shown}",
            "move them aside (or commit them), then update again; nothing was touched",
        )
    written: list[str] = []
    try:
        for path, file in changes.items():
            target = repo / path
            written.append(path)
            if file is None:
                target.unlink(missing_ok=True)
                _remove_empty_parents(target.parent, repo)
            else:
                _write(target, file)
    except BaseException:
        before = git_objects.list_tree(repo, update.commit)
        tracked = [path for path in written if path in before]
        if tracked:
            git.run(repo, "checkout", update.commit, "--", *tracked)
        for path in set(written) - set(tracked):
            (repo / path).unlink(missing_ok=True)
        raise
    if update.conflicts:
        _mark_unmerged(update)


def _write(target: Path, file: File) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or (file.mode == "120000" and target.exists()):
        target.unlink()
    if file.mode == "120000":
        os.symlink(file.data.decode(), target)
        return
    temporary = target.with_name(f".{target.name}.paved-tmp")
    temporary.write_bytes(file.data)
    temporary.chmod(file_mode(executable=file.mode == "100755"))
    os.replace(temporary, target)


def _remove_empty_parents(folder: Path, top: Path) -> None:
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _mark_unmerged(update: ProjectUpdate) -> None:
    """Record conflicted files as unmerged in the index (base, ours, theirs), so
    `git status` and merge tools see them, as after `copier update`."""
    repo = update.repo
    assert update.merge is not None
    tree = git_objects.list_tree(repo, update.commit)
    stages = update.merge.stages
    paths = [conflict.file for conflict in update.conflicts]
    blobs = git_objects.write_blobs(repo, [file.data for path in paths for file in stages[path]])
    lines = []
    for number, path in enumerate(paths):
        mode = tree[path][0]
        lines += [
            f"0 {'0' * 40}\t{path}",
            f"{mode} {blobs[2 * number]} 1\t{path}",
            f"{mode} {tree[path][1]} 2\t{path}",
            f"{mode} {blobs[2 * number + 1]} 3\t{path}",
        ]
    git.run_bytes(repo, "update-index", "--index-info", stdin=("\n".join(lines) + "\n").encode())
