"""`paved adopt`: an existing repo, which paved did not generate, into the catalog.

The repo's `catalog-info.yaml` says what it is (kind, owner, what it publishes and
consumes); a repo without one gets one, committed to it. A repo made by copier or
cruft records its template (in the answers file its template names, or `.cruft.json`):
it is linked to the golden path whose source that is, at the version and with the
answers it records, and nothing of it changes until an update. A repo that records
none is linked only when asked (`--path`), as `copier recopy` and `cruft link` do:
only the answers file is committed, and the next update's three-way merge treats the
repo's differences from that version as the owner's edits.

Adopting a repo again changes nothing, or links it where it can now be linked (its
template was added as a golden path since).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from ..catalog.entities import Entity
from ..catalog.index import CatalogIndex, open_index
from ..catalog.queries import require_team
from ..catalog.registration import entities_from_repo, register_projects
from ..catalog.store import read_entities, write_entities
from ..errors import BadInputError, DuplicateNameError
from ..filenames import REPO_CATALOG_FILE
from ..git import commands as git
from ..golden_paths.models import GoldenPath
from ..naming import validate_adopted_name, validate_project_name
from ..sources.answers_files import Recorded, answers_file_names, matching_paths, read_recorded
from ..workspace.model import Workspace
from .adopt_link import link_answers
from .new_from_source import component
from .repo_owner import recorded_owner, repo_component


class AdoptRequest(BaseModel):
    repo: Path
    owner: str | None = None  # None: the repo's catalog-info.yaml's, else its CODEOWNERS'
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
    status: str = "adopted"  # "adopted", "updated" (adopted before), "unchanged"
    answers_file: str | None = None  # the template's answers file the repo keeps
    unlinked_source: str | None = None  # a template it records that is no golden path


@dataclass
class Adoption:
    """One repo's adoption, checked: what would be written, nothing written yet."""

    repo: Path
    name: str
    owner: str
    path: GoldenPath | None
    version: str | None
    files: dict[str, bytes]  # to commit to the repo
    entity_names: list[tuple[str, str]]  # (kind, name) of what it puts in the catalog
    again: bool = False  # it is in the catalog already: its file is rewritten
    recorded: Recorded | None = None
    unlinked_source: str | None = None
    owner_from: str = "--owner"
    entities: list[Entity] = field(default_factory=list)


def adopt(workspace: Workspace, request: AdoptRequest, dry_run: bool = False) -> AdoptResult:
    """Register the repo, linked to a golden path where it records one (or `--path`
    asks); write nothing before every check has passed (nothing at all in a dry run),
    and leave the repo as it was if any step fails."""
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        adoption = plan_adoption(workspace, index, request)
    if dry_run:
        return result_of(workspace, adoption, None, would(workspace, adoption))
    commit = apply_to_repo(adoption)
    try:
        status = register(workspace, [adoption], f"catalog: adopt {adoption.name}")[0]
    except BaseException:
        undo_in_repo(adoption, commit)
        raise
    return result_of(workspace, adoption, commit, status)


def plan_adoption(
    workspace: Workspace, index: CatalogIndex, request: AdoptRequest, fallback_owner: bool = False
) -> Adoption:
    """Check one repo's adoption against the workspace and the catalog. The owner is
    `request.owner`, which the repo's own files must not contradict; with
    `fallback_owner`, theirs first and `request.owner` only where they name none."""
    adoption = inspect_repo(workspace, request, fallback_owner)
    check_in_catalog(index, adoption)
    return adoption


