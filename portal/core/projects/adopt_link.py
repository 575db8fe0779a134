"""The answers file that links a repo paved did not generate to a golden path at a
version, as `copier recopy` and `cruft link` write it: copier's answers (at the name
its template gives them) or cruft's `.cruft.json`, from the answers given and the
template's defaults."""

from __future__ import annotations

from typing import Any

import yaml

from ..filenames import ANSWERS_FILE, CRUFT_FILE
from ..golden_paths import answers as answer_rules
from ..golden_paths.models import GoldenPath
from ..sources.cookiecutter_render import cruft_file, recorded_context
from ..sources.questions import (
    given_answers,
    questions_for,
    root_name_question,
    template_answers,
    template_questions,
)
from ..sources.template import OutsideTemplate
from ..workspace import runtime
from ..workspace.model import Workspace

_COPIER_HEADER = "# Changes here will be overwritten by Copier; NEVER EDIT MANUALLY\n"


def link_answers(
    workspace: Workspace,
    path: GoldenPath,
    version: str | None,
    data: dict[str, Any],
    settled: dict[str, str],
) -> tuple[str, dict[str, bytes]]:
    """The version the repo is linked at (`version`, else the newest), and the answers
    file that says so: `data` answers questions, `settled` the project's name and owner."""
    base: dict[str, Any] = {"project_name": settled["name"], "owner": settled["owner"]}
    if path.source is None:
        tag = workspace.tag_for(version) if version else None
        tag = tag or workspace.require_latest_tag()
        base = {"golden_path": path.name, **base}
        pin = runtime.requirement(workspace.root, tag, str(workspace.root))
        if pin:
            base[runtime.ANSWER] = pin
        questions = [q for q in questions_for(workspace, path) if q.name != "consumes"]
        answers = answer_rules.resolve(questions, data, base)
        recorded = {"_commit": tag, "_src_path": str(workspace.root), **answers}
        return tag, {ANSWERS_FILE: _copier_answers(recorded)}
    with OutsideTemplate(workspace.root, workspace.index_dir, path, version) as template:
        questions = template_questions(template, root_name_question(workspace))
        given = given_answers(path, data, base)
        answers = template_answers(path, answer_rules.resolve(questions, given, base))
        if template.kind == "copier":
            recorded = {"_commit": template.version, "_src_path": template.url, **answers}
            where = path.source.answers_file or ANSWERS_FILE
            return template.version, {where: _copier_answers(recorded)}
        context = recorded_context(template.folder, answers, template.url, str(template.commit))
        state = cruft_file(
            template.url, str(template.commit), template.version, context, template.directory
        )
        return template.version, {CRUFT_FILE: state}


def _copier_answers(answers: dict[str, Any]) -> bytes:
    text = yaml.safe_dump(answers, default_flow_style=False, allow_unicode=True, indent=4)
    return (_COPIER_HEADER + text).encode("utf-8")
