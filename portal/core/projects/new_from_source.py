"""`paved new` on an outside golden path: its template's questions in paved's words,
the project rendered by the template's own tool.

The template questions that take the project's name, owner and description (named in
the path's `source`) are asked as `project_name`, `owner` and `description`, like the
workspace's paths, so forms and flags are the same for every kind; the answers go
back under the template's own names when it renders. A copier template renders with
`run_copy` (its project gets copier's `.copier-answers.yml`), a cookiecutter template
with `cookiecutter()` (its project gets cruft's `.cruft.json`). A project whose
template made no `catalog-info.yaml` gets one from paved.
"""

from __future__ import annotations

import atexit
import os
import shutil
import warnings
from pathlib import Path
from typing import Any

from ..catalog.entities import GOLDEN_PATH, Entity, Metadata
from ..catalog.store import write_entities
from ..errors import GenerationError, UntrustedTemplateError
from ..filenames import CRUFT_FILE, REPO_CATALOG_FILE
from ..golden_paths.models import GoldenPath, Question
from ..sources.cookiecutter_render import cruft_context, cruft_file, render_new_project
from ..sources.template import OutsideTemplate

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
        question.model_copy(update={"name": renamed.get(question.name, question.name)})
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


def render_outside(
    template: OutsideTemplate, answers: dict[str, Any], staging: Path, project: dict[str, str]
) -> None:
    """Render the project into `staging` with the template's own tool, then add the
    catalog-info.yaml paved needs where the template made none."""
    own = template_answers(template.path, answers)
    staging.mkdir(parents=True, exist_ok=True)
    if template.kind == "copier":
        _render_copier(template, own, staging)
    else:
        rendered, context = render_new_project(template.folder, own, accept_hooks=True)
        try:
            for item in rendered.iterdir():
                os.replace(item, staging / item.name)
        finally:
            shutil.rmtree(rendered.parent.parent, ignore_errors=True)
        state = cruft_file(
            template.url,
            str(template.commit),
            template.version,
            cruft_context(context, template.url, str(template.commit)),
            template.directory,
        )
        (staging / CRUFT_FILE).write_bytes(state)
    if not (staging / REPO_CATALOG_FILE).exists():
        write_entities(staging / REPO_CATALOG_FILE, [component(template.path, **project)])


def component(path: GoldenPath | None, name: str, owner: str, description: str = "") -> Entity:
    """A project's Component, for a repo whose template made no catalog-info.yaml."""
    return Entity(
        kind="Component",
        metadata=Metadata(
            name=name,
            description=description or None,
            annotations={GOLDEN_PATH: path.name} if path else {},
        ),
        spec={
            "type": path.entity.component_type if path else "service",
            "lifecycle": "experimental",
            "owner": f"group:{owner}",
            "consumesApis": [],
        },
    )


def _render_copier(template: OutsideTemplate, answers: dict[str, Any], staging: Path) -> None:
    from copier import run_copy
    from copier.errors import CopierError, UnsafeTemplateError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            run_copy(
                template.url,
                staging,
                data=answers,
                vcs_ref=template.version,
                defaults=True,
                overwrite=True,
                quiet=True,
                unsafe=True,  # its code was checked for trust when it was checked out
                cleanup_on_error=False,
            )
        except UnsafeTemplateError as error:  # pragma: no cover - checked before
            raise UntrustedTemplateError(str(error), "") from error
        except CopierError as error:
            raise GenerationError(f"copier failed: {error}", "nothing was kept") from error


class _Renamed:
    """An engine that sees answers under the template's own names."""

    def __init__(self, engine: Any, names: dict[str, str]) -> None:
        self.engine = engine
        self.names = names

    def render(self, text: str, answers: dict[str, Any]) -> Any:
        own = {self.names.get(name, name): value for name, value in answers.items()}
        return self.engine.render(text, own)
