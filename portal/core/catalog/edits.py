"""Changes to the catalog: teams, and who consumes what.

Every change takes the catalog lock, checks its inputs against the index, rewrites
the one file it changes atomically and, given the workspace repo, commits that file
alone: a failed command changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..contracts.inputs import repin
from ..errors import BadInputError, DuplicateNameError
from ..filenames import REPO_CATALOG_FILE
from ..naming import validate_team_name
from ..owned_yaml import load_documents, write_documents
from . import entities as e
from .changes import catalog_change
from .consumption import consumed_dataset
from .index import bare_name, open_index
from .queries import require_api, unknown
from .registration import published_columns
from .store import GROUPS_FILE, catalog_lock, read_entities


@dataclass
class ConsumeResult:
    dataset: str
    project: str
    changed: bool
    catalog_file: str
    repo_file: str | None  # the repo's catalog-info.yaml, when edited
    inputs_file: str | None = None  # the repo's contracts/inputs.yaml, when re-pinned


def add_team(
    catalog_dir: Path,
    index_dir: Path,
    name: str,
    members: list[str] | None = None,
    contact: str | None = None,
    description: str | None = None,
    *,
    repo: Path | None = None,
) -> Path:
    """Add a team (a Backstage Group) and its members (Users) to groups.yaml; with
    `repo`, the workspace repo, commit groups.yaml there."""
    validate_team_name(name)
    members = members or []
    with (
        catalog_lock(index_dir),
        open_index(catalog_dir, index_dir) as index,
        catalog_change(repo) as change,
    ):
        if index.entity(name, ("Group",)) is not None:
            raise DuplicateNameError(f"team {name!r} is already in the catalog", "choose another")
        path = catalog_dir / GROUPS_FILE
        change.check_clean([path])
        if path.exists():
            read_entities(path)  # a malformed file: say where, and write nothing
        # Round trip: the comments and order of the file stay as its owners left them.
        current = load_documents(path) if path.exists() else []
        users = {doc["metadata"]["name"]: doc for doc in current if doc.get("kind") == "User"}
        for member in members:
            if member in users:
                spec = users[member].setdefault("spec", {})
                spec.setdefault("memberOf", []).append(name)
            else:
                user = e.user_entity(member, [name]).to_document()
                users[member] = user
                current.append(user)
        group = e.group_entity(name, description=description, members=members, contact=contact)
        kinds = [doc.get("kind") for doc in current]
        first_user = kinds.index("User") if "User" in kinds else len(current)
        current.insert(first_user, group.to_document())
        change.write_documents(path, current)
        change.save(
            f"catalog: add team {name}"
            + (f" with member(s) {', '.join(members)}" if members else "")
        )
    return path


def set_consumption(
    catalog_dir: Path,
    index_dir: Path,
    dataset: str,
    project: str,
    consume: bool,
    *,
    repo: Path | None = None,
) -> ConsumeResult:
    """Register (or drop) `project` as a consumer of `dataset`.

    The consuming project's catalog entity changes, committed to `repo`, the workspace
    repo, when given; so does its repo's catalog-info.yaml when the repo is reachable
    (left uncommitted for its owner).
    """
    with (
        catalog_lock(index_dir),
        open_index(catalog_dir, index_dir) as index,
        catalog_change(repo) as change,
    ):
        require_api(index, dataset)
        row = index.entity(project, ("Component",))
        if row is None:
            raise unknown(index, project, "project")
        if consume and dataset in index.related(project, "providesApi"):
            raise BadInputError(f"{project} produces {dataset}", "a project cannot consume itself")
        path = catalog_dir / row["file"]
        entities = read_entities(path)
        component = next(x for x in entities if x.kind == "Component" and x.name == project)
        changed = _edit_consumes(component.spec, dataset, consume)
        if changed:
            change.check_clean([path])
            change.write(path, entities)
            verb = "consumes" if consume else "no longer consumes"
            change.save(f"catalog: {project} {verb} {dataset}")
        repo_file = inputs_file = None
        project_repo = component.annotation(e.REPO)
        if project_repo and (Path(project_repo) / REPO_CATALOG_FILE).is_file():
            info = Path(project_repo) / REPO_CATALOG_FILE
            repo_file = str(info) if _edit_repo_file(info, project, dataset, consume) else None
            pinned = repin(
                Path(project_repo),
                consumed_dataset(index, dataset),
                consume,
                lambda name: published_columns(index, name),
            )
            inputs_file = str(pinned) if pinned else None
    return ConsumeResult(dataset, project, changed, str(path), repo_file, inputs_file)


def _edit_consumes(spec: dict, dataset: str, consume: bool) -> bool:
    """Add or drop `dataset` in `spec.consumesApis`, in place (a round-trip list keeps
    its comments)."""
    current = spec.get("consumesApis")
    if current is None:
        current = spec["consumesApis"] = []
    names = [bare_name(str(ref)) for ref in current]
    if consume and dataset not in names:
        current.append(dataset)
        return True
    if not consume and dataset in names:
        for position in reversed(range(len(names))):
            if names[position] == dataset:
                del current[position]
        return True
    return False


def _edit_repo_file(path: Path, project: str, dataset: str, consume: bool) -> bool:
    """Edit the repo's catalog-info.yaml, keeping every other entity, and the owner's
    comments and order, as they are; False when it needs no edit."""
    documents = load_documents(path)
    edited = False
    for document in documents:
        if document.get("kind") == "Component" and document["metadata"]["name"] == project:
            edited = _edit_consumes(document.setdefault("spec", {}), dataset, consume) or edited
    if edited:
        write_documents(path, documents)
    return edited