def inspect_repo(
    workspace: Workspace, request: AdoptRequest, fallback_owner: bool = False
) -> Adoption:
    """What adopting one repo takes, from the repo and the workspace's golden paths
    (the catalog is not looked at: `check_in_catalog`)."""
    repo = request.repo.expanduser().resolve()
    if not repo.is_dir() or not git.is_repo(repo):  # its top folder, not one inside it
        raise BadInputError(f"{repo} is not the top folder of a git repo", "adopt a git repo")
    git.refuse_dirty(repo)
    if not git.run(repo, "rev-parse", "--verify", "--quiet", "HEAD", check=False):
        raise BadInputError(f"{repo} has no commit yet", "commit its files, then adopt it")
    existing = repo_component(repo)
    names = answers_file_names(workspace.golden_paths.values())
    recorded = read_recorded(repo, "HEAD", names, discover=True)
    path, unlinked = _path_for(workspace, request, recorded, repo)
    owner, owner_from = _owner(repo, existing, request.owner, fallback_owner)
    name = request.name or (existing.name if existing else repo.name)
    if existing is not None and existing.name != name:
        raise BadInputError(
            f"{repo}/{REPO_CATALOG_FILE} names the project {existing.name!r}, not {name!r}",
            f"leave out --name, or rename it in {REPO_CATALOG_FILE} and commit",
        )
    files: dict[str, bytes] = {}
    version = recorded.version if recorded is not None and path is not None else None
    if path is not None and recorded is None:  # linked as asked: its answers written
        if path.source is None:
            validate_project_name(name)  # the workspace's template renders it
        version, files = link_answers(
            workspace, path, request.version, request.data, {"name": name, "owner": owner}
        )
        clash = [file for file in files if (repo / file).exists()]
        if clash:
            raise BadInputError(
                f"{repo} already has {clash[0]}, which records no template",
                "restore it from git or remove it, then adopt it again",
            )
    elif request.data:
        raise BadInputError(
            "-d answers a template's questions only when paved writes the answers file",
            "leave out -d: the repo keeps the answers its template recorded"
            if recorded
            else "link it with --path NAME, or leave out -d",
        )
    validate_adopted_name(name)
    if existing is None:
        files[REPO_CATALOG_FILE] = _catalog_info(path, name, owner)
        entity_names = [("Component", name)]
    else:
        entity_names = [
            (entity.kind, entity.name) for entity in read_entities(repo / REPO_CATALOG_FILE)
        ]
    return Adoption(
        repo, name, owner, path, version, files, entity_names, False, recorded, unlinked, owner_from
    )


def check_in_catalog(index: CatalogIndex, adoption: Adoption) -> None:
    """Its owner a team of the catalog, its name free or its own (adopted before)."""
    require_team(index, adoption.owner)
    adoption.again = _in_catalog(index, adoption.repo, adoption.name)


def _path_for(
    workspace: Workspace, request: AdoptRequest, recorded: Recorded | None, repo: Path
) -> tuple[GoldenPath | None, str | None]:
    """The golden path the repo is linked to, and a recorded source that is none."""
    asked = workspace.golden_path(request.golden_path) if request.golden_path else None
    if recorded is None:
        return asked, None
    found = matching_paths(workspace, recorded)
    if asked is not None:
        if asked not in found and asked not in matching_paths(workspace, recorded, strict=False):
            raise BadInputError(
                f"{repo}/{recorded.file} records the template {recorded.source}, which is "
                f"not the {asked.name} golden path's",
                "leave out --path: it is linked to the path its answers name, if any",
            )
        found = [asked]
    if request.version and found and request.version.lstrip("v") != recorded.version.lstrip("v"):
        raise BadInputError(
            f"{repo}/{recorded.file} records its version ({recorded.version})",
            "leave out --version: the repo stays at the version its template recorded",
        )
    if len(found) > 1:
        shown = " or ".join(f"--path {path.name}" for path in found)
        raise BadInputError(
            f"{repo}/{recorded.file} records the template {recorded.source}, which golden "
            f"paths {', '.join(path.name for path in found)} all use",
            f"say which: {shown}",
        )
    return (found[0], None) if found else (None, recorded.source)


def _owner(
    repo: Path, existing: Entity | None, given: str | None, fallback: bool
) -> tuple[str, str]:
    said = recorded_owner(repo, existing)
    if given is not None and said is not None and not fallback:
        team, where = said
        if team != given and where == f"{REPO_CATALOG_FILE} spec.owner":
            raise BadInputError(
                f"{repo}/{REPO_CATALOG_FILE} says the owner is {team!r}, not {given!r}",
                f"pass --owner {team}, or change the owner in {REPO_CATALOG_FILE} and commit",
            )
        return given, "--owner"
    if said is not None:
        return said
    if given is None:
        raise BadInputError(
            f"{repo} names no owner (no spec.owner in its {REPO_CATALOG_FILE}, no team "
            "in a CODEOWNERS)",
            "give the owning team with --owner TEAM",
        )
    return given, "--owner"


