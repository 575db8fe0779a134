"""One project's update: computed from its git objects, then written.

The update is computed from a commit of the project (its files by blob id, its
answers file), the old render and the new one, without touching the repo. It is
then either written into the work tree (`paved update DIR`, like `copier update`)
or committed to an update branch with git plumbing (rollouts): the default branch,
the index and the work tree are never written, and the branch appears in one
atomic ref update, so a rollout killed at any moment leaves no repo half-updated.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import UpdateError
from ..filenames import ANSWERS_FILE, CRUFT_FILE
from ..git import commands as git
from ..git import objects as git_objects
from ..sources.answers_files import answers_file_names
from ..workspace import runtime
from ..workspace.model import Workspace
from . import cruft_update
from .copier_run import RUNS_CODE, plan_with_copier
from .merge import Conflict, GitMerger, Merge, three_way
from .render import File, Renderer, Stored, Tree

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class ProjectUpdate:
    """What updating one project to a version would do; nothing written yet."""

    repo: Path
    commit: str
    from_version: str
    to_version: str
    merge: Merge | None  # None: the new version renders the project's files unchanged
    listing: dict[str, git_objects.Entry] | None = None  # the commit's tree, when it was read
    untold: str = ""  # why the update was not computed (its versions alone compared)

    @property
    def current(self) -> bool:
        if self.untold:
            return self.from_version == self.to_version
        return self.merge is None or not self.merge.changes

    @property
    def changed(self) -> list[str]:
        return self.merge.changed if self.merge else []

    @property
    def conflicts(self) -> list[Conflict]:
        return self.merge.conflicts if self.merge else []

    @property
    def reconcile(self) -> list[str]:
        """Files the new version drops that the owner edited: kept, to reconcile by hand."""
        return self.merge.reconcile if self.merge else []

    @property
    def kept(self) -> list[str]:
        """Template files the owner edited or deleted whose edits the update keeps."""
        return self.merge.kept if self.merge else []

    @property
    def marks(self) -> dict[str, str]:
        """Each changed file's mark: A added, M modified, D deleted."""
        merge = self.merge
        return {path: merge.mark(path) for path in merge.changed} if merge else {}


@dataclass
class Engine:
    """The renderer and the scratch merger a process updates projects with."""

    renderer: Renderer
    merger: GitMerger
    # The runtime pin each (template version, template source) renders, found once.
    pins: dict[tuple[str, str], str | None] = field(default_factory=dict)

    def runtime_pin(self, ref: str, src_path: str) -> dict[str, str]:
        """The answer that pins the runtime at `ref` (empty when it has no runtime)."""
        if (ref, src_path) not in self.pins:
            self.pins[ref, src_path] = runtime.requirement(self.workspace.root, ref, src_path)
        pin = self.pins[ref, src_path]
        return {runtime.ANSWER: pin} if pin else {}

    @property
    def workspace(self) -> Workspace:
        return self.renderer.workspace

    @functools.cached_property
    def answers_files(self) -> list[str]:
        """Where a project of the workspace's golden paths may record its answers."""
        return answers_file_names(self.workspace.golden_paths.values())

    @classmethod
    def open(cls, workspace: Workspace) -> Engine:
        """An engine on a workspace as the caller loaded it (its golden paths included)."""
        return cls(Renderer(workspace), GitMerger())

    def close(self) -> None:
        self.renderer.close()
        self.merger.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def recorded_answers(repo: Path, ref: str = "HEAD") -> dict[str, Any]:
    """The answers file of a project at `ref`, parsed."""
    return _parse_answers(repo, _answers_bytes(repo, ref))


