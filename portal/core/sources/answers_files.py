"""Where a project records its template and answers, and which golden path that is.

A copier project keeps its answers in the file its template names (`_answers_file`:
`.copier-answers.yml` unless the template says otherwise, so a repo can hold one per
template applied to it); a cookiecutter project made by cruft keeps `.cruft.json`.
Each records its template's source (`_src_path`, `template`) and version. A golden path
is that template when its source is the same repository: the same URL however it is
spelt (`gh:org/t`, `git@github.com:org/t.git`, `https://github.com/org/t`), or, for a
source spelt another way still, a path whose mirror holds the very commit recorded.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from ..errors import MalformedFileError
from ..filenames import ANSWERS_FILE, CRUFT_FILE
from ..git import commands as git
from ..git import objects as git_objects
from ..golden_paths.models import GoldenPath
from ..workspace.model import Workspace
from .mirror import TemplateSource

# A root file whose name says it holds answers (`.copier-answers.<template>.yml`...).
_LIKE = re.compile(r".*answers.*\.ya?ml", re.IGNORECASE)
_SHORT_HOSTS = {"gh:": "github.com/", "gl:": "gitlab.com/"}
_SCP_LIKE = re.compile(r"(?:ssh://)?[\w.+-]+@([\w.-]+)[:/](.+)")
_COMMIT_IN = re.compile(r"(?:^|-g)([0-9a-f]{7,40})$")


@dataclass(frozen=True)
class Recorded:
    """What a project's answers file records."""

    file: str  # its path in the repo
    kind: str  # "copier" or "cookiecutter"
    source: str  # the template's URL or folder, as recorded
    version: str  # copier's `_commit`; cruft's checkout, else its commit's first 12
    answers: dict[str, Any] = field(repr=False)  # copier's answers; cruft's context
    commit: str | None = None  # the template commit, where recorded whole (cruft)
    directory: str | None = None  # a cookiecutter template's sub-folder (cruft)

    @property
    def golden_path(self) -> str | None:
        """The golden path a project of the workspace's own template answered."""
        value = self.answers.get("golden_path") if self.kind == "copier" else None
        return str(value) if value else None


def answers_file_names(paths: Iterable[GoldenPath]) -> list[str]:
    """Every answers file a project of these golden paths may hold, cruft's first."""
    names = [CRUFT_FILE, ANSWERS_FILE]
    for path in paths:
        own = path.source.answers_file if path.source else None
        if own and own not in names:
            names.append(own)
    return names


def read_recorded(
    repo: Path, ref: str, names: list[str], discover: bool = False
) -> Recorded | None:
    """The first of `names` the repo holds at `ref`, read; with `discover`, any file at
    its root named like an answers file too (a template paved does not know yet). None
    when it holds none; a file that does not parse is a MalformedFileError."""
    known = list(names)
    if discover:
        listed = git.run(repo, "ls-tree", "--name-only", ref, check=False).splitlines()
        names = [*known, *(n for n in sorted(listed) if n not in known and _LIKE.fullmatch(n))]
    found = git_objects.read_blobs(repo, [f"{ref}:{name}" for name in names])
    for name in names:
        raw = found.get(f"{ref}:{name}")
        if raw is not None:
            recorded = parse_recorded(repo, name, raw, required=name in known)
            if recorded is not None:
                return recorded
    return None


def parse_recorded(repo: Path, name: str, raw: bytes, required: bool = True) -> Recorded | None:
    """An answers file's record. One that records no template is a MalformedFileError,
    or None when not `required` (a file found by its name only)."""
    where = f"{repo}/{name}"
    try:
        data = json.loads(raw) if name == CRUFT_FILE else yaml.safe_load(raw)
    except (ValueError, yaml.YAMLError):
        if not required:
            return None
        raise MalformedFileError(f"{where} does not parse", "restore it from git") from None
    if name == CRUFT_FILE:
        context = data.get("context") if isinstance(data, dict) else None
        answers = context.get("cookiecutter") if isinstance(context, dict) else None
        if not isinstance(answers, dict) or not data.get("template") or not data.get("commit"):
            raise MalformedFileError(
                f"{where} records no template, commit or context", "restore it from git"
            )
        commit = str(data["commit"])
        version = str(data.get("checkout") or commit[:12])
        directory = data.get("directory") or None
        return Recorded(
            name, "cookiecutter", str(data["template"]), version, answers, commit, directory
        )
    if not isinstance(data, dict) or not data.get("_src_path") or not data.get("_commit"):
        if not required:
            return None
        raise MalformedFileError(
            f"{where} records no template source and version (_src_path, _commit)",
            "restore it from the project's history",
        )
    return Recorded(name, "copier", str(data["_src_path"]), str(data["_commit"]), data)


def same_source(one: str, other: str) -> bool:
    """Whether two recorded sources name the same repository, however each is spelt."""
    return normalized_source(one) == normalized_source(other)


@functools.lru_cache(maxsize=1024)
def normalized_source(source: str) -> str:
    """A template source as `host/path` for a URL, the absolute folder for a local one."""
    text = source.strip().removeprefix("git+")
    for short, host in _SHORT_HOSTS.items():
        if text.startswith(short):
            text = f"https://{host}{text[len(short) :]}"
    scp = _SCP_LIKE.fullmatch(text)
    if scp and "://" not in text.split("@")[0]:
        text = f"https://{scp[1]}/{scp[2]}"
    parsed = urlparse(text)
    if parsed.scheme in ("http", "https", "ssh", "git") and parsed.hostname:
        text = f"{parsed.hostname.lower()}/{parsed.path.strip('/')}"
    else:
        local = parsed.path if parsed.scheme == "file" else text
        text = str(Path(local).expanduser().resolve())
    return text.rstrip("/").removesuffix(".git")


def matching_paths(
    workspace: Workspace, recorded: Recorded, strict: bool = True
) -> list[GoldenPath]:
    """The golden paths whose template the project records: an outside path of the
    same kind and repository (and sub-folder), or the workspace's own path it answered.
    `strict`: the workspace's path only when the source is this workspace (or the
    version one of its tags), and another repository's spelling tried by commit."""
    kind = recorded.kind
    outside = [
        path
        for path in workspace.golden_paths.values()
        if path.source is not None and path.source.kind == kind
    ]
    found = [
        path
        for path in outside
        if same_source(path.source.url, recorded.source)  # type: ignore[union-attr]
        and (path.source.directory or None) == recorded.directory  # type: ignore[union-attr]
    ]
    if not found and strict:
        commit = recorded.commit or _commit_in(recorded.version)
        found = [path for path in outside if commit and _has_commit(workspace, path, commit)]
    if found or recorded.golden_path is None:
        return found
    own = workspace.golden_paths.get(recorded.golden_path)
    if own is None or own.source is not None:
        return []
    if strict and not (
        same_source(recorded.source, str(workspace.root))
        or recorded.version in git.tags(workspace.root)
    ):
        return []
    return [own]


def _commit_in(version: str) -> str | None:
    """The commit a copier `_commit` names by id (`v1.0.0-3-gabc1234`, a bare id)."""
    found = _COMMIT_IN.search(version)
    return found[1] if found else None


def _has_commit(workspace: Workspace, path: GoldenPath, commit: str) -> bool:
    assert path.source is not None
    source = TemplateSource(workspace.index_dir, path.name, path.source.url)
    try:
        source.ensure()
        return source.commit(commit, required=False) is not None
    except Exception:  # noqa: BLE001 - a mirror that cannot be read holds nothing
        return False
