"""The three-way merge of a template update, file by file, as `copier update` does it.

Copier renders the old version, writes the new version over the project, re-applies
the owner's edits (the diff from the old render to the project) with `git apply
--reject`, three-way merges each file with rejected hunks using `git merge-file`,
and removes what the new version dropped. Most files need none of that: when only
one side changed a file, the outcome is known from the blob ids alone. Only files
both the owner and the template changed go through git, in a scratch repo, with the
same commands and options copier uses, so the result is the tree copier produces.
"""

from __future__ import annotations

import shutil
import subprocess
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from filecmp import DEFAULT_IGNORES

from ..git import commands as git
from ..git import objects as git_objects
from ..git.scratch import scratch_folder
from .render import SYMLINK, File, Render, Stored, Tree

CONFLICT_START = b"<<<<<<< before updating"
CONFLICT_END = b">>>>>>> after updating"
_LABELS = ("-L", "before updating", "-L", "last update", "-L", "after updating")
_NO_FILE = "0" * 40


@dataclass
class Conflict:
    """A file left with conflict markers, the line ranges of its conflicts, and the
    text of each (markers included), for a pull request to show."""

    file: str
    hunks: list[tuple[int, int]] = field(default_factory=list)
    excerpts: list[str] = field(default_factory=list)


@dataclass
class Merge:
    """What an update does to a project: the files it writes or deletes."""

    changes: dict[str, File | None]
    conflicts: list[Conflict]
    # For each conflicted file, its base and theirs: the stages git records.
    stages: dict[str, tuple[File, File]] = field(default_factory=dict, repr=False)
    added: set[str] = field(default_factory=set)
    # Files the new version drops that the owner edited: kept, for the owner to reconcile.
    reconcile: list[str] = field(default_factory=list)
    # Template files the owner edited (or deleted) whose edits the update keeps.
    kept: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[str]:
        return sorted(self.changes)

    def mark(self, path: str) -> str:
        """A for added, D for deleted, M for modified, as git says it."""
        if self.changes[path] is None:
            return "D"
        return "A" if path in self.added else "M"


@dataclass
class _Pending:
    path: str
    base: File
    ours: File
    theirs: File


def three_way(
    old: Tree,
    ours: dict[str, Stored],
    new: Render,
    merger: GitMerger,
    load: Callable[[list[str]], dict[str, bytes]],
) -> Merge:
    """Merge an update: base = the `old` render, ours = the project, theirs = `new`.

    The project's files are known by blob id; `load` reads the few whose contents
    the merge needs, by blob id.
    """
    skip, answers = new.skip, new.answers_path
    removed = {path for path in old if path not in ours and not skip(path)}
    theirs = {path: file for path, file in new.files.items() if path not in removed}
    base: Tree = dict(old)
    for path in theirs.keys() & ours.keys() - old.keys():  # added on both sides
        base[path] = File(ours[path].mode, b"")

    result: dict[str, File | Stored | None] = {}
    reconcile: list[str] = []
    edited = sorted(path for path in removed if path in new.files)  # owner's deletions stay
    pending: list[tuple[str, File, Stored, File]] = []
    retargeted: dict[str, tuple[Stored, str]] = {}
    for path in sorted(base.keys() | ours.keys() | theirs.keys()):
        mine, template = ours.get(path), theirs.get(path)
        # The new version is written over the project, but for owned files that exist.
        current: File | Stored | None = template
        if template is None or (mine is not None and skip(path)):
            current = mine
        # The owner's edits are re-applied to the files the template wrote.
        before = base.get(path)
        if (
            before is not None
            and mine is not None
            and template is not None
            and not _same(before, mine)
            and path != answers
            and not skip(path)
        ):
            edited.append(path)
            if template.sha != before.sha:
                pending.append((path, before, mine, template))
            elif before.mode != mine.mode or template.mode == mine.mode:
                current = mine
            else:  # the owner's content, in the mode the template gave it
                retargeted[path] = (mine, template.mode)
        # What the new version no longer has goes; unlike copier, paved keeps a file the
        # owner edited (a platform module now in the runtime, say) and names it.
        if before is not None and template is None and not _kept_by_copier(path, current):
            if mine is not None and not _same(before, mine) and not skip(path):
                reconcile.append(path)
            else:
                current = None
        result[path] = current

    wanted = {mine.sha for _, _, mine, _ in pending} | {m.sha for m, _ in retargeted.values()}
    contents = load(sorted(wanted)) if wanted else {}
    for path, (mine, mode) in retargeted.items():
        result[path] = File(mode, contents[mine.sha])
    conflicts, stages = [], {}
    merged = merger.merge(
        [
            _Pending(path, before, File(mine.mode, contents[mine.sha]), template)
            for path, before, mine, template in pending
        ]
    )
    for path, (file, conflict) in merged.items():
        result[path] = file
        if conflict is not None:
            conflicts.append(conflict)
            stages[path] = (base[path], theirs[path])
    changes: dict[str, File | None] = {}
    added = set()
    for path, file in result.items():
        mine = ours.get(path)
        if file is None:
            if mine is not None:
                changes[path] = None
        elif mine is None or not _same(file, mine):
            assert isinstance(file, File)
            changes[path] = file
            if mine is None:
                added.add(path)
    conflicted = {conflict.file for conflict in conflicts}
    kept = sorted(path for path in edited if path not in conflicted)
    return Merge(changes, conflicts, stages, added, reconcile, kept)