def _in_catalog(index: CatalogIndex, repo: Path, name: str) -> bool:
    """Whether this repo is in the catalog already under this name (adopted before);
    another project by the name, or this repo by another name, is refused."""
    row = index.entity(name, ("Component", "API"))
    if row is not None and (row["kind"] != "Component" or row["repo"] != str(repo)):
        raise DuplicateNameError(
            f"{name!r} is already in the catalog, for another repo ({row['repo'] or row['file']})",
            "give this one another --name",
        )
    other = index.db.execute(
        "SELECT name FROM entities WHERE kind = 'Component' AND repo = ? AND name != ?",
        (str(repo), name),
    ).fetchone()
    if other is not None:
        raise DuplicateNameError(
            f"{repo} is already in the catalog as {other['name']!r}",
            f"adopt it again without --name, or `paved catalog remove {other['name']}` first",
        )
    return row is not None


def _catalog_info(path: GoldenPath | None, name: str, owner: str) -> bytes:
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / REPO_CATALOG_FILE
        write_entities(target, [component(path, name, owner)])
        return target.read_bytes()


def apply_to_repo(adoption: Adoption) -> str | None:
    """Commit the adoption's files to its repo; return the commit (None: nothing to
    commit). On failure the repo is left as it was."""
    if not adoption.files:
        return None
    repo = adoption.repo
    what = (
        f"link to the {adoption.path.name} golden path at {adoption.version}"
        if adoption.path and adoption.recorded is None
        else "catalog entry"
    )
    commit = None
    try:
        for relative, data in adoption.files.items():
            (repo / relative).write_bytes(data)
        commit = git.commit_paths(
            repo, f"paved: adopt {adoption.name} ({what})", sorted(adoption.files)
        )
    except BaseException:
        undo_in_repo(adoption, commit)
        raise
    return commit


def undo_in_repo(adoption: Adoption, commit: str | None) -> None:
    """Take back what `apply_to_repo` did: its commit (never an owner's change), or
    the files it wrote."""
    repo = adoption.repo
    if commit is not None:
        git.run(repo, "reset", "--quiet", "--keep", f"{commit}~1")
        return
    for relative in adoption.files:
        (repo / relative).unlink(missing_ok=True)


def catalog_status(workspace: Workspace, adoption: Adoption) -> str:
    """The adoption's entities, from the repo as it is (its files applied): "adopted"
    (new to the catalog), "updated" (adopted before, its entry changes: linked now, or
    its catalog-info.yaml changed) or "unchanged"."""
    path = adoption.path
    adoption.entities = entities_from_repo(
        adoption.repo, path.name if path else "", adoption.version or ""
    )
    if not adoption.again:
        return "adopted"
    before = read_entities(workspace.catalog_dir / f"{adoption.name}.yaml")
    return "unchanged" if _documents(before) == _documents(adoption.entities) else "updated"


def would(workspace: Workspace, adoption: Adoption) -> str:
    """What adopting would do, nothing written ("would adopt", "would update" or
    "unchanged")."""
    if not adoption.again:
        return "would adopt"
    if adoption.files:  # its catalog-info.yaml is gone: one would be committed
        return "would update"
    return "unchanged" if catalog_status(workspace, adoption) == "unchanged" else "would update"


def register(workspace: Workspace, adoptions: list[Adoption], message: str) -> list[str]:
    """Record the adoptions in the catalog, in one commit of the workspace; return the
    status of each (`catalog_status`)."""
    statuses = [catalog_status(workspace, adoption) for adoption in adoptions]
    changed = [a for a, status in zip(adoptions, statuses, strict=True) if status != "unchanged"]
    if changed:
        register_projects(
            workspace.catalog_dir,
            workspace.index_dir,
            workspace.root if workspace.is_repo else None,
            [(adoption.name, adoption.entities) for adoption in changed],
            message,
            again=frozenset(adoption.name for adoption in changed if adoption.again),
        )
    return statuses


def _documents(entities: list[Entity]) -> list[dict[str, Any]]:
    return [entity.to_document() for entity in entities]


def result_of(
    workspace: Workspace, adoption: Adoption, commit: str | None, status: str
) -> AdoptResult:
    return AdoptResult(
        name=adoption.name,
        repo=adoption.repo,
        owner=adoption.owner,
        golden_path=adoption.path.name if adoption.path else None,
        template_version=adoption.version,
        catalog_file=workspace.catalog_dir / f"{adoption.name}.yaml",
        committed=sorted(adoption.files),
        commit=commit,
        status=status,
        answers_file=adoption.recorded.file if adoption.recorded and adoption.path else None,
        unlinked_source=adoption.unlinked_source,
    )
