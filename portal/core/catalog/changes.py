"""A change to the catalog's files: written, committed to the workspace repo, or undone.

A command that edits the catalog (a team added, a consumer registered, projects
refreshed from their repos) writes its files through a `CatalogChange`, then commits
exactly those files to the workspace repo, when there is one, with a message that says
what changed. Anything else in the repo, staged or not, is left as it was. When
anything fails, before or during the commit, the files are put back as they were: a
failed command changes nothing in `catalog/`.

Call it holding the catalog lock, so two commands cannot interleave their changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import DirtyRepoError
from ..file_modes import write_atomically
from ..git import commands as git
from ..owned_yaml import write_documents
from .entities import Entity
from .store import write_entities


class CatalogChange:
    """The files one command changes, with what they held before."""

    def __init__(self, repo: Path | None) -> None:
        self.repo = repo
        self._before: dict[Path, bytes | None] = {}
        self.commit: str | None = None

    def check_clean(self, paths: Iterable[Path]) -> None:
        """Refuse to touch a catalog file with changes not committed: a commit of it
        would carry someone else's edits under this command's message."""
        if self.repo is None:
            return
        relative = self._relative(paths)
        if not relative:
            return
        status = git.run_bytes(
            self.repo, "status", "--porcelain", "-z", "--untracked-files=all", "--", *relative
        )
        dirty = [entry[3:].decode() for entry in status.split(b"\0") if entry]
        if dirty:
            raise DirtyRepoError(
                f"{', '.join(dirty)} in the workspace {self.repo} has changes not committed",
                "commit or drop them first, then run the command again",
            )

    def write(self, path: Path, entities: Iterable[Entity]) -> None:
        self._keep(path)
        write_entities(path, entities)

    def write_documents(self, path: Path, documents: list) -> None:
        """Write YAML documents people edit (round-trip nodes: comments kept)."""
        self._keep(path)
        write_documents(path, documents)

    def _keep(self, path: Path) -> None:
        if path not in self._before:
            self._before[path] = path.read_bytes() if path.exists() else None

    def remove(self, path: Path) -> None:
        if path not in self._before:
            self._before[path] = path.read_bytes() if path.exists() else None
        path.unlink(missing_ok=True)

    @property
    def changed(self) -> list[Path]:
        """The files whose content differs from before the change, in name order."""
        return sorted(
            path
            for path, before in self._before.items()
            if (path.read_bytes() if path.exists() else None) != before
        )

    def save(self, message: str) -> str | None:
        """Commit the changed files to the workspace repo; return the commit, if any."""
        relative = self._relative(self.changed)
        if self.repo is None or not relative:
            return None
        self.commit = git.commit_paths(self.repo, message, relative)
        return self.commit

    def undo(self) -> None:
        """Put every file back as it was, in the work tree and in the repo's index."""
        for path, before in self._before.items():
            if before is None:
                path.unlink(missing_ok=True)
            else:
                write_atomically(path, before)
        # `git add` may have staged them before the commit failed: unstage them. They
        # were clean (or new) before, so their index entries go back to HEAD's. One at
        # a time: a new file that was never staged is not a path git knows.
        for relative in self._relative(self._before):
            git.run_on_index(self.repo, "restore", "--staged", "--", relative, check=False)

    def _relative(self, paths: Iterable[Path]) -> list[str]:
        if self.repo is None:
            return []
        root = self.repo.resolve()
        return [
            str(path.resolve().relative_to(root))
            for path in paths
            if path.resolve().is_relative_to(root)
        ]


@contextmanager
def catalog_change(repo: Path | None) -> Iterator[CatalogChange]:
    """A change to commit with `save`, last; undone if anything fails before it is saved."""
    change = CatalogChange(repo)
    try:
        yield change
    except BaseException:
        if change.commit is None:
            change.undo()
        raise
