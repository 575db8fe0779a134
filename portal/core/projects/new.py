"""`paved new`: render a golden path into a new repo and record it in the catalog.

Everything is checked before anything is written. The project is rendered into a
staging folder beside its destination, committed there, and moved into place only
when it is whole; a failure at any step leaves no folder and no catalog entry.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from ..catalog.consumption import consumed_dataset
from ..catalog.index import CatalogIndex, open_index
from ..catalog.queries import require_team
from ..catalog.registration import entities_from_repo, register_project
from ..errors import (
    BadInputError,
    DestinationError,
    DuplicateNameError,
    GenerationError,
    PortalError,
)
from ..file_modes import folder_mode
from ..git import commands as git
from ..golden_paths import answers as answer_rules
from ..golden_paths.isolation import own_code_refused
from ..golden_paths.models import GoldenPath
from ..naming import refuse_sql_keyword, validate_project_name
from ..reporting import NullReporter, Reporter
from ..sources.questions import (
    filled_by_options,
    given_answers,
    questions_for,
    root_name_question,
    template_questions,
)
from ..sources.template import OutsideTemplate
from ..sources.trust import copier_features
from ..workspace import runtime
from ..workspace.model import Workspace
from .new_from_source import render_outside


class NewProject(BaseModel):
    """What a user asks `paved new` for."""

    golden_path: str
    name: str
    owner: str
    dest: Path
    description: str | None = None
    consumes: list[str] = Field(default_factory=list)
    data: dict[str, Any] = Field(default_factory=dict)
    version: str | None = None


class Plan(BaseModel):
    """A checked request: everything needed to render, nothing written yet."""

    request: NewProject
    dest: Path
    tag: str
    answers: dict[str, Any]
    filled: dict[str, str] = Field(default_factory=dict)  # template question -> option


class NewProjectResult(BaseModel):
    name: str
    golden_path: str
    owner: str
    dest: Path
    template_version: str
    commit: str
    catalog_file: Path
    files: list[str]
    next_steps: list[str]
    # An outside template's own questions the options answered: question -> option.
    filled: dict[str, str] = Field(default_factory=dict)


def plan(workspace: Workspace, request: NewProject) -> Plan:
    """Check a request against the workspace and its catalog; write nothing."""
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        return _plan(workspace, request, index)


def _plan(workspace: Workspace, request: NewProject, index: CatalogIndex) -> Plan:
    path = workspace.golden_path(request.golden_path)
    validate_project_name(request.name)
    require_team(index, request.owner)
    if index.entity(request.name, ("Component", "API")) is not None:
        raise DuplicateNameError(
            f"{request.name!r} is already in the catalog",
            f"choose another name, or see `paved catalog show {request.name}`",
        )
    dest = _check_destination(request.dest)
    if path.source is not None:
        return _plan_outside(workspace, request, dest, path)
    tag = workspace.tag_for(request.version) if request.version else workspace.require_latest_tag()

    base: dict[str, Any] = {
        "golden_path": path.name,
        "project_name": request.name,
        "owner": request.owner,
    }
    pin = runtime.requirement(workspace.root, tag, str(workspace.root))
    if pin:
        base[runtime.ANSWER] = pin
    questions = questions_for(workspace, path)
    by_name = {question.name: question for question in questions}
    if request.description is not None:
        base["description"] = answer_rules.validate(
            by_name["description"], request.description, base
        )
    consumes_question = by_name.get("consumes")
    takes_consumes = consumes_question is not None and answer_rules.applies(consumes_question, base)
    if request.consumes and not takes_consumes:
        raise BadInputError(
            f"the {path.name} golden path does not consume datasets",
            "leave out --consumes",
        )
    if takes_consumes:
        base["consumes"] = [consumed_dataset(index, name) for name in request.consumes]
    answers = answer_rules.resolve(questions, request.data, base)
    for name in sorted(_dataset_names(path, answers)):
        refuse_sql_keyword(name, str(path.entity.published_name))
        if index.entity(name, ("Component", "API")) is not None:
            raise DuplicateNameError(
                f"a dataset or API named {name!r} is already in the catalog",
                "choose another dataset name with -d",
            )
    return Plan(request=request, dest=dest, tag=tag, answers=answers)


def _plan_outside(workspace: Workspace, request: NewProject, dest: Path, path: GoldenPath) -> Plan:
    if request.consumes:
        raise BadInputError(
            f"the {path.name} golden path does not consume datasets", "leave out --consumes"
        )
    with OutsideTemplate(workspace.root, workspace.index_dir, path, request.version) as template:
        questions = template_questions(template, root_name_question(workspace))
        base: dict[str, Any] = {"project_name": request.name, "owner": request.owner}
        if request.description is not None:
            base["description"] = request.description
        given = given_answers(path, request.data, base)
        by_name = {question.name: question for question in questions}
        if "description" in base and "description" in by_name:
            base["description"] = answer_rules.validate(
                by_name["description"], request.description, base
            )
        answers = answer_rules.resolve(questions, given, base)
        filled = {
            question: option
            for question, option in filled_by_options(path).items()
            if option != "--description" or request.description is not None
        }
        return Plan(
            request=request, dest=dest, tag=template.version, answers=answers, filled=filled
        )


def create(
    workspace: Workspace, planned: Plan, reporter: Reporter | None = None
) -> NewProjectResult:
    """Render, commit and register a planned project."""
    reporter = reporter or NullReporter()
    request, dest = planned.request, planned.dest
    path = workspace.golden_path(request.golden_path)
    existed = dest.exists()
    dest.parent.mkdir(parents=True, exist_ok=True)
    # The staging folder is made 0700; the project gets the mode a plain mkdir gives.
    mode = dest.stat().st_mode & 0o7777 if existed else folder_mode()
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.paved-", dir=dest.parent))
    moved = False
    reporter.start(f"Rendering {path.title} at {planned.tag}", total=4)
    try:
        render(workspace, planned, staging)
        reporter.advance("Committing the first version")
        git.init(staging)
        commit = git.commit_all(
            staging,
            f"Create {request.name} from the {path.name} golden path ({planned.tag})",
        )
        files = sorted(git.run(staging, "ls-files").splitlines())
        reporter.advance("Moving the project into place")
        staging.chmod(mode)
        if existed:
            dest.rmdir()
        os.replace(staging, dest)
        moved = True
        reporter.advance("Recording it in the catalog")
        catalog_file = _register(workspace, dest, path, planned)
        reporter.advance()
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if moved:
            shutil.rmtree(dest, ignore_errors=True)
            if existed:
                dest.mkdir()
        if isinstance(error, PortalError):
            raise
        if isinstance(error, Exception):
            raise GenerationError(
                f"generating {request.name} failed: {error}", "nothing was kept; fix and retry"
            ) from error
        raise
    finally:
        reporter.finish()
    return NewProjectResult(
        name=request.name,
        golden_path=path.name,
        owner=request.owner,
        dest=dest,
        template_version=planned.tag,
        commit=commit,
        catalog_file=catalog_file,
        files=files,
        next_steps=_next_steps(path, planned),
        filled=planned.filled,
    )


def new_project(
    workspace: Workspace, request: NewProject, reporter: Reporter | None = None
) -> NewProjectResult:
    """Plan and create in one call."""
    return create(workspace, plan(workspace, request), reporter)


def render(workspace: Workspace, planned: Plan, staging: Path) -> None:
    """Render a plan into `staging` (a folder that need not exist), writing nothing else."""
    path = workspace.golden_path(planned.request.golden_path)
    if path.source is not None:
        _render_outside(workspace, planned, staging, path)
        return
    from copier import run_copy  # heavy: imported only when rendering
    from copier.errors import UnsafeTemplateError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            run_copy(
                str(workspace.root),
                staging,
                data=planned.answers,
                vcs_ref=planned.tag,
                defaults=True,
                overwrite=True,
                quiet=True,
                unsafe=False,
                cleanup_on_error=False,
            )
        except UnsafeTemplateError as error:
            raise own_code_refused(copier_features(error), planned.tag) from error


def _render_outside(workspace: Workspace, planned: Plan, staging: Path, path: GoldenPath) -> None:
    request = planned.request
    project = {
        "name": request.name,
        "owner": request.owner,
        "description": str(planned.answers.get("description") or request.description or ""),
    }
    with OutsideTemplate(workspace.root, workspace.index_dir, path, planned.tag) as template:
        render_outside(template, planned.answers, staging, project)


def _register(workspace: Workspace, dest: Path, path: GoldenPath, planned: Plan) -> Path:
    request = planned.request
    return register_project(
        workspace.catalog_dir,
        workspace.index_dir,
        workspace.root if workspace.is_repo else None,
        request.name,
        entities_from_repo(dest, path.name, planned.tag),
        f"catalog: register {request.name} ({path.name}, owned by {request.owner})",
    )


def _check_destination(dest: Path) -> Path:
    dest = dest.expanduser().resolve()
    if dest.exists():
        if not dest.is_dir():
            raise DestinationError(f"{dest} exists and is a file", "choose a new folder")
        if any(dest.iterdir()):
            raise DestinationError(
                f"{dest} exists and is not empty", "choose a new or empty folder"
            )
    return dest


def _dataset_names(path: GoldenPath, answers: dict[str, Any]) -> set[str]:
    """The names of the datasets or APIs the new project will publish."""
    question = path.entity.published_name
    return {str(answers[question])} if question and answers.get(question) else set()


def _next_steps(path: GoldenPath, planned: Plan) -> list[str]:
    cwd = Path.cwd()
    dest = planned.dest
    shown = str(dest.relative_to(cwd)) if dest.is_relative_to(cwd) else str(dest)
    values = {
        **{key: value for key, value in planned.answers.items() if isinstance(value, str | int)},
        "dest": shown,
        "package": planned.request.name,
    }
    return [step.format_map(_Missing(values)) for step in path.next_steps]


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
