"""A cookiecutter project's update, as `cruft update` makes it.

cruft renders the template at the project's recorded commit and at the new one, each
from the recorded answers (new questions take their defaults, private variables are
recomputed), leaves out the paths the project skips (`skip` in `.cruft.json`, and in
`[tool.cruft]` of its pyproject.toml) and the files its owner deleted,
and applies the difference to the project. paved renders the same two trees from the
renderer's checkouts and merges them with the same three-way merge as copier
projects; `.cruft.json` is rewritten as cruft rewrites it.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import tomllib
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from ..errors import UpdateError
from ..filenames import CRUFT_FILE
from ..git import commands as git
from ..sources.cookiecutter_render import dump_state, regenerate
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


def skip_patterns(repo: Path, state: dict[str, Any], pyproject: bytes | None) -> list[str]:
    """The paths an update leaves alone, as `cruft update` reads them: `.cruft.json`'s
    `skip`, then `skip` of `[tool.cruft]` in the project's pyproject.toml."""
    patterns = [str(pattern) for pattern in state.get("skip", [])]
    if pyproject is None:
        return patterns
    try:
        settings = tomllib.loads(pyproject.decode("utf-8")).get("tool", {}).get("cruft", {})
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise UpdateError(
            f"{repo}/pyproject.toml is not TOML: {error}", "fix it, commit, then update"
        ) from None
    skip = settings.get("skip", []) if isinstance(settings, dict) else []
    if not isinstance(skip, list):
        raise UpdateError(
            f"{repo}/pyproject.toml: [tool.cruft] skip must be a list of paths",
            'e.g. skip = ["README.md", "src/*.py"]',
        )
    return patterns + [str(pattern) for pattern in skip]


def from_version(state: dict[str, Any]) -> str:
    return str(state.get("checkout") or state["commit"][:12])


def render_old(renderer: Renderer, state: dict[str, Any], skip: list[str]) -> Tree:
    """The project as its recorded commit renders it (cruft's "current template")."""
    files, _ = _render(renderer, state, state["commit"], skip)
    return files


def render_new(renderer: Renderer, state: dict[str, Any], to_tag: str, skip: list[str]) -> Render:
    """The project at `to_tag`, with the `.cruft.json` cruft writes after updating."""
    files, (commit, context) = _render(renderer, state, to_tag, skip)
    updated = {**state, "commit": commit, "checkout": to_tag, "context": context}
    if "skip" in state:  # cruft writes back its list as extended by pyproject's, per render
        extra = skip[len(state["skip"]) :]
        updated["skip"] = [*state["skip"], *extra, *extra]
    files[CRUFT_FILE] = File(REGULAR, dump_state(updated))
    return Render(files=files, answers_path=CRUFT_FILE, skip=lambda path: False, exclude=())


def _render(
    renderer: Renderer, state: dict[str, Any], ref: str, skip: list[str]
) -> tuple[Tree, tuple[str, dict[str, Any]]]:
    url = str(state["template"])
    if renderer.outside_path(url) is None:
        raise UpdateError(
            f"no golden path of the workspace has the template {url}",
            f"add it first: paved paths add NAME {url}",
        )
    folder = renderer.checkout(ref, url)
    inner = folder / (state.get("directory") or "")
    commit = git.run(folder, "rev-parse", "HEAD")
    scratch = Path(tempfile.mkdtemp(dir=renderer.scratch))
    try:
        project, context = regenerate(
            inner, state["context"]["cookiecutter"], url, commit, scratch, accept_hooks=True
        )
        files = read_tree(project)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    kept = {path: file for path, file in files.items() if not _skipped(path, skip)}
    return kept, (commit, context)


def _skipped(path: str, patterns: list[str]) -> bool:
    """cruft's `skip`: a path or a folder, or (with a `*`) a glob as pathlib matches it
    from the project's root; a folder that matches goes with everything in it."""
    parts = path.split("/")
    for pattern in patterns:
        if "*" not in pattern:
            exact = pattern.rstrip("/")
            if path == exact or path.startswith(exact + "/"):
                return True
        elif any(_glob(parts[:depth], pattern.split("/")) for depth in range(1, len(parts) + 1)):
            return True
    return False


def _glob(parts: list[str], pattern: list[str]) -> bool:
    if not pattern:
        return not parts
    if pattern[0] == "**":
        return any(_glob(parts[start:], pattern[1:]) for start in range(len(parts) + 1))
    return bool(parts) and fnmatchcase(parts[0], pattern[0]) and _glob(parts[1:], pattern[1:])
