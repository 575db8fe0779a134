"""An outside golden path's template at one version: its questions and its engine.

The template is checked out of the workspace's mirror of its source, and its code is
checked for trust before anything of it is imported. Its questions come from its own
configuration (copier.yml or cookiecutter.json), and their defaults are rendered by
its own engine: copier's Jinja environment, or cookiecutter's, extensions included.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path
from typing import Any

from ..errors import VersionError
from ..golden_paths.models import GoldenPath, Question
from . import copier_internals
from .mirror import TemplateSource
from .template_config import (
    cookiecutter_config,
    cookiecutter_questions,
    copier_questions,
    copier_template,
)
from .trust import require_trust, template_code


def source_of(index_dir: Path, path: GoldenPath) -> TemplateSource:
    assert path.source is not None
    return TemplateSource(index_dir, path.name, path.source.url)


class OutsideTemplate:
    """One version of an outside template, checked out for the length of a command."""

    def __init__(
        self,
        root: Path,
        index_dir: Path,
        path: GoldenPath,
        version: str | None,
        *,
        browse: bool = False,
    ) -> None:
        """With `browse`, an untrusted template is read too (its configuration only):
        its engine, which would import its extensions, is then refused."""
        assert path.source is not None
        self.root = root
        self.path = path
        self.url = path.source.url
        self.kind = path.source.kind
        self.source = source_of(index_dir, path)
        self.version = self._version(version, path.source.ref)
        self.commit = self.source.commit(self.version)
        self.scratch = Path(tempfile.mkdtemp(prefix="paved-template-"))
        self.directory = path.source.directory
        checkout = self.source.checkout(self.version, self.scratch / "template")
        self.folder = checkout / (self.directory or "")
        # Before anything of the template is imported or run.
        self.code = template_code(self.folder) if browse else self._require_trust()
        self._engine: Any = None

    def _require_trust(self) -> list[str]:
        return require_trust(self.root, self.path.name, self.url, self.folder, self.version)

    def _version(self, version: str | None, ref: str | None) -> str:
        """The version asked for, or the newest: the source is fetched for the newest,
        and for a version its mirror does not have yet."""
        if version:
            try:
                return self.source.resolve(version)
            except VersionError:
                self.source.fetch()
                return self.source.resolve(version)
        self.source.fetch()
        return self.source.newest(ref)

    def close(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self) -> OutsideTemplate:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def questions(self) -> list[Question]:
        if self.kind == "cookiecutter":
            return cookiecutter_questions(self.folder)
        return copier_questions(self.folder)

    def engine(self) -> Any:
        """The template's own renderer of question fields (imports its extensions)."""
        if self._engine is None:
            self._require_trust()
            if self.kind == "cookiecutter":
                self._engine = _CookiecutterEngine(self.folder)
            else:
                self._engine = _CopierEngine(self.folder, self.scratch)
        return self._engine


@contextmanager
def output_to_stderr() -> Iterator[None]:
    """What a template's code prints (a cookiecutter hook, a copier task, in a process of
    its own or in this one) goes to stderr: stdout is the command's data (`--json`)."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
        os.dup2(2, 1)
    except OSError:  # no standard streams to swap (a host that closed them)
        with redirect_stdout(sys.stderr):
            yield
        return
    try:
        with redirect_stdout(sys.stderr):
            yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 1)
        os.close(saved)


@contextmanager
def template_imports(folder: Path) -> Iterator[None]:
    """The template's folder on the import path, as cookiecutter puts it for its
    local extensions; what it imported from there is forgotten after, so another
    version of the template imports its own."""
    before = list(sys.path)
    sys.path.append(str(folder))
    try:
        yield
    finally:
        sys.path[:] = before
        for name, module in list(sys.modules.items()):
            origin = getattr(module, "__file__", None) or ""
            if origin.startswith(str(folder)):
                del sys.modules[name]


class _CookiecutterEngine:
    def __init__(self, folder: Path) -> None:
        from cookiecutter.environment import StrictEnvironment

        self.folder = folder
        config = cookiecutter_config(folder)
        with template_imports(folder):
            self.environment = StrictEnvironment(
                context={"cookiecutter": config}, keep_trailing_newline=True
            )

    def render(self, text: str, answers: dict[str, Any]) -> Any:
        with template_imports(self.folder):
            return self.environment.from_string(text).render(cookiecutter=answers)


class _CopierEngine:
    def __init__(self, folder: Path, scratch: Path) -> None:
        worker = copier_internals.worker(
            copier_template(folder),
            src_path=str(folder),
            dst_path=scratch / "answers",
            unsafe=True,
            quiet=True,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.environment = worker.jinja_env

    def render(self, text: str, answers: dict[str, Any]) -> Any:
        return self.environment.from_string(text).render(**answers)
