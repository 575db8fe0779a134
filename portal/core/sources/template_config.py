"""A template's own configuration, read without importing or running anything of
it: copier.yml through copier's own parser, cookiecutter.json as JSON, and the
questions each declares, in paved's model of a question."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr
from pathlib import Path
from typing import Any

from ..errors import MalformedFileError
from ..filenames import COOKIECUTTER_FILE
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
        else:
            question = Question(name=name, default=str(raw), help=str(prompt))
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
