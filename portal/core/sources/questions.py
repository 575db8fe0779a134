"""A golden path's questions, whichever template holds it, in paved's words.

A workspace path asks the root `copier.yml`'s shared questions, then its own. An outside
path asks its template's: the questions that take the project's name, owner and
description (named in the path's `source`) are asked as `project_name`, `owner` and
`description`, like the workspace's paths, so forms and flags are the same for every
kind, and the answers go back under the template's own names when it renders.
"""

from __future__ import annotations

import atexit
from pathlib import Path
from typing import Any

from ..errors import BadInputError
from ..golden_paths import answers as answer_rules
from ..golden_paths.loading import load_root_questions
from ..golden_paths.models import GoldenPath, Question
from ..workspace import runtime
from ..workspace.model import Workspace
from .template import OutsideTemplate

# Root questions paved answers itself from the request.
SETTLED = ("golden_path", "project_name", "owner", "description", "consumes")
_PAVED_NAMES = {
    "name_question": "project_name",
    "owner_question": "owner",
    "description_question": "description",
}
_BROWSED: dict[tuple[str, str], OutsideTemplate] = {}


def paved_names(path: GoldenPath) -> dict[str, str]:
    """Template question name -> the name paved asks it under."""
    assert path.source is not None
    named = {field: getattr(path.source, field) for field in _PAVED_NAMES}
    return {question: _PAVED_NAMES[field] for field, question in named.items() if question}


def template_questions(
    template: OutsideTemplate, root_name: Question, evaluate: bool = True
) -> list[Question]:
    """The template's questions as paved asks them: the name, owner and description
    questions under paved's names, each field rendered by the template's engine (or,
    without `evaluate`, as declared: nothing of the template imported)."""
    renamed = paved_names(template.path)
    questions = [
        question.model_copy(update={"name": renamed[question.name], "declared_as": question.name})
        if question.name in renamed
        else question
        for question in template.questions()
    ]
    if evaluate:
        engine = _Renamed(template.engine(), {paved: own for own, paved in renamed.items()})
        for question in questions:
            object.__setattr__(question, "engine", engine)  # frozen model, set once here
    if "project_name" not in {question.name for question in questions}:
        questions.insert(0, root_name)
    return questions


def browsed_template(root: Path, index_dir: Path, path: GoldenPath) -> OutsideTemplate:
    """The newest version of a path's template, kept for the life of the process (the
    wizard and the command line's prompts look at its questions again and again)."""
    key = (str(root), path.name)
    if key not in _BROWSED:
        template = OutsideTemplate(root, index_dir, path, None)
        atexit.register(template.close)
        _BROWSED[key] = template
    return _BROWSED[key]


def template_answers(path: GoldenPath, answers: dict[str, Any]) -> dict[str, Any]:
    """Answers in the template's own names, for its own tool."""
    to_template = {paved: own for own, paved in paved_names(path).items()}
    settled = set(_PAVED_NAMES.values())
    return {
        to_template.get(name, name): value
        for name, value in answers.items()
        if name in to_template or name not in settled
    }


def filled_by_options(path: GoldenPath) -> dict[str, str]:
    """The template's own questions that `--name`, `--owner` and `--description` answer:
    question -> option."""
    if path.source is None:
        return {}
    return {own: answer_rules.SETTLED_BY[paved] for own, paved in paved_names(path).items()}


def given_answers(
    path: GoldenPath, given: dict[str, Any], settled: dict[str, Any]
) -> dict[str, Any]:
    """`-d` answers under the names paved asks them by: a template's question is
    answerable under its own name too (`-d project_short_description=...`). One that
    says otherwise than an option that answers the same question (`settled`) is
    refused, never silently replaced."""
    if path.source is None:
        return dict(given)
    renamed = paved_names(path)
    found: dict[str, Any] = {}
    for name, value in given.items():
        paved = renamed.get(name, name)
        if paved in settled and str(settled[paved]) != str(value):
            option = answer_rules.SETTLED_BY.get(paved, "paved")
            raise BadInputError(
                f"-d {name}={value}: the template's {name} question is answered by {option} "
                f"({answer_rules.shown(settled[paved])})",
                f"leave out -d {name}, or give {option} {value}",
            )
        if paved in found and str(found[paved]) != str(value):
            raise BadInputError(
                f"-d {name} and -d {paved} answer the same question differently", "give one"
            )
        found[paved] = value
    return found


def questions_for(workspace: Workspace, path: GoldenPath) -> list[Question]:
    """The questions of a golden path: the shared ones, then its own; for an outside
    path, its template's (at its newest version). The runtime's pin is no question for
    people: paved answers it from the template version."""
    shared = load_root_questions(workspace.root)
    if path.source is None:
        return [*(q for q in shared if q.name != runtime.ANSWER), *path.questions]
    template = browsed_template(workspace.root, workspace.index_dir, path)
    return template_questions(template, _root_name(shared))


def declared_questions(
    workspace: Workspace, path: GoldenPath, version: str | None = None
) -> list[Question]:
    """The questions a golden path asks (those `-d key=value` answers), as declared:
    a workspace path's beyond name, owner, description and consumes; every question of
    an outside template, under its own name (`filled_by_options` says which an option
    answers). Defaults as written: nothing of an outside template imported or run, so
    an untrusted one's are listed too."""
    if path.source is None:
        return list(path.questions)
    with OutsideTemplate(
        workspace.root, workspace.index_dir, path, version, browse=True
    ) as template:
        return template.questions()


def _root_name(shared: list[Question]) -> Question:
    return next(question for question in shared if question.name == "project_name")


def root_name_question(workspace: Workspace) -> Question:
    """The workspace's project name question (its naming rules), for outside paths."""
    return _root_name(load_root_questions(workspace.root))


def path_questions(
    workspace: Workspace, path: GoldenPath, answers: dict[str, Any]
) -> list[Question]:
    """The questions a user answers beyond name, owner, description and consumes."""
    return [
        question
        for question in questions_for(workspace, path)
        if question.name not in SETTLED and answer_rules.applies(question, answers)
    ]


class _Renamed:
    """An engine that sees answers under the template's own names."""

    def __init__(self, engine: Any, names: dict[str, str]) -> None:
        self.engine = engine
        self.names = names

    def render(self, text: str, answers: dict[str, Any]) -> Any:
        own = {self.names.get(name, name): value for name, value in answers.items()}
        return self.engine.render(text, own)