def _same(a: File | Stored, b: File | Stored) -> bool:
    return a.mode == b.mode and a.sha == b.sha


def _patched(before: File, mine: File, current: File, data: bytes) -> File:
    """A file the owner's patch applied to: the patch carries a mode change, if any."""
    return File(mine.mode if before.mode != mine.mode else current.mode, data)


def _kept_by_copier(path: str, current: File | Stored | None) -> bool:
    """Copier's clean-up walks folders with `filecmp.dircmp`, which never looks at
    names like `__pycache__` or `tags`, and it leaves symlinks alone."""
    if current is not None and current.mode == SYMLINK:
        return True
    return any(part in DEFAULT_IGNORES for part in path.split("/"))


class GitMerger:
    """A scratch git repo where the owner's hunks are applied and files merged.

    One per process; it is reused for every project a worker updates.
    """

    def __init__(self) -> None:
        self.root = scratch_folder("merge")
        self.work = self.root / "work"
        self.files = self.root / "files"
        self.work.mkdir()
        git.run(self.work, "init", "--quiet")

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def merge(self, pending: list[_Pending]) -> dict[str, tuple[File, Conflict | None]]:
        if not pending:
            return {}
        self._reset()
        base_tree, base_trees = git_objects.tree_objects(
            {item.path: (item.base.mode, item.base.sha) for item in pending}
        )
        ours_tree, ours_trees = git_objects.tree_objects(
            {item.path: (item.ours.mode, item.ours.sha) for item in pending}
        )
        blobs = {file.sha: file.data for item in pending for file in (item.base, item.ours)}
        self._store("blob", blobs)
        self._store("tree", {**base_trees, **ours_trees})
        patch = git.run_bytes(
            self.work,
            "diff-tree",
            "-r",
            "--unified=3",
            "--inter-hunk-context=-1",
            base_tree,
            ours_tree,
        )
        for item in pending:
            target = self.work / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(item.theirs.data)
        git.run_bytes(self.work, "apply", "--reject", stdin=patch, check=False)

        merged: dict[str, tuple[File, Conflict | None]] = {}
        for item in pending:
            target = self.work / item.path
            rejected = target.with_name(target.name + ".rej")
            if not rejected.exists():
                merged[item.path] = (
                    _patched(item.base, item.ours, item.theirs, target.read_bytes()),
                    None,
                )
                continue
            data = self._merge_file(item)
            conflict = conflict_in(item.path, data)
            merged[item.path] = (File(item.ours.mode, data), conflict)
        return merged

    def _store(self, kind: str, objects: dict[str, bytes]) -> None:
        """Write objects into the scratch repo as git writes loose objects, with no git
        process: the repo is paved's own, made by `git init` with its defaults."""
        store = self.work / ".git" / "objects"
        for sha, body in objects.items():
            path = store / sha[:2] / sha[2:]
            if not path.exists():
                path.parent.mkdir(exist_ok=True)
                data = b"%s %d\0" % (kind.encode(), len(body)) + body
                path.write_bytes(zlib.compress(data))

    def _merge_file(self, item: _Pending) -> bytes:
        folder = self.files / "merge"
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, file in (("ours", item.ours), ("base", item.base), ("theirs", item.theirs)):
            path = folder / name
            path.write_bytes(file.data)
            paths.append(str(path))
        result = subprocess.run(
            ["git", "merge-file", *_LABELS, "--stdout", "--", *paths],
            cwd=self.work,
            capture_output=True,
        )
        if result.returncode < 0 or result.returncode > 127:
            return item.ours.data
        return result.stdout

    def _reset(self) -> None:
        for child in self.work.iterdir():
            if child.name != ".git":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        shutil.rmtree(self.files, ignore_errors=True)
        self.files.mkdir()


def conflict_in(path: str, data: bytes) -> Conflict | None:
    """The conflict hunks of a merged file, by copier's markers; None when clean."""
    hunks, start = [], None
    lines = data.splitlines()
    for number, line in enumerate(lines, start=1):
        if line.rstrip() == CONFLICT_START:
            start = number
        elif line.rstrip() == CONFLICT_END and start is not None:
            hunks.append((start, number))
            start = None
    if not hunks:
        return None
    excerpts = [
        b"\n".join(lines[start - 1 : end]).decode("utf-8", "replace") for start, end in hunks
    ]
    return Conflict(path, hunks, excerpts)
