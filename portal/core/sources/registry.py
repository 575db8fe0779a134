"""`paved paths add/remove/list`: golden paths whose template lives in its own repo.

An outside golden path is `golden_paths/<name>/path.yaml` with a `source` (the
template's git URL or local repo, its kind, the ref it follows, and which of its
questions take the project's name, owner and description), committed to the
workspace. Its template is used unmodified; its versions are its own tags.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

from ..catalog.index import open_index
from ..errors import (
    BadInputError,
    DirtyRepoError,
    DuplicateNameError,
    InvalidNameError,
    WorkspaceError,
)
from ..filenames import CONFIG_FILE, COPIER_FILES
from ..git import commands as git
from ..golden_paths.loading import load_golden_path
from ..golden_paths.models import GoldenPath, Question, Source
from ..workspace.config import set_trust, trusted_sources
from ..workspace.model import Workspace
from .mirror import TemplateSource, template_kind
from .template_config import (
    check_is_template,
    cookiecutter_questions,
    copier_answers_file,
    copier_template,
)
from .trust import template_code

# The template questions that most often hold the project's name, owner, description.
_NAME = ("project_name", "project_slug", "repo_name", "package_name", "name")
_OWNER = ("owner", "team", "owner_team")
_DESCRIPTION = ("description", "project_description", "project_short_description")
_HEADER = "# paved's metadata for an outside golden path: its template lives in `source`.\n"


@dataclass
class PathSummary:
    """One golden path as `paved paths` lists it."""

    name: str
    kind: str
    title: str
    summary: str
    source: str
    newest: str | None
    trusted: bool | None = None
    code: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)  # as declared
    filled: dict[str, str] = field(default_factory=dict)  # question -> the option answering it


def add_path(
    workspace: Workspace,
    name: str,
    source: str,
    ref: str | None = None,
    trust: bool = False,
    directory: str | None = None,
) -> PathSummary:
    """Register an outside path (a cookiecutter template in the `directory` sub-folder
    of its repo, where given); for one already registered from `source`, record its
    trust (its path.yaml, which the platform team may have edited, is kept)."""
    if not re.fullmatch(r"[a-z][a-z0-9-]*", name):
        raise InvalidNameError(
            f"invalid golden path name {name!r}",
            "use lowercase letters, digits and dashes, starting with a letter",
        )
    url = _source_url(source)
    folder = workspace.root / "golden_paths" / name
    known = workspace.golden_paths.get(name)
    if known is not None and (known.source is None or known.source.url != url):
        where = "the workspace template" if known.source is None else known.source.url
        raise DuplicateNameError(
            f"there is already a golden path {name!r} ({where})",
            "choose another name, or `paved paths remove` it first",
        )
    if known is not None and known.source is not None and ref not in (None, known.source.ref):
        raise BadInputError(
            f"the {name} golden path follows {known.source.ref or 'its newest version'}",
            f"to follow {ref}, edit source.ref in golden_paths/{name}/path.yaml and commit",
        )
    recorded = known.source if known is not None else None
    if recorded is not None and directory not in (None, recorded.directory):
        raise BadInputError(
            f"the {name} golden path's template is in {recorded.directory or 'its root'}",
            f"remove it (`paved paths remove {name}`), then add it with --directory {directory}",
        )
    _check_clean(workspace, [folder / "path.yaml", workspace.root / CONFIG_FILE])
    if known is not None and known.source is not None:
        ref, directory = known.source.ref, known.source.directory
    template = TemplateSource(workspace.index_dir, name, url)
    scratch = Path(tempfile.mkdtemp(prefix="paved-add-"))
    try:
        template.fetch()
        newest = template.newest(ref)
        checkout = _template_folder(template.checkout(newest, scratch / "template"), directory)
        kind = template_kind(checkout)
        check_is_template(kind, checkout, url)
        questions = _question_names(kind, checkout)
        answers_file = copier_answers_file(checkout) if kind == "copier" else None
        code = template_code(checkout)
    except BaseException:
        if known is None:  # no mirror left of a source that was not added
            shutil.rmtree(template.mirror, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    path = GoldenPath(
        name=name,
        title=name.replace("-", " ").capitalize(),
        summary=f"Projects from the {kind} template at {url}, used unmodified.",
        entity={"component_type": name},
        source=Source(
            url=url,
            kind=kind,
            ref=ref,
            directory=directory,
            answers_file=answers_file,
            name_question=_first(_NAME, questions),
            owner_question=_first(_OWNER, questions),
            description_question=_first(_DESCRIPTION, questions),
        ),
    )
    changed = []
    if known is None:
        folder.mkdir(parents=True, exist_ok=True)
        document = path.model_dump(mode="json", exclude_defaults=True)
        document["entity"] = path.entity.model_dump(exclude_defaults=True)
        text = _HEADER + yaml.safe_dump(document, sort_keys=False)
        (folder / "path.yaml").write_text(text, "utf-8")
        load_golden_path(folder)  # what was written reads back
        changed.append(folder / "path.yaml")
    else:
        path = known
    if trust and set_trust(workspace.root, url, True):
        changed.append(workspace.root / CONFIG_FILE)
    verb = "trust" if known is not None else "add"
    if changed:
        _commit(workspace, changed, f"paths: {verb} the {name} golden path ({kind}, {url})")
    workspace.forget_golden_paths()
    return PathSummary(
        name,
        kind,
        path.title,
        path.summary,
        url,
        newest,
        url in trusted_sources(workspace.root),
        code,
    )


def remove_path(workspace: Workspace, name: str, force: bool = False) -> list[str]:
    """Drop an outside path; refused while catalog projects use it, unless `force`.
    Return the projects that still name it."""
    path = workspace.golden_path(name)
    if path.source is None:
        raise BadInputError(
            f"{name} is a golden path of the workspace template, not an outside one",
            "remove its folders and its choice in copier.yml, then release",
        )
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        users = sorted(row["name"] for row in index.entities(kind="Component", golden_path=name))
    if users and not force:
        shown = ", ".join(users[:5]) + (f" and {len(users) - 5} more" if len(users) > 5 else "")
        raise BadInputError(
            f"{len(users)} project(s) use the {name} golden path: {shown}",
            "remove them from the catalog first, or pass --force",
        )
    folder = workspace.root / "golden_paths" / name
    _check_clean(workspace, [folder / "path.yaml", workspace.root / CONFIG_FILE])
    files = [item for item in folder.rglob("*") if item.is_file()]
    shutil.rmtree(folder)
    changed = list(files)
    others = [p for p in workspace.golden_paths.values() if p.source and p.name != name]
    shared = any(other.source and other.source.url == path.source.url for other in others)
    if not shared and set_trust(workspace.root, path.source.url, False):
        changed.append(workspace.root / CONFIG_FILE)
    _commit(workspace, changed, f"paths: remove the {name} golden path")
    shutil.rmtree(TemplateSource(workspace.index_dir, name, "").mirror, ignore_errors=True)
    workspace.forget_golden_paths()
    return users


def list_paths(workspace: Workspace, questions: bool = False) -> list[PathSummary]:
    """Every golden path with its kind, source and newest version; with `questions`,
    the questions each asks as declared (an outside template's read at its newest
    version, nothing of it imported or run)."""
    from .questions import declared_questions, filled_by_options

    trusted = trusted_sources(workspace.root)
    found = []
    for path in workspace.golden_paths.values():
        if path.source is None:
            summary = PathSummary(
                path.name, path.kind, path.title, path.summary, "workspace", workspace.latest_tag()
            )
        else:
            source = TemplateSource(workspace.index_dir, path.name, path.source.url)
            source.fetch()
            summary = PathSummary(
                path.name,
                path.kind,
                path.title,
                path.summary,
                path.source.url,
                source.newest(path.source.ref),
                path.source.url in trusted,
            )
        if questions:
            summary.questions = declared_questions(workspace, path, summary.newest)
            summary.filled = filled_by_options(path)
        found.append(summary)
    return found


def _source_url(source: str) -> str:
    """A local template repo by its absolute path (as cruft records it); URLs as given."""
    parsed = urlparse(source)
    if parsed.scheme in ("", "file") and "@" not in source.split("/")[0]:
        local = Path(parsed.path if parsed.scheme else source).expanduser()
        if not local.is_dir():
            raise BadInputError(
                f"{source} is neither a folder nor a git URL",
                "give a git URL, or the folder of a local git repo holding the template",
            )
        return str(local.resolve())
    return source


def _template_folder(checkout: Path, directory: str | None) -> Path:
    """The folder of the template in a checkout of its repo: its root, or `directory`."""
    if not directory:
        return checkout
    folder = (checkout / directory).resolve()
    if not folder.is_relative_to(checkout.resolve()) or not folder.is_dir():
        raise BadInputError(
            f"the template's repo has no folder {directory}",
            "give --directory as a sub-folder of the repo, e.g. --directory templates/service",
        )
    if any((place / name).is_file() for place in (checkout, folder) for name in COPIER_FILES):
        raise BadInputError(
            "--directory is for cookiecutter templates, and this repo holds a copier one",
            "a copier template names its sub-folder in copier.yml (`_subdirectory`): "
            "add it without --directory",
        )
    return folder


def _question_names(kind: str, folder: Path) -> list[str]:
    if kind == "cookiecutter":
        return [question.name for question in cookiecutter_questions(folder)]
    return list(copier_template(folder).questions_data)


def _first(candidates: tuple[str, ...], names: list[str]) -> str | None:
    return next((name for name in candidates if name in names), None)


def _check_clean(workspace: Workspace, paths: list[Path]) -> None:
    if not workspace.is_repo:
        return
    relative = [str(path.relative_to(workspace.root)) for path in paths]
    dirty = git.run(workspace.root, "status", "--porcelain", "--", *relative)
    if dirty:
        raise DirtyRepoError(
            f"the workspace has uncommitted changes in {', '.join(relative)}",
            "commit or drop them first",
        )


def _commit(workspace: Workspace, changed: list[Path], message: str) -> None:
    if not workspace.is_repo:
        return
    relative = [str(path.relative_to(workspace.root)) for path in changed]
    try:
        git.commit_paths(workspace.root, message, relative)
    except Exception as error:
        raise WorkspaceError(
            f"could not commit {', '.join(relative)} to the workspace: {error}",
            "commit them by hand",
        ) from error
