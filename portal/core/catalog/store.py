"""The catalog on disk: Backstage entity files in the workspace's `catalog/` folder.

`groups.yaml` holds teams and users; every project has one file, `<project>.yaml`,
with its Component and the APIs (datasets, services) it provides.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml
from filelock import FileLock
from pydantic import ValidationError

from ..errors import (
    DuplicateNameError,
    MalformedFileError,
    UnknownEntityError,
    UnknownOwnerError,
)
from ..naming import closest
from .entities import Entity

GROUPS_FILE = "groups.yaml"


@dataclass(frozen=True)
class LoadedEntity:
    entity: Entity
    file: Path


class Catalog:
    """Every entity in a catalog folder, read once."""

    def __init__(self, directory: Path, lock_dir: Path | None = None) -> None:
        self.directory = directory
        self.lock_dir = lock_dir or directory
        self.loaded: list[LoadedEntity] = list(_read_folder(directory))

    # Lookups -----------------------------------------------------------------

    def by_kind(self, kind: str) -> dict[str, Entity]:
        kind = kind.lower()
        return {
            item.entity.name: item.entity
            for item in self.loaded
            if item.entity.kind.lower() == kind
        }

    @property
    def teams(self) -> dict[str, Entity]:
        return {
            name: entity
            for name, entity in self.by_kind("Group").items()
            if entity.spec.get("type", "team") == "team"
        }

    @property
    def components(self) -> dict[str, Entity]:
        return self.by_kind("Component")

    @property
    def apis(self) -> dict[str, Entity]:
        return self.by_kind("API")

    def names(self) -> set[str]:
        """Every project and API name: the names a new project must not take."""
        return set(self.components) | set(self.apis)

    def require_team(self, name: str) -> Entity:
        team = self.teams.get(name)
        if team is None:
            known = ", ".join(sorted(self.teams)) or "none yet"
            raise UnknownOwnerError(
                f"unknown owner {name!r}: it is not a team in the catalog",
                f"the teams are: {known} (add one with `paved catalog team add NAME`)",
            )
        return team

    def require_component(self, name: str) -> Entity:
        entity = self.components.get(name)
        if entity is None:
            raise self.unknown(name, "project")
        return entity

    def require_api(self, name: str) -> Entity:
        entity = self.apis.get(name)
        if entity is None:
            raise self.unknown(name, "dataset or API")
        return entity

    def unknown(self, name: str, what: str) -> UnknownEntityError:
        suggestions = closest(name, self.names() | set(self.teams))
        hint = (
            f"did you mean {', '.join(suggestions)}?"
            if suggestions
            else "see `paved catalog list` for what the catalog holds"
        )
        return UnknownEntityError(f"no {what} named {name!r} in the catalog", hint)

    def file_of(self, entity: Entity) -> Path:
        return next(item.file for item in self.loaded if item.entity is entity)

    def consumers_of(self, api: str) -> list[Entity]:
        """The components that list `api` under consumesApis."""
        return [
            component
            for component in self.components.values()
            if any(_api_name(ref) == api for ref in component.spec.get("consumesApis", []))
        ]

    # Writes ------------------------------------------------------------------

    def lock(self) -> FileLock:
        """Held while a command reads, checks and writes the catalog."""
        self.lock_dir.mkdir(parents=True, exist_ok=True)
        return FileLock(self.lock_dir / "catalog.lock", timeout=60)

    def project_file(self, name: str) -> Path:
        return self.directory / f"{name}.yaml"

    def write_project(self, name: str, entities: list[Entity]) -> Path:
        """Write one project's entities; refuse names another project has taken."""
        fresh = Catalog(self.directory, self.lock_dir)
        target = self.project_file(name)
        for entity in entities:
            for item in fresh.loaded:
                same = item.entity.kind.lower() == entity.kind.lower()
                if same and item.entity.name == entity.name and item.file != target:
                    raise DuplicateNameError(
                        f"{entity.kind} {entity.name!r} is already in the catalog "
                        f"({item.file.name})",
                        "choose another name",
                    )
        write_entities(target, entities)
        return target


def write_entities(path: Path, entities: Iterable[Entity]) -> None:
    """Write entities as one multi-document YAML file, atomically."""
    text = yaml.safe_dump_all(
        [entity.to_document() for entity in entities],
        sort_keys=False,
        allow_unicode=True,
        explicit_start=True,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_entities(path: Path) -> list[Entity]:
    """The entities of one YAML file; a malformed one names the file and the field."""
    try:
        documents = [doc for doc in yaml.safe_load_all(path.read_text("utf-8")) if doc]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}:" if mark else ""
        raise MalformedFileError(
            f"{path}:{where} not valid YAML", "fix the file or restore it from git"
        ) from None
    entities = []
    for number, document in enumerate(documents, start=1):
        if not isinstance(document, dict):
            raise MalformedFileError(
                f"{path}: document {number} is not a mapping", "each entity is a YAML mapping"
            )
        try:
            entities.append(Entity.model_validate(document))
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(part) for part in first["loc"])
            name = (document.get("metadata") or {}).get("name", f"document {number}")
            raise MalformedFileError(
                f"{path}: entity {name!r}: field {field!r}: {first['msg'].lower()}",
                "fix the field or restore the file from git",
            ) from None
    return entities


def _read_folder(directory: Path) -> Iterable[LoadedEntity]:
    if not directory.is_dir():
        return
    for path in sorted(directory.glob("*.yaml")):
        for entity in read_entities(path):
            yield LoadedEntity(entity, path)


def _api_name(ref: str) -> str:
    return ref.rpartition(":")[2].rpartition("/")[2]
