"""`paved adopt`: an existing repo, which paved did not generate, into the catalog.

The repo's `catalog-info.yaml` says what it is (kind, owner, what it publishes and
consumes); a repo without one gets one, committed to it. With a golden path, the
repo is linked to it at a version, as `copier recopy` and `cruft link` do: only the
answers file (`.copier-answers.yml`, or `.cruft.json` for a cookiecutter path) is
committed, and nothing else changes until an update, whose three-way merge then
treats the repo's differences from that version as the owner's edits.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, Field

from ..catalog.index import open_index
from ..catalog.queries import require_team
from ..catalog.registration import entities_from_repo, register_project
from ..catalog.store import read_entities, write_entities
from ..errors import BadInputError, DuplicateNameError
from ..filenames import ANSWERS_FILE, CRUFT_FILE, REPO_CATALOG_FILE
from ..git import commands as git
from ..golden_paths import answers as answer_rules
from ..golden_paths.models import GoldenPath
from ..naming import validate_project_name
from ..sources.cookiecutter_render import cruft_file, recorded_context
from ..sources.questions import (
    questions_for,
    root_name_question,
    template_answers,
    template_questions,
)
from ..sources.template import OutsideTemplate
from ..workspace import runtime
from ..workspace.model import Workspace
from .new_from_source import component

_COPIER_HEADER = "# Changes here will be overwritten by Copier; NEVER EDIT MANUALLY\n"


class AdoptRequest(BaseModel):
    repo: Path
    owner: str
    name: str | None = None
    golden_path: str | None = None
    version: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)


class AdoptResult(BaseModel):
    name: str
    repo: Path
    owner: str
    golden_path: str | None
    template_version: str | None
    catalog_file: Path
    committed: list[str]
    commit: str | None


def adopt(workspace: Workspace, request: AdoptRequest) -> AdoptResult:
    """Register the repo, linking it to a golden path when asked; write nothing
    before every check has passed, and leave the repo as it was if any step fails."""
    repo = request.repo.expanduser().resolve()
    if not repo.is_dir() or not git.is_repo(repo):
        raise BadInputError(f"{repo} is not the top folder of a git repo", "adopt a git repo")
    git.refuse_dirty(repo)
    existing = _component(repo)
    name = request.name or (existing.name if existing else repo.name)
    validate_project_name(name)
    if existing is not None:
        _check_existing(repo, existing, name, request.owner)
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        require_team(index, request.owner)
        if index.entity(name, ("Component", "API")) is not None:
            raise DuplicateNameError(
                f"{name!r} is already in the catalog",
                f"give another --name, or see `paved catalog show {name}`",
            )
    path = workspace.golden_path(request.golden_path) if request.golden_path else None
    files: dict[str, bytes] = {}
    version = None
    if path is not None:
        version, files = _link(workspace, path, request, name)
        clash = [file for file in files if (repo / file).exists()]
        if clash:
            raise BadInputError(
                f"{repo} already has {clash[0]}: it is linked to a template already",
                "update it with `paved update`, or adopt it without --path",
            )
    if existing is None:
        files[REPO_CATALOG_FILE] = _catalog_info(path, name, request.owner)
    before = git.run(repo, "rev-parse", "--verify", "--quiet", "HEAD", check=False)
    commit = None
    try:
        for relative, data in files.items():
            (repo / relative).write_bytes(data)
        if files:
            what = f"link to the {path.name} golden path at {version}" if path else "catalog entry"
            commit = git.commit_paths(repo, f"paved: adopt {name} ({what})", sorted(files))
        target = register_project(
            workspace.catalog_dir,
            workspace.index_dir,
            workspace.root if workspace.is_repo else None,
            name,
            entities_from_repo(repo, path.name if path else "", version or ""),
            f"catalog: adopt {name} (owned by {request.owner})",
        )
    except BaseException:
        if commit is not None and before:
            git.run(repo, "reset", "--quiet", "--keep", before)  # never an owner's change
        else:
            for relative in files:
                (repo / relative).unlink(missing_ok=True)
        raise
    return AdoptResult(
        name=name,
        repo=repo,
        owner=request.owner,
        golden_path=path.name if path else None,
        template_version=version,
        catalog_file=target,
        committed=sorted(files),
        commit=commit,
    )


def _component(repo: Path) -> Any:
    source = repo / REPO_CATALOG_FILE
    if not source.is_file():
        return None
    components = [entity for entity in read_entities(source) if entity.kind == "Component"]
    if len(components) != 1:
        raise BadInputError(
            f"{source} holds {len(components)} Components", "a project's file holds exactly one"
        )
    return components[0]


def _check_existing(repo: Path, component: Any, name: str, owner: str) -> None:
    if component.name != name:
        raise BadInputError(
            f"{repo}/{REPO_CATALOG_FILE} names the project {component.name!r}, not {name!r}",
            f"leave out --name, or rename it in {REPO_CATALOG_FILE} and commit",
        )
    recorded = str(component.spec.get("owner", "")).removeprefix("group:")
    if recorded and recorded != owner:
        raise BadInputError(
            f"{repo}/{REPO_CATALOG_FILE} says the owner is {recorded!r}, not {owner!r}",
            f"pass --owner {recorded}, or change the owner in {REPO_CATALOG_FILE} and commit",
        )


def _catalog_info(path: GoldenPath | None, name: str, owner: str) -> bytes:
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / REPO_CATALOG_FILE
        write_entities(target, [component(path, name, owner)])
        return target.read_bytes()


def _link(
    workspace: Workspace, path: GoldenPath, request: AdoptRequest, name: str
) -> tuple[str, dict[str, bytes]]:
    """The answers file that links the repo to `path` at a version."""
    base = {"project_name": name, "owner": request.owner}
    if path.source is None:
        tag = workspace.tag_for(request.version) if request.version else None
        tag = tag or workspace.require_latest_tag()
        base = {"golden_path": path.name, **base}
        pin = runtime.requirement(workspace.root, tag, str(workspace.root))
        if pin:
            base[runtime.ANSWER] = pin
        questions = [q for q in questions_for(workspace, path) if q.name != "consumes"]
        answers = answer_rules.resolve(questions, request.data, base)
        recorded = {"_commit": tag, "_src_path": str(workspace.root), **answers}
        return tag, {ANSWERS_FILE: _copier_answers(recorded)}
    with OutsideTemplate(workspace.root, workspace.index_dir, path, request.version) as template:
        questions = template_questions(template, root_name_question(workspace))
        answers = template_answers(path, answer_rules.resolve(questions, request.data, base))
        if template.kind == "copier":
            recorded = {"_commit": template.version, "_src_path": template.url, **answers}
            return template.version, {ANSWERS_FILE: _copier_answers(recorded)}
        context = recorded_context(template.folder, answers, template.url, str(template.commit))
        state = cruft_file(
            template.url, str(template.commit), template.version, context, template.directory
        )
        return template.version, {CRUFT_FILE: state}


def _copier_answers(answers: dict[str, Any]) -> bytes:
    text = yaml.safe_dump(answers, default_flow_style=False, allow_unicode=True, indent=4)
    return (_COPIER_HEADER + text).encode("utf-8")
