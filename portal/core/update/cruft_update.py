"""A cookiecutter project's update, as `cruft update` makes it.

cruft renders the template at the project's recorded commit and at the new one, each
from the recorded answers (new questions take their defaults, private variables are
recomputed), leaves out the paths the project skips and the files its owner deleted,
and applies the difference to the project. paved renders the same two trees from the
renderer's checkouts and merges them with the same three-way merge as copier
projects; `.cruft.json` is rewritten as cruft rewrites it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from .. import vcs
from ..cookiecutter_render import CRUFT_FILE, dump_state, regenerate
from ..errors import UpdateError
from .render import REGULAR, File, Render, Renderer, Tree, read_tree


def parse_state(repo: Path, raw: bytes) -> dict[str, Any]:
    """A project's `.cruft.json`, checked for what an update needs."""
    try:
        state = json.loads(raw)
    except ValueError as error:
        raise UpdateError(
            f"{repo}/{CRUFT_FILE} is not JSON: {error}", "restore it from git"
        ) from None
    context = state.get("context") if isinstance(state, dict) else None
    context = context.get("cookiecutter") if isinstance(context, dict) else None
    if not isinstance(context, dict) or not state.get("template") or not state.get("commit"):
        raise UpdateError(
            f"{repo}/{CRUFT_FILE} records no template, commit or context",
            "restore it from the project's history",
        )
    return state


def from_version(state: dict[str, Any]) -> str:
    return str(state.get("checkout") or state["commit"][:12])


def render_old(renderer: Renderer, state: dict[str, Any]) -> Tree:
    """The project as its recorded commit renders it (cruft's "current template")."""
    files, _ = _render(renderer, state, state["commit"])
    return files


def render_new(renderer: Renderer, state: dict[str, Any], to_tag: str) -> Render:
    """The project at `to_tag`, with the `.cruft.json` cruft writes after updating."""
    files, (commit, context) = _render(renderer, state, to_tag)
    updated = {**state, "commit": commit, "checkout": to_tag, "context": context}
    files[CRUFT_FILE] = File(REGULAR, dump_state(updated))
    return Render(files=files, answers_path=CRUFT_FILE, skip=lambda path: False, exclude=())


def _render(
    renderer: Renderer, state: dict[str, Any], ref: str
) -> tuple[Tree, tuple[str, dict[str, Any]]]:
    url = str(state["template"])
    if renderer.outside_path(url) is None:
        raise UpdateError(
            f"no golden path of the workspace has the template {url}",
            f"add it first: paved paths add NAME {url}",
        )
    folder = renderer.checkout(ref, url)
    inner = folder / (state.get("directory") or "")
    commit = vcs.git(folder, "rev-parse", "HEAD")
    scratch = Path(tempfile.mkdtemp(dir=renderer.scratch))
    try:
        project, context = regenerate(
            inner, state["context"]["cookiecutter"], url, commit, scratch, accept_hooks=True
        )
        files = read_tree(project)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    skipped = [str(pattern) for pattern in state.get("skip", [])]
    kept = {path: file for path, file in files.items() if not _skipped(path, skipped)}
    return kept, (commit, context)


def _skipped(path: str, patterns: list[str]) -> bool:
    """cruft's `skip`: a path, a folder, or a glob."""
    return any(
        path == pattern or path.startswith(pattern.rstrip("/") + "/") or fnmatch(path, pattern)
        for pattern in patterns
    )
