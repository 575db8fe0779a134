"""Answers to a golden path's copier questions: defaults, casting and validation.

paved checks every answer before it renders anything, so a bad value is one clear
error and nothing is written; copier then renders with the same answers.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import yaml
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from .errors import BadInputError
from .golden_paths import Question

_TRUE = {"y", "yes", "true", "on", "1"}
_FALSE = {"n", "no", "false", "off", "0"}


@cache
def _jinja() -> SandboxedEnvironment:
    # The filters copier templates may use (regex_search, to_nice_yaml...).
    return SandboxedEnvironment(extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"])


def render(text: Any, answers: dict[str, Any]) -> Any:
    """Render a templated question field (a default, a `when`, a validator)."""
    if not isinstance(text, str) or ("{{" not in text and "{%" not in text):
        return text
    try:
        return _jinja().from_string(text).render(**answers)
    except TemplateError as error:
        raise BadInputError(f"cannot render {text!r}: {error}", "fix the question") from None


def applies(question: Question, answers: dict[str, Any]) -> bool:
    """Whether the question is asked, given the answers so far (its `when`)."""
    when = render(question.when, answers)
    if isinstance(when, str):
        return when.strip().lower() not in _FALSE | {""}
    return bool(when)


def default(question: Question, answers: dict[str, Any]) -> Any:
    value = question.default
    if isinstance(value, str):
        value = render(value, answers)
        return cast(question, value) if question.type != "str" else value
    return value


def cast(question: Question, value: Any) -> Any:
    """A raw answer (often a string from the command line) as the question's type."""
    kind = question.type
    try:
        if kind == "str":
            return value if isinstance(value, str) else str(value)
        if kind == "int":
            return value if isinstance(value, int) else int(str(value).strip())
        if kind == "float":
            return float(value)
        if kind == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in _TRUE | _FALSE:
                return text in _TRUE
            raise ValueError(value)
        if kind == "json":
            return json.loads(value) if isinstance(value, str) else value
        return yaml.safe_load(value) if isinstance(value, str) else value
    except (ValueError, TypeError, yaml.YAMLError, json.JSONDecodeError):
        article = "an" if kind == "int" else "a"
        raise BadInputError(
            f"{question.name}: {value!r} is not {article} {kind}",
            f"give {question.name} {article} {kind} value",
        ) from None


def validate(question: Question, value: Any, answers: dict[str, Any]) -> Any:
    """Check one answer against its choices and validator; return it cast."""
    value = cast(question, value)
    if question.choices is not None:
        allowed = list(question.choices.values())
        if value not in allowed:
            raise BadInputError(
                f"{question.name}: {value!r} is not one of its choices",
                f"choose one of: {', '.join(map(str, allowed))}",
            )
    if question.validator:
        message = " ".join(
            str(render(question.validator, {**answers, question.name: value})).split()
        )
        if message:
            raise BadInputError(f"{question.name}: {value!r}: {message}", question.help or "")
    return value


def resolve(
    questions: list[Question], given: dict[str, Any], base: dict[str, Any]
) -> dict[str, Any]:
    """Every answer for `questions`: given ones validated, the others defaulted.

    `base` holds answers already settled (golden path, name, owner...).
    """
    answers = dict(base)
    names = {question.name for question in questions}
    unknown = sorted(set(given) - names - set(base))
    if unknown:
        raise BadInputError(
            f"unknown question {unknown[0]!r}",
            f"this golden path's questions are: {', '.join(sorted(names)) or 'none'}",
        )
    for question in questions:
        if question.name in base or not applies(question, answers):
            continue
        if question.name in given:
            answers[question.name] = validate(question, given[question.name], answers)
        else:
            answers[question.name] = validate(question, default(question, answers), answers)
    unused = sorted(name for name in given if name not in answers)
    if unused:
        raise BadInputError(
            f"question {unused[0]!r} does not apply to this project",
            "leave it out: its `when` condition is false for these answers",
        )
    return answers