def plan_update(
    engine: Engine,
    repo: Path,
    to_tag: str,
    ref: str = "HEAD",
    commit: str | None = None,
    run_tasks: bool = True,
) -> ProjectUpdate:
    """Compute the update of the project at `ref` (or at `commit`, when its id is known)
    to the template version `to_tag`.

    An outside copier template with tasks or migrations is updated by copier itself in
    a scratch clone; without `run_tasks` (status), only its versions are compared."""
    if commit is None:
        commit = git.run(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    with git_objects.ObjectReader(repo) as objects:
        return _plan(engine, repo, commit, objects, to_tag, run_tasks)


def _plan(
    engine: Engine,
    repo: Path,
    commit: str,
    objects: git_objects.ObjectReader,
    to_tag: str,
    run_tasks: bool,
) -> ProjectUpdate:
    names = engine.answers_files
    state = objects.blobs([f"{commit}:{name}" for name in names])
    if f"{commit}:{CRUFT_FILE}" in state:
        raw = state[f"{commit}:{CRUFT_FILE}"]
        return _plan_cruft_update(engine, repo, commit, objects, raw, to_tag)
    # Copier's answers, at the name its template gives them (`_answers_file`).
    where = next((name for name in names if f"{commit}:{name}" in state), None)
    if where is None:
        raise _no_answers(repo, commit, names)
    raw = state[f"{commit}:{where}"]
    answers = _parse_answers(repo, raw, where)
    src_path, from_version = str(answers["_src_path"]), str(answers["_commit"])
    renderer = engine.renderer
    if renderer.runs_tasks(src_path, to_tag) or renderer.runs_tasks(src_path, from_version):
        if not run_tasks:
            return ProjectUpdate(repo, commit, from_version, to_tag, None, untold=RUNS_CODE)
        merge = plan_with_copier(renderer, repo, commit, src_path, (from_version, to_tag), where)
        return ProjectUpdate(repo, commit, from_version, to_tag, merge)
    # The workspace's runtime is pinned by its own paths; an outside template has none.
    pin = {} if engine.renderer.outside_path(src_path) else engine.runtime_pin(to_tag, src_path)
    new = engine.renderer.render_new(raw, where, src_path, to_tag, data=pin)
    last = {
        k: v for k, v in answers.items() if k in {"_src_path", "_commit"} or not k.startswith("_")
    }
    old = engine.renderer.render_old(last, src_path, from_version, new.exclude, where)
    if _without(old, new.answers_path) == _without(new.files, new.answers_path):
        return ProjectUpdate(repo, commit, from_version, to_tag, None)
    return _merged(engine, repo, commit, objects, (from_version, to_tag), old, new)


@dataclass
class OwnRender:
    """A project rendered at its own template version, from its recorded answers: the
    base its owner's edits are measured against."""

    version: str
    files: Tree
    untold: str = ""  # why it was not rendered (a template that runs code)


def render_own_version(
    engine: Engine, repo: Path, commit: str, objects: git_objects.ObjectReader
) -> OwnRender:
    """The project at `commit` as its own version renders it, nothing written."""
    names = engine.answers_files
    state = objects.blobs([f"{commit}:{name}" for name in names])
    if f"{commit}:{CRUFT_FILE}" in state:
        cruft = cruft_update.parse_state(repo, state[f"{commit}:{CRUFT_FILE}"])
        pyproject = objects.blobs([f"{commit}:pyproject.toml"]).get(f"{commit}:pyproject.toml")
        skip = cruft_update.skip_patterns(repo, cruft, pyproject)
        version = cruft_update.from_version(cruft)
        return OwnRender(version, cruft_update.render_old(engine.renderer, cruft, skip))
    where = next((name for name in names if f"{commit}:{name}" in state), None)
    if where is None:
        raise _no_answers(repo, commit, names)
    answers = _parse_answers(repo, state[f"{commit}:{where}"], where)
    src_path, version = str(answers["_src_path"]), str(answers["_commit"])
    if engine.renderer.runs_tasks(src_path, version):
        return OwnRender(version, {}, untold=RUNS_CODE)
    last = {
        k: v for k, v in answers.items() if k in {"_src_path", "_commit"} or not k.startswith("_")
    }
    return OwnRender(version, engine.renderer.render_old(last, src_path, version, (), where))


def _merged(
    engine: Engine,
    repo: Path,
    commit: str,
    objects: git_objects.ObjectReader,
    versions: tuple[str, str],
    old: Tree,
    new: Any,
) -> ProjectUpdate:
    """The three-way merge of the project's files at `commit` with the two renders."""
    listing = objects.listing(commit)
    ours = {path: Stored(mode, sha) for path, (mode, sha) in git_objects.files_of(listing).items()}
    merge = three_way(old, ours, new, engine.merger, objects.blobs)
    return ProjectUpdate(repo, commit, *versions, merge, listing)


def is_downgrade(update: ProjectUpdate) -> bool:
    """Whether the update goes to an older template version than the project's (versions
    that are not PEP 440, such as an untagged template's commits, never compare)."""
    from ..workspace.versions import parse_version

    old = parse_version(update.from_version, strict=False)
    new = parse_version(update.to_version, strict=False)
    return old is not None and new is not None and new < old


def unified_diff(update: ProjectUpdate) -> str:
    """The update's changes as a unified diff against the project's commit."""
    if update.merge is None:
        return ""
    changed = update.changed
    before = git_objects.read_blobs(update.repo, [f"{update.commit}:{path}" for path in changed])
    chunks = []
    for path in changed:
        old = before.get(f"{update.commit}:{path}", b"").decode("utf-8", "replace")
        new_file = update.merge.changes[path]
        new = new_file.data.decode("utf-8", "replace") if new_file else ""
        lines = difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{path}", f"b/{path}"
        )
        chunks.append("".join(lines))
    return "".join(chunks).rstrip("\n")


