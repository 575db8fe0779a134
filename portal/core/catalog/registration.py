"""Recording a project in the catalog, from the project's own catalog-info.yaml."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..contracts.inputs import consumer_pins
from ..errors import DuplicateNameError, MalformedFileError, PortalError
from ..filenames import ANSWERS_FILE, CRUFT_FILE, REPO_CATALOG_FILE
from . import entities as e
from .changes import catalog_change
from .entities import Entity
from .index import CatalogIndex, bare_name, open_index
from .store import catalog_lock, read_entities

# A model service names the dataset it trains on, and the version, in its annotations.
TRAINING_DATASET = "paved.dev/training-dataset"


def entities_from_repo(
    repo: Path,
    golden_path: str,
    template_version: str,
    contract_columns: Callable[[str], list[str] | None] | None = None,
) -> list[Entity]:
    """The catalog entities of a project, from its own catalog-info.yaml.

    The repo's file is the source of truth for what its owner edits; the catalog adds
    the golden path, template version and repo location, what it pins and reads of
    each dataset it consumes (`contracts.inputs`; `contract_columns` gives a dataset's
    published columns), and inlines `$text` definitions (the dataset contract, the
    OpenAPI document).
    """
    source = repo / REPO_CATALOG_FILE
    if not source.is_file():
        raise MalformedFileError(
            f"{repo} has no {REPO_CATALOG_FILE}", "restore it from the project's history"
        )
    found = read_entities(source)
    if not found:  # emptied: registered, the project would vanish from the catalog
        raise MalformedFileError(
            f"{source}: empty, it holds no entity", "restore it from the project's history"
        )
    for entity in found:
        if entity.kind == "Component":
            # A repo adopted without a golden path has neither.
            linked = {e.GOLDEN_PATH: golden_path, e.TEMPLATE_VERSION: template_version}
            entity.metadata.annotations.update({k: v for k, v in linked.items() if v})
            entity.metadata.annotations.update(
                {e.REPO: str(repo), e.SOURCE_LOCATION: f"url:{repo.as_uri()}/"}
            )
            consumes = [str(bare_name(ref)) for ref in entity.spec.get("consumesApis") or []]
            annotations = entity.metadata.annotations
            for pin in consumer_pins(repo, consumes, contract_columns).values():
                if pin.version is None and annotations.get(TRAINING_DATASET) == pin.dataset:
                    pin.version = annotations.get(TRAINING_DATASET + "-version")
                if pin.version is not None:
                    entity.metadata.annotations[e.PIN_PREFIX + pin.dataset] = pin.version
                if pin.columns is not None:
                    entity.metadata.annotations[e.READS_PREFIX + pin.dataset] = ", ".join(
                        pin.columns
                    )
        elif entity.kind == "API":
            definition = entity.spec.get("definition")
            if isinstance(definition, dict) and "$text" in definition:
                entity.spec["definition"] = _read_definition(repo, definition["$text"], source)
            version = _definition_version(entity)
            if version:
                entity.metadata.annotations[e.CONTRACT_VERSION] = version
    return found


def project_file(index: CatalogIndex, name: str, entities: list[Entity]) -> Path:
    """Where a new project's entity file goes; refuse a name a file has taken.

    Call it holding the catalog lock, so two writers cannot both take a name.
    """
    index.refresh()
    return _free_file(index, name, entities, {}, again=False)


def _free_file(
    index: CatalogIndex,
    name: str,
    entities: list[Entity],
    taken: dict[tuple[str, str], str],
    again: bool,
) -> Path:
    """The file for `name`'s entities, checked against the index (refreshed) and
    `taken`, the files entities of this change already go to; `again`: the project's
    own file is rewritten."""
    target = index.catalog_dir / f"{name}.yaml"
    if target.exists() and not again:  # registered first (maybe just now)
        raise DuplicateNameError(
            f"{name!r} is already in the catalog ({target.name})",
            f"choose another name, or see `paved catalog show {name}`",
        )
    for entity in entities:
        row = index.entity(entity.name, (entity.kind,))
        other = taken.get((entity.kind, entity.name)) or (row["file"] if row else None)
        if other is not None and other != target.name:
            raise DuplicateNameError(
                f"{entity.kind} {entity.name!r} is already in the catalog ({other})",
                "choose another name",
            )
    for entity in entities:
        taken[entity.kind, entity.name] = target.name
    return target


def register_project(
    catalog_dir: Path,
    index_dir: Path,
    workspace_repo: Path | None,
    name: str,
    entities: list[Entity],
    message: str,
) -> Path:
    """Write a project's entity file and commit it to the workspace repo, if any."""
    [target] = register_projects(
        catalog_dir, index_dir, workspace_repo, [(name, entities)], message
    )
    return target


