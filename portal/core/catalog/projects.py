"""What the catalog knows about projects and datasets, as answer models."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel

from ..errors import MalformedFileError
from . import entities as e
from .entities import Entity
from .store import Catalog, read_entities

REPO_CATALOG_FILE = "catalog-info.yaml"


class ApiSummary(BaseModel):
    name: str
    type: str
    contract_version: str | None = None
    description: str | None = None


class ProjectRecord(BaseModel):
    kind: Literal["project"] = "project"
    name: str
    description: str | None
    golden_path: str | None
    owner: str | None
    template_version: str | None
    repo: str | None
    provides: list[ApiSummary]
    consumes: list[str]


class ConsumerRecord(BaseModel):
    name: str
    owner: str | None


class DatasetRecord(BaseModel):
    kind: Literal["dataset", "api"]
    name: str
    type: str
    description: str | None
    owner: str | None
    producer: str | None
    contract_version: str | None
    consumers: list[ConsumerRecord]


def project_record(catalog: Catalog, component: Entity) -> ProjectRecord:
    apis = catalog.apis
    provides = []
    for ref in component.spec.get("providesApis", []):
        name = e.strip_ref(ref, "api")
        api = apis.get(name)
        provides.append(
            ApiSummary(
                name=name,
                type=api.spec.get("type", "?") if api else "?",
                contract_version=api.annotation(e.CONTRACT_VERSION) if api else None,
                description=api.metadata.description if api else None,
            )
        )
    return ProjectRecord(
        name=component.name,
        description=component.metadata.description,
        golden_path=component.annotation(e.GOLDEN_PATH),
        owner=component.owner,
        template_version=component.annotation(e.TEMPLATE_VERSION),
        repo=component.annotation(e.REPO),
        provides=provides,
        consumes=[e.strip_ref(ref, "api") for ref in component.spec.get("consumesApis", [])],
    )


def list_projects(catalog: Catalog, owner: str | None = None) -> list[ProjectRecord]:
    if owner is not None:
        catalog.require_team(owner)
    return [
        project_record(catalog, component)
        for name, component in sorted(catalog.components.items())
        if owner is None or component.owner == owner
    ]


def dataset_record(catalog: Catalog, api: Entity) -> DatasetRecord:
    producer = next(
        (
            component.name
            for component in catalog.components.values()
            if api.name in (e.strip_ref(r, "api") for r in component.spec.get("providesApis", []))
        ),
        None,
    )
    kind = "dataset" if api.spec.get("type") == "dataset" else "api"
    return DatasetRecord(
        kind=kind,
        name=api.name,
        type=api.spec.get("type", "?"),
        description=api.metadata.description,
        owner=api.owner,
        producer=producer,
        contract_version=api.annotation(e.CONTRACT_VERSION),
        consumers=[
            ConsumerRecord(name=component.name, owner=component.owner)
            for component in catalog.consumers_of(api.name)
        ],
    )


def show(catalog: Catalog, name: str) -> ProjectRecord | DatasetRecord:
    """A project by name, else a dataset or API by name."""
    if name in catalog.components:
        return project_record(catalog, catalog.components[name])
    if name in catalog.apis:
        return dataset_record(catalog, catalog.apis[name])
    raise catalog.unknown(name, "project or dataset")


def entities_from_repo(repo: Path, golden_path: str, template_version: str) -> list[Entity]:
    """The catalog entities of a project, from its own catalog-info.yaml.

    The repo's file is the source of truth for what its owner edits; the catalog adds
    the golden path, template version and repo location, and inlines `$text`
    definitions (the dataset contract, the OpenAPI document).
    """
    source = repo / REPO_CATALOG_FILE
    if not source.is_file():
        raise MalformedFileError(
            f"{repo} has no {REPO_CATALOG_FILE}", "restore it from the project's history"
        )
    found = read_entities(source)
    for entity in found:
        if entity.kind == "Component":
            entity.metadata.annotations.update(
                {
                    e.GOLDEN_PATH: golden_path,
                    e.TEMPLATE_VERSION: template_version,
                    e.REPO: str(repo),
                    e.SOURCE_LOCATION: f"url:{repo.as_uri()}/",
                }
            )
        elif entity.kind == "API":
            definition = entity.spec.get("definition")
            if isinstance(definition, dict) and "$text" in definition:
                entity.spec["definition"] = _read_definition(repo, definition["$text"], source)
            version = _contract_version(entity)
            if version:
                entity.metadata.annotations[e.CONTRACT_VERSION] = version
    return found


def _read_definition(repo: Path, relative: str, source: Path) -> str:
    path = (repo / relative).resolve()
    if not path.is_relative_to(repo.resolve()) or not path.is_file():
        raise MalformedFileError(
            f"{source}: definition {relative!r} is not a file in the repo",
            "point $text at the contract file",
        )
    return path.read_text("utf-8")


def _contract_version(api: Entity) -> str | None:
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
