"""Answers to a golden path's copier questions: defaults, casting and validation.

paved checks every answer before it renders anything, so a bad value is one clear
error and nothing is written; copier then renders with the same answers.

Templated fields (defaults, `when`, validators) are rendered by an `Engine`: the
template's own Jinja environment for an outside golden path (its extensions
included), else a sandbox with the filters copier templates use.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any, Protocol

import yaml
from jinja2 import TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import BadInputError
from .models import Question

_TRUE = {"y", "yes", "true", "on", "1"}
# The answers paved settles from the command's own options, not from `-d`.
SETTLED_BY = {"project_name": "--name", "owner": "--owner", "description": "--description"}
_FALSE = {"n", "no", "false", "off", "0"}


@cache
def _jinja() -> SandboxedEnvironment:
    # The filters copier templates may use (regex_search, to_nice_yaml...).
    return SandboxedEnvironment(extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"])


class Engine(Protocol):
    """Renders a template's question fields the way the template's engine does."""

    def render(self, text: str, answers: dict[str, Any]) -> Any: ...


def render(text: Any, answers: dict[str, Any], engine: Engine | None = None) -> Any:
    """Render a templated question field (a default, a `when`, a validator)."""
    if not isinstance(text, str) or ("{{" not in text and "{%" not in text):
        return text
    try:
        if engine is not None:
            return engine.render(text, answers)
        return _jinja().from_string(text).render(**answers)
    except TemplateError as error:
        raise BadInputError(f"cannot render {text!r}: {error}", "fix the question") from None


def applies(question: Question, answers: dict[str, Any], engine: Engine | None = None) -> bool:
    """Whether the question is asked, given the answers so far (its `when`)."""
    when = render(question.when, answers, engine or question.engine)
    if isinstance(when, str):
        return when.strip().lower() not in _FALSE | {""}
    return bool(when)


def default(question: Question, answers: dict[str, Any], engine: Engine | None = None) -> Any:
    value = question.default
    if isinstance(value, str):
        value = render(value, answers, engine or question.engine)
        return cast(question, value) if question.type != "str" else value
    return value


def _settled_by(name: str) -> str:
    option = SETTLED_BY.get(name)
    return f"{option}, which answers it" if option else "the answer paved gives it"


def shown(value: Any) -> str:
    """An answer as a person wrote it: text as it is, other values as YAML would."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False, default=str)


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
            f"{question.name}: {shown(value)!r} is not {article} {kind}",
            f"give {question.name} {article} {kind} value",
        ) from None


def validate(
    question: Question, value: Any, answers: dict[str, Any], engine: Engine | None = None
) -> Any:
    """Check one answer against its choices and validator; return it cast."""
    value = cast(question, value)
    if question.choices is not None:
        allowed = list(question.choices.values())
        if value not in allowed:
            raise BadInputError(
                f"{question.name}: {shown(value)!r} is not one of its choices",
                f"choose one of: {', '.join(map(shown, allowed))}",
            )
    if question.validator:
        message = " ".join(
            str(
                render(
                    question.validator,
                    {**answers, question.name: value},
                    engine or question.engine,
                )
            ).split()
        )
        if message:
            raise BadInputError(
                f"{question.name}: {shown(value)!r}: {message}", question.help or ""
            )
    return value


def resolve(
    questions: list[Question],
    given: dict[str, Any],
    base: dict[str, Any],
    engine: Engine | None = None,
) -> dict[str, Any]:
    """Every answer for `questions`: given ones validated, the others defaulted; a
    question with no default must be given (as copier's `--defaults` requires).

    `base` holds answers already settled (golden path, name, owner...): a given answer
    to one of those that says otherwise is refused, never silently replaced.
    """
    answers = dict(base)
    names = {question.name for question in questions}
    unknown = sorted(set(given) - names - set(base))
    if unknown:
        raise BadInputError(
            f"unknown question {unknown[0]!r}",
            f"this golden path's questions are: {', '.join(sorted(names)) or 'none'}",
        )
    for name in sorted(set(given) & set(base)):
        if str(given[name]) != str(base[name]):
            raise BadInputError(
                f"-d {name}={given[name]} says otherwise than {_settled_by(name)} "
                f"({shown(base[name])})",
                f"leave out -d {name}",
            )
    for question in questions:
        if question.name in base or not applies(question, answers, engine):
            continue
        if question.name in given:
            value = given[question.name]
        else:
            value = default(question, answers, engine)
        if value is None and question.type not in ("json", "yaml"):
            own = question.declared_as or question.name
            option = SETTLED_BY.get(question.name)
            raise BadInputError(
                f"the question {own} has no default and was not answered"
                + (f": {question.help}" if question.help else ""),
                f"answer it with {option} VALUE" if option else f"answer it: -d {own}=VALUE",
            )
        answers[question.name] = validate(question, value, answers, engine)
    unused = sorted(name for name in given if name not in answers)
    if unused:
        raise BadInputError(
            f"question {unused[0]!r} does not apply to this project",
            "leave it out: its `when` condition is false for these answers",
        )
    return answers