def register_projects(
    catalog_dir: Path,
    index_dir: Path,
    workspace_repo: Path | None,
    projects: list[tuple[str, list[Entity]]],
    message: str,
    again: frozenset[str] = frozenset(),
) -> list[Path]:
    """Write each project's entity file and commit them all at once to the workspace
    repo, if any: all or none. A name in `again` has its own file rewritten."""
    with (
        catalog_lock(index_dir),
        open_index(catalog_dir, index_dir) as index,
        catalog_change(workspace_repo) as change,
    ):
        index.refresh()
        taken: dict[tuple[str, str], str] = {}
        targets = [
            _free_file(index, name, entities, taken, name in again) for name, entities in projects
        ]
        change.check_clean([target for target in targets if target.exists()])
        for target, (_, entities) in zip(targets, projects, strict=True):
            change.write(target, entities)
        change.save(message)
    return targets


def remove_project(
    catalog_dir: Path, index_dir: Path, workspace_repo: Path | None, name: str
) -> list[Entity]:
    """Take a project's entity file out of the catalog (its repo is untouched);
    return the entities it held."""
    from .queries import unknown

    with (
        catalog_lock(index_dir),
        open_index(catalog_dir, index_dir) as index,
        catalog_change(workspace_repo) as change,
    ):
        index.refresh()
        row = index.entity(name, ("Component",))
        if row is None:
            raise unknown(index, name, "project")
        target = catalog_dir / row["file"]
        change.check_clean([target])
        removed = read_entities(target)
        change.remove(target)
        change.save(f"catalog: remove {name} (its repo is untouched)")
        index.refresh()
    return removed


def _read_definition(repo: Path, relative: str, source: Path) -> str:
    path = (repo / relative).resolve()
    if not path.is_relative_to(repo.resolve()) or not path.is_file():
        raise MalformedFileError(
            f"{source}: definition {relative!r} is not a file in the repo",
            "point $text at the contract file",
        )
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError:
        raise MalformedFileError(f"{path}: not UTF-8 text", "restore it from git") from None


def _read_answers(repo: Path, names: Sequence[str]) -> dict:
    """A project's answers (copier's, in the first of `names` it holds) or its
    cookiecutter state (cruft's), as a mapping; a file that cannot be read is one clear
    error naming it."""
    path = next((repo / name for name in names if (repo / name).is_file()), None)
    if path is None:
        return {}
    cruft_file = repo / CRUFT_FILE
    try:
        text = path.read_text("utf-8")
        data = json.loads(text) if path == cruft_file else yaml.safe_load(text)
    except (UnicodeDecodeError, yaml.YAMLError, ValueError):
        data = None
    if not isinstance(data, dict):
        raise MalformedFileError(
            f"{path}: not a mapping of answers", "restore it from the project's git history"
        )
    if path == cruft_file:
        return {"_commit": data.get("checkout") or data.get("commit")}
    return data


def _definition_version(api: Entity) -> str | None:
    """The version of an API's definition: an ODCS contract's or an OpenAPI document's."""
    definition = api.spec.get("definition")
    if not isinstance(definition, str):
        return None
    try:
        document: Any = yaml.safe_load(definition)
    except yaml.YAMLError:
        return None
    if not isinstance(document, dict):
        return None
    if "version" in document and document.get("kind") == "DataContract":
        return str(document["version"])
    info = document.get("info")
    return str(info["version"]) if isinstance(info, dict) and "version" in info else None