def _plan_cruft_update(
    engine: Engine,
    repo: Path,
    commit: str,
    objects: git_objects.ObjectReader,
    raw: bytes,
    to_tag: str,
) -> ProjectUpdate:
    """A cookiecutter project's update: cruft's two renders, the same merge."""
    state = cruft_update.parse_state(repo, raw)
    pyproject = objects.blobs([f"{commit}:pyproject.toml"]).get(f"{commit}:pyproject.toml")
    skip = cruft_update.skip_patterns(repo, state, pyproject)
    from_version = cruft_update.from_version(state)
    new = cruft_update.render_new(engine.renderer, state, to_tag, skip)
    old = cruft_update.render_old(engine.renderer, state, skip)
    if old == _without(new.files, CRUFT_FILE):
        return ProjectUpdate(repo, commit, from_version, to_tag, None)
    return _merged(engine, repo, commit, objects, (from_version, to_tag), old, new)


def commit_message(update: ProjectUpdate, rollout: str | None = None) -> str:
    merge = update.merge
    assert merge is not None
    title = f"Update the template from {update.from_version} to {update.to_version}"
    if merge.conflicts:
        title = f"[conflict] {title}"
    lines = [title, ""]
    for path in merge.changed:
        lines.append(f"  {merge.mark(path)} {path}")
    if merge.conflicts:
        lines += ["", "Conflicts left as inline markers (resolve, then commit):"]
        for conflict in merge.conflicts:
            hunks = ", ".join(f"lines {start}-{end}" for start, end in conflict.hunks)
            lines.append(f"  {conflict.file}: {hunks}")
    if rollout:
        lines += ["", f"Paved-Rollout: {rollout}"]
    return "\n".join(lines) + "\n"


def commit_update(update: ProjectUpdate, message: str) -> tuple[str, str]:
    """Commit the update on top of the commit it was computed from, off every branch;
    return (commit, tree). Only the objects are written: no ref, index or file."""
    assert update.merge is not None
    changes = update.merge.changes
    kept = [(path, file) for path, file in changes.items() if file is not None]
    shas = git_objects.write_blobs(update.repo, [file.data for _, file in kept])
    entries: dict[str, tuple[str, str] | None] = {
        path: None for path, f in changes.items() if f is None
    }
    entries.update({path: (file.mode, sha) for (path, file), sha in zip(kept, shas, strict=True)})
    return git_objects.commit_changes(update.repo, update.commit, entries, message, update.listing)


def _answers_bytes(repo: Path, ref: str) -> bytes:
    found = git_objects.read_blobs(repo, [f"{ref}:{ANSWERS_FILE}"])
    if not found:
        raise _no_answers(repo, ref, [ANSWERS_FILE])
    return next(iter(found.values()))


def _no_answers(repo: Path, ref: str, names: list[str]) -> UpdateError:
    shown = ", ".join(name for name in names if name != CRUFT_FILE)
    return UpdateError(
        f"{repo} has no copier answers file ({shown}) or {CRUFT_FILE} at {ref}",
        "only projects generated by paved, copier or cruft can be updated; link an "
        "existing repo to a golden path with `paved adopt DIR --path NAME`",
    )


def _parse_answers(repo: Path, raw: bytes, where: str = ANSWERS_FILE) -> dict[str, Any]:
    try:
        answers = yaml.load(raw, Loader=_LOADER)  # noqa: S506 - a safe loader, in C where built
    except yaml.YAMLError as error:
        raise UpdateError(f"{repo}/{where} is not YAML: {error}", "restore it from git") from None
    if not isinstance(answers, dict) or not answers.get("_src_path") or not answers.get("_commit"):
        raise UpdateError(
            f"{repo}/{where} records no template source and version (_src_path, _commit)",
            "restore it from the project's history",
        )
    return answers


def _without(files: dict[str, File], answers_path: str) -> dict[str, File]:
    return {path: file for path, file in files.items() if path != answers_path}
