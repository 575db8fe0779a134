"""Copier's renderer, fed from one checkout per template version.

`copier update` clones the template for every render and compiles every Jinja string
anew each time. A rollout checks each template version out once, keeps copier's
`Template` (its parsed copier.yml) and one Jinja environment per version, and
memoises template compilation, so a project's two renders cost tens of milliseconds.
The rendering itself is copier's own `Worker.run_copy`, under the "update" operation
as in `copier update`.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import stat
import tempfile
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import TemplateNotFoundError
from ..filenames import ANSWERS_FILE
from ..git import commands as git
from ..git.scratch import scratch_folder
from ..golden_paths.isolation import own_code_refused
from ..sources import copier_internals
from ..sources.answers_files import normalized_source
from ..sources.trust import copier_features

if TYPE_CHECKING:
    from ..golden_paths.models import GoldenPath
    from ..workspace.model import Workspace

REGULAR, EXECUTABLE, SYMLINK = "100644", "100755", "120000"


@dataclass(frozen=True)
class File:
    """One file of a tree: its git mode and its bytes."""

    mode: str
    data: bytes

    @functools.cached_property
    def sha(self) -> str:
        return blob_sha(self.data)


@dataclass(frozen=True)
class Stored:
    """A file of a project as git stores it: its mode and blob id, contents unread."""

    mode: str
    sha: str


Tree = dict[str, File]


@dataclass
class Render:
    """A project rendered at one template version."""

    files: Tree
    answers_path: str
    skip: Callable[[str], bool]
    exclude: tuple[str, ...]


def blob_sha(data: bytes) -> str:
    """The git object id of a blob with these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class Renderer:
    """Renders projects at template versions of one workspace; one per process.

    Checkouts, parsed templates and compiled Jinja live as long as the renderer.
    Close it (or use it as a context manager) to remove its checkouts.
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.root = workspace.root
        self.scratch = scratch_folder("render")
        self._checkouts: dict[tuple[str | None, str], Path] = {}
        self._templates: dict[tuple[str, str], Any] = {}
        self._environments: dict[tuple[str, str], Any] = {}
        self._settings: Any = None
        self._outside: dict[str, GoldenPath] | None = None

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)

    def render_old(
        self,
        answers: dict[str, Any],
        src_path: str,
        ref: str,
        exclude: Sequence[str],
        answers_path: str = ANSWERS_FILE,
    ) -> Tree:
        """The project as the version it was made from rendered it (copier's "old copy"),
        its answers recorded at `answers_path`."""
        return self._render(
            src_path, ref, data=answers, exclude=exclude, answers_path=answers_path
        ).files

    def render_new(
        self,
        answers_file: bytes,
        answers_path: str,
        src_path: str,
        ref: str,
        data: dict[str, Any] | None = None,
    ) -> Render:
        """The project at `ref`, answered as `copier update --defaults` answers it: its
        recorded answers, and the defaults of questions it was never asked. Copier
        reads recorded answers from the destination, so the render starts from a
        folder holding only the answers file, which it then rewrites. `data` overrides
        answers, as `copier update --data` does (paved moves the runtime's pin so)."""
        return self._render(
            src_path, ref, data=data, answers_file=answers_file, answers_path=answers_path
        )

    def _render(
        self,
        src_path: str,
        ref: str,
        data: dict[str, Any] | None = None,
        exclude: Sequence[str] = (),
        answers_file: bytes | None = None,
        answers_path: str = ANSWERS_FILE,
    ) -> Render:
        from copier.errors import UnsafeTemplateError

        dest = Path(tempfile.mkdtemp(dir=self.scratch))
        if answers_file is not None:
            recorded = dest / answers_path
            recorded.parent.mkdir(parents=True, exist_ok=True)
            recorded.write_bytes(answers_file)
        template = self._template(src_path, ref)
        worker = copier_internals.worker(
            template,
            src_path=src_path,
            dst_path=dest,
            vcs_ref=ref,
            data=data or {},
            exclude=tuple(exclude),
            settings=self._copier_settings(),
            answers_file=Path(answers_path),
            defaults=True,
            overwrite=True,
            quiet=True,
            # An outside template's code was checked for trust at its checkout.
            unsafe=self.outside_path(src_path) is not None,
        )
        copier_internals.use_environment(worker, self._environment(src_path, ref, worker))
        copier_internals.render_faster(worker)
        try:
            with warnings.catch_warnings(), copier_internals.update_operation():
                warnings.simplefilter("ignore")
                worker.run_copy()
            skip = worker.match_skip
            return Render(
                files=read_tree(dest),
                answers_path=str(worker.answers_relpath),
                skip=lambda path: bool(skip(Path(path))),
                exclude=tuple(template.exclude),
            )
        except UnsafeTemplateError as error:
            raise own_code_refused(copier_features(error), ref) from error
        finally:
            shutil.rmtree(dest, ignore_errors=True)

    def _template(self, src_path: str, ref: str) -> Any:
        key = (src_path, ref)
        if key not in self._templates:
            # The recorded source may be a path of another machine (a CI runner):
            # the content comes from this workspace's checkout of the same version.
            template = copier_internals.template_at(self.checkout(ref, src_path), src_path, ref)
            own = self.outside_path(src_path) is None
            if own and (template.jinja_extensions or template.config_data.get("tasks")):
                # Read from copier.yml before copier builds its Jinja environment,
                # which imports the extensions.
                raise own_code_refused("Jinja extensions or tasks", ref)
            self._templates[key] = template
        return self._templates[key]

    def runs_tasks(self, src_path: str, ref: str) -> bool:
        """Whether an outside copier template has tasks or migrations at `ref` (read
        from its copier.yml, nothing of it run): copier itself must update with it."""
        if self.outside_path(src_path) is None:
            return False
        config = self._template(src_path, ref).config_data
        return bool(config.get("tasks") or config.get("migrations"))

    def _environment(self, src_path: str, ref: str, worker: Any) -> Any:
        """One Jinja environment per version, compiling each template source once.

        Copier's environment depends on the template only; answers are passed as
        render context, so sharing it across projects changes no output."""
        key = (src_path if self.outside_path(src_path) else "", ref)
        if key not in self._environments:
            self._environments[key] = copier_internals.compile_once(worker.jinja_env)
        return self._environments[key]

    def outside_path(self, src_path: str) -> GoldenPath | None:
        """The outside golden path whose template source is `src_path`, if any."""
        if self._outside is None:
            paths = self.workspace.golden_paths.values()
            self._outside = {normalized_source(p.source.url): p for p in paths if p.source}
        return self._outside.get(normalized_source(src_path))

    def _copier_settings(self) -> Any:
        if self._settings is None:
            self._settings = copier_internals.user_settings()
        return self._settings

    def checkout(self, ref: str, src_path: str | None = None) -> Path:
        """A checkout of the template at `ref`, made once per renderer: the workspace's,
        or an outside path's when `src_path` is its source (its code checked for trust
        before anything of it is imported)."""
        path = self.outside_path(src_path) if src_path else None
        key = (path.name if path else None, ref)
        if key in self._checkouts:
            return self._checkouts[key]
        folder = self.scratch / f"template-{len(self._checkouts)}"
        if path is not None:
            from ..sources.template import source_of
            from ..sources.trust import require_trust

            assert path.source is not None
            source_of(self.workspace.index_dir, path).checkout(ref, folder)
            inner = folder / (path.source.directory or "")
            require_trust(self.root, path.name, path.source.url, inner, ref)
            self._checkouts[key] = folder
            return folder
        if git.check_out_copy(self.root, ref, folder) is not None:
            raise TemplateNotFoundError(
                f"template version {ref} is not in the workspace {self.root}",
                "see the versions with `git tag` in the workspace",
            )
        self._checkouts[key] = folder
        return self._checkouts[key]


def read_tree(folder: Path) -> Tree:
    """Every file below `folder` as git would record it, `.git` left out."""
    files: Tree = {}
    for top, dirs, names in os.walk(folder):
        dirs[:] = [name for name in dirs if name != ".git"]
        for name in names:
            path = os.path.join(top, name)
            relative = os.path.relpath(path, folder).replace(os.sep, "/")
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                files[relative] = File(SYMLINK, os.readlink(path).encode())
            else:
                mode = EXECUTABLE if info.st_mode & stat.S_IXUSR else REGULAR
                with open(path, "rb") as handle:
                    files[relative] = File(mode, handle.read())
    return files