def published_columns(index: CatalogIndex, dataset: str) -> list[str] | None:
    """The columns of `dataset`'s contract as the catalog holds it; None if unknown."""
    from .consumption import consumed_dataset

    try:
        properties = consumed_dataset(index, dataset)["properties"]
    except PortalError:
        return None
    return [str(prop["name"]) for prop in properties if prop.get("name")] or None


def keep_major_changes(before: list[Entity], fresh: list[Entity]) -> None:
    """Note on each dataset of `fresh` the change that made its last major version:
    what its contract's diff from `before` breaks, when its major version went up;
    else what `before` noted."""
    from ..contracts.diff import diff_contracts, major_of
    from ..contracts.odcs import parse_contract

    old = {entity.name: entity for entity in before if entity.kind == "API"}
    for entity in fresh:
        previous = old.get(entity.name)
        if entity.kind != "API" or entity.spec.get("type") != "dataset" or previous is None:
            continue
        noted = previous.annotation(e.MAJOR_CHANGE)
        version, was = (
            entity.annotation(e.CONTRACT_VERSION),
            previous.annotation(e.CONTRACT_VERSION),
        )
        if (major_of(version) or 0) > (major_of(was) or 0):
            try:
                changes = diff_contracts(
                    parse_contract(str(previous.spec.get("definition")), previous.name),
                    parse_contract(str(entity.spec.get("definition")), entity.name),
                ).breaking
            except PortalError:
                changes = []
            summary = "; ".join(change.detail for change in changes) or "no breaking change"
            noted = f"{version}: {summary}"
        if noted:
            entity.metadata.annotations[e.MAJOR_CHANGE] = noted


@dataclass
class RefreshEntry:
    project: str
    status: str  # "updated", "unchanged" or "orphan"
    detail: str = ""


def refresh_from_repos(
    catalog_dir: Path,
    index_dir: Path,
    *,
    repo: Path | None = None,
    answers_files: Sequence[str] = (CRUFT_FILE, ANSWERS_FILE),
) -> list[RefreshEntry]:
    """Re-read every registered repo's catalog-info.yaml and answers file (the first
    of `answers_files` it holds: a copier template may name its own).

    Owner, consumes and template version come back from the repos; a repo that is
    gone is reported as an orphan and its entry is kept, never deleted silently. The
    files updated are committed to `repo`, the workspace repo, when given; when any
    repo cannot be read, nothing is written.
    """
    results = []
    updates: list[tuple[Path, list[Entity]]] = []
    published: dict[str, list[str] | None] = {}

    def columns_of(dataset: str) -> list[str] | None:  # each contract parsed once
        if dataset not in published:
            published[dataset] = published_columns(index, dataset)
        return published[dataset]

    with (
        catalog_lock(index_dir),
        open_index(catalog_dir, index_dir) as index,
        catalog_change(repo) as change,
    ):
        for row in index.entities(kind="Component"):
            project_repo = Path(row["repo"]) if row["repo"] else None
            if project_repo is None or not (project_repo / REPO_CATALOG_FILE).is_file():
                results.append(
                    RefreshEntry(row["name"], "orphan", f"repo not found: {project_repo}")
                )
                continue
            answers = _read_answers(project_repo, answers_files)
            fresh = entities_from_repo(
                project_repo,
                str(answers.get("golden_path", row["golden_path"] or "")),
                str(answers.get("_commit", row["template_version"] or "")),
                contract_columns=columns_of,
            )
            target = catalog_dir / row["file"]
            before = read_entities(target)
            keep_major_changes(before, fresh)
            current = [entity.to_document() for entity in before]
            if current == [entity.to_document() for entity in fresh]:
                results.append(RefreshEntry(row["name"], "unchanged"))
                continue
            updates.append((target, fresh))
            results.append(RefreshEntry(row["name"], "updated"))
        change.check_clean([target for target, _ in updates])
        for target, fresh in updates:
            change.write(target, fresh)
        updated = [entry.project for entry in results if entry.status == "updated"]
        if updated:
            shown = ", ".join(updated[:10]) + (
                f" and {len(updated) - 10} more" if len(updated) > 10 else ""
            )
            change.save(f"catalog: refresh {len(updated)} project(s) from their repos: {shown}")
        index.refresh()
    return results
