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

from ..errors import MalformedFileError
from . import answers as answer_rules
from .models import GoldenPath, Question, read_questions_file

# The per-path settings copier merges from every included document.
SCOPED_PATTERNS = ("_skip_if_exists", "_exclude")
# Settings a path may hold that only name its own questions.
_OWN = ("_secret_questions",)
_TEMPLATE_SUFFIX = ".jinja"
_EXPRESSION = re.compile(r"\{\{.*?\}\}")
_STATEMENT = re.compile(r"\{%.*?%\}")


def check_isolation(root: Path, paths: dict[str, GoldenPath], root_questions: list[str]) -> None:
    """Refuse a workspace path whose settings would reach another path."""
    settings = {
        name: read_questions_file(root / "golden_paths" / name / "questions.yml") for name in paths
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
