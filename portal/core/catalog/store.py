"""Catalog files on disk: Backstage entity YAML in the workspace's `catalog/` folder.

`groups.yaml` holds teams and users; every project has one file, `<project>.yaml`,
with its Component and the APIs (datasets, services) it provides.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml
from filelock import FileLock
from pydantic import ValidationError

from ..errors import MalformedFileError
from ..owned_yaml import write_text
from .entities import Entity
from .entity_files import read_documents

GROUPS_FILE = "groups.yaml"


def catalog_lock(index_dir: Path) -> FileLock:
    """Held while a command reads, checks and writes the catalog."""
    index_dir.mkdir(parents=True, exist_ok=True)
    return FileLock(index_dir / "catalog.lock", timeout=120)


def write_entities(path: Path, entities: Iterable[Entity]) -> None:
    """Write entities as one multi-document YAML file, atomically."""
    text = yaml.safe_dump_all(
        [entity.to_document() for entity in entities],
        sort_keys=False,
        allow_unicode=True,
        explicit_start=True,
    )
    write_text(path, text)


def read_entities(path: Path) -> list[Entity]:
    """The entities of one YAML file; a malformed one names the file and the field."""
    entities = []
    for number, document in enumerate(read_documents(path), start=1):
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
