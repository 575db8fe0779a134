"""A template's own configuration, read without importing or running anything of
it: copier.yml through copier's own parser, cookiecutter.json as JSON, and the
questions each declares, in paved's model of a question."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from ..errors import BadInputError, MalformedFileError
from ..filenames import ANSWERS_FILE, COOKIECUTTER_FILE, COPIER_FILES
from ..golden_paths.models import Question
from . import copier_internals


def copier_template(folder: Path) -> Any:
    """Copier's `Template` of a checkout, read in place (copier would clone it), its
    configuration parsed (a bad one is a MalformedFileError)."""
    from copier.errors import CopierError

    template = copier_internals.template_at(folder)
    try:
        with redirect_stderr(io.StringIO()):  # copier prints a bad file's traceback
            _ = template.questions_data
    except (CopierError, ValueError) as error:
        cause = error.__cause__ or error
        detail = " ".join(str(cause).split())
        raise MalformedFileError(
            f"the template's copier.yml does not load: {detail}", "fix the template"
        ) from None
    return template


def cookiecutter_config(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / COOKIECUTTER_FILE).read_text("utf-8"))
    except (OSError, ValueError) as error:
        raise MalformedFileError(
            f"the template's {COOKIECUTTER_FILE} does not parse: {error}", "fix the template"
        ) from None
    if not isinstance(data, dict):
        raise MalformedFileError(f"the template's {COOKIECUTTER_FILE} is not an object", "")
    return data


def cookiecutter_questions(folder: Path) -> list[Question]:
    """cookiecutter.json's variables as questions, in their order; private ones left out."""
    config = cookiecutter_config(folder)
    prompts = config.get("__prompts__", {})
    questions = []
    for name, raw in config.items():
        if name.startswith("_"):
            continue
        prompt = prompts.get(name, "") if isinstance(prompts, dict) else ""
        if isinstance(prompt, dict):
            prompt = prompt.get("__prompt__", "")
        if isinstance(raw, bool):
            question = Question(name=name, type="bool", default=raw, help=str(prompt))
        elif isinstance(raw, list):
            question = Question(
                name=name,
                default=raw[0] if raw else None,
                choices={str(choice): choice for choice in raw},
                help=str(prompt),
            )
        elif isinstance(raw, dict):
            question = Question(name=name, type="json", default=raw, help=str(prompt))
        else:  # null: no default (never the text "None")
            default = None if raw is None else str(raw)
            question = Question(name=name, default=default, help=str(prompt))
        questions.append(question)
    return questions


_PAVED_TYPES = (None, "str", "int", "float", "bool", "yaml", "json")


def _copier_spec(spec: Any) -> Any:
    """A copier question whose type paved has no field for (`path`...) asked as text."""
    if isinstance(spec, dict) and spec.get("type") not in _PAVED_TYPES:
        return {**spec, "type": "str"}
    return spec


def copier_questions(folder: Path) -> list[Question]:
    """copier.yml's questions, in their order."""
    template = copier_template(folder)
    return [
        Question.from_copier(name, _copier_spec(spec))
        for name, spec in template.questions_data.items()
    ]


def copier_answers_file(folder: Path) -> str | None:
    """Where the copier template in `folder` has its projects record their answers (its
    `_answers_file`), when not copier's default; None too for a name it renders per
    project, which paved cannot know beforehand."""
    name = str(copier_template(folder).answers_relpath)
    return None if name == ANSWERS_FILE or "{" in name else name


def check_is_template(kind: str, folder: Path, url: str) -> None:
    """Refuse a source that has a template's configuration file but no template: a
    cookiecutter.json with no `{{cookiecutter...}}` folder beside it (cookiecutter would
    find nothing to render), a copier.yml whose folder holds no file to render."""
    if kind == "cookiecutter":
        if not any(
            "cookiecutter" in item.name and "{{" in item.name and "}}" in item.name
            for item in folder.iterdir()
            if item.is_dir()
        ):
            said = _what_it_says(cookiecutter_config(folder))
            raise BadInputError(
                f"{url} is no cookiecutter template: beside its {COOKIECUTTER_FILE} there is "
                "no {{cookiecutter.…}} folder to render" + (f" (it says: {said})" if said else ""),
                "point SOURCE at the template's repo (or its folder, with --directory)",
            )
        return
    template = copier_template(folder)
    subdirectory = str(template.config_data.get("subdirectory") or "")
    if "{" in subdirectory:
        return  # chosen per project by an answer: nothing to tell beforehand
    content = folder / subdirectory
    excluded = (*template.exclude, *COPIER_FILES)
    if not content.is_dir() or not any(
        not _excluded(item.relative_to(content), excluded)
        for item in content.rglob("*")
        if item.is_file() and ".git" not in item.relative_to(folder).parts
    ):
        where = f"its _subdirectory {subdirectory}" if subdirectory else "its folder"
        raise BadInputError(
            f"{url} is no copier template: {where} holds no file for copier to render",
            "point SOURCE at the template's repo; a copier template keeps its files beside "
            "copier.yml, or in the folder its `_subdirectory` names",
        )


def _excluded(relative: Path, patterns: tuple[str, ...]) -> bool:
    text = relative.as_posix()
    return any(
        fnmatch(text, pattern) or any(fnmatch(part, pattern) for part in relative.parts)
        for pattern in patterns
    )


def _what_it_says(config: dict[str, Any]) -> str:
    """The first line of prose a cookiecutter.json holds (a deprecation notice, often)."""
    for value in config.values():
        if isinstance(value, str) and " " in value.strip() and "{{" not in value:
            return " ".join(value.split())[:160]
    return ""
