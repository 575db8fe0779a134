"""Each of the workspace's golden paths is its own template, inside one copier template.

Copier reads the workspace's `copier.yml` with every path's `questions.yml` included
into one configuration: a question defined twice keeps the last definition, and the
template-wide settings (`_jinja_extensions`, `_tasks`, `_migrations`,
`_preserve_symlinks`...) apply to every path. So paved refuses a path whose settings
would reach another path's output, before it renders anything:

- a question whose name another path, or the root, already uses;
- a question asked on another path (its `when` is not false there);
- a template-wide setting in a path's `questions.yml`;
- a `_skip_if_exists` or `_exclude` pattern that, rendered for another path, matches
  one of that path's files that its own patterns leave alone.

A template that needs template-wide settings is an outside golden path: its own
repo, added with `paved paths add`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pathspec import PathSpec

from ..errors import MalformedFileError, UntrustedTemplateError
from ..filenames import COPIER_FILES, GOLDEN_PATHS_DIR, QUESTIONS_FILE
from ..git import objects as git_objects
from . import answers as answer_rules
from .files import read_questions_file, root_settings
from .models import GoldenPath, Question

# The per-path settings copier merges from every included document.
SCOPED_PATTERNS = ("_skip_if_exists", "_exclude")
# Settings a path may hold that only name its own questions.
_OWN = ("_secret_questions",)
_TEMPLATE_SUFFIX = ".jinja"
_EXPRESSION = re.compile(r"\{\{.*?\}\}")
_STATEMENT = re.compile(r"\{%.*?%\}")
# Template-wide settings that run code: the workspace's own template has none.
_CODE_SETTINGS = {
    "_jinja_extensions": "Jinja extensions",
    "_tasks": "tasks",
    "_migrations": "migrations",
}


def check_isolation(root: Path, paths: dict[str, GoldenPath], root_questions: list[str]) -> None:
    """Refuse a workspace path whose settings would reach another path."""
    settings = {
        name: read_questions_file(root / GOLDEN_PATHS_DIR / name / QUESTIONS_FILE) for name in paths
    }
    owners: dict[str, str] = {name: "the root copier.yml" for name in root_questions}
    for name, path in paths.items():
        where = f"golden_paths/{name}/questions.yml"
        for key in settings[name]:
            if key.startswith("_") and key not in SCOPED_PATTERNS + _OWN:
                raise MalformedFileError(
                    f"{where}: {key} applies to every golden path of the workspace",
                    "keep template-wide settings out of a path; a template that needs them "
                    "goes in its own repo, added with `paved paths add`",
                )
        own = {question.name for question in path.questions}
        for secret in settings[name].get("_secret_questions") or []:
            if secret not in own:
                raise MalformedFileError(
                    f"{where}: _secret_questions names {secret!r}, not a question of this path",
                    "list only this path's own questions",
                )
        for question in path.questions:
            if question.name in owners:
                raise MalformedFileError(
                    f"{where}: question {question.name!r} is also defined in "
                    f"{owners[question.name]}",
                    "rename it: copier keeps one definition per name, for every path",
                )
            owners[question.name] = where
            _check_when(where, question, name, paths)
    files = {name: _rendered_names(root / "templates" / name) for name in paths}
    for name in paths:
        for setting in SCOPED_PATTERNS:
            for other in paths:
                if other != name:
                    _check_patterns(settings, setting, name, other, files[other])


def _check_when(where: str, question: Question, name: str, paths: dict[str, GoldenPath]) -> None:
    for other in paths:
        if other != name and answer_rules.applies(question, {"golden_path": other}):
            raise MalformedFileError(
                f"{where}: question {question.name!r} is asked on the {other} golden path too",
                f"scope it: when: \"{{{{ golden_path == '{name}' }}}}\"",
            )


def _check_patterns(
    settings: dict[str, dict[str, Any]], setting: str, name: str, other: str, files: list[str]
) -> None:
    mine = _spec(settings[name].get(setting), other)
    if mine is None:
        return
    theirs = _spec(settings[other].get(setting), other)
    for file in files:
        if mine.match_file(file) and not (theirs and theirs.match_file(file)):
            raise MalformedFileError(
                f"golden_paths/{name}/questions.yml: {setting} reaches {file} "
                f"of the {other} golden path",
                f"scope the pattern to its path, e.g. \"{{% if golden_path == '{name}' %}}"
                f'PATTERN{{% endif %}}"',
            )


def _spec(patterns: Any, golden_path: str) -> PathSpec | None:
    """The patterns as copier renders them for a project on `golden_path`."""
    if not patterns:
        return None
    lines = []
    for pattern in patterns:
        rendered = answer_rules.render(str(pattern), {"golden_path": golden_path})
        lines += [line for line in str(rendered).splitlines() if line.strip()]
    return PathSpec.from_lines("gitignore", lines) if lines else None


def _rendered_names(folder: Path) -> list[str]:
    """The files a path's template folder renders, their Jinja parts approximated:
    an expression stands for a name, a statement (`{% if %}`) for nothing."""
    names = []
    for path in sorted(folder.rglob("*")):
        if path.is_dir():
            continue
        relative = path.relative_to(folder).as_posix().removesuffix(_TEMPLATE_SUFFIX)
        relative = _STATEMENT.sub("", _EXPRESSION.sub("name", relative))
        names.append(re.sub("/+", "/", relative).strip("/"))
    return names


def require_no_own_code(root: Path, tag: str) -> None:
    """Refuse (exit 4) a version of the workspace's own template whose copier.yml has
    code: read from git, nothing of it imported."""
    name = f"{tag}:{COPIER_FILES[0]}"
    found = git_objects.read_blobs(root, [name])
    if name not in found:
        return
    settings = root_settings(found[name], f"{COPIER_FILES[0]} at {tag}")
    code = [label for key, label in _CODE_SETTINGS.items() if settings.get(key)]
    if code:
        raise own_code_refused(" and ".join(code), tag)


def own_code_refused(code: str, version: str) -> UntrustedTemplateError:
    """The workspace's own template is the platform's configuration: it runs no code."""
    return UntrustedTemplateError(
        f"the workspace template at {version} has {code}, and paved runs no code of the "
        "workspace's own template: nothing of it was run",
        "keep tasks and extensions out of copier.yml; a template that needs them goes in "
        "its own repo: paved paths add NAME SOURCE --trust",
    )
