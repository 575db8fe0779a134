"""A project's own catalog entry (catalog-info.yaml): its owner and training dataset.

catalog-info.yaml is the owner's and the source of truth for who owns the project and
what it consumes; a model service's training reads both from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import FlowError

CATALOG_FILE = "catalog-info.yaml"
TRAINING_DATASET = "paved.dev/training-dataset"
TRAINING_DATASET_VERSION = "paved.dev/training-dataset-version"


class CatalogError(FlowError):
    """catalog-info.yaml is missing or has no usable Component."""


@dataclass(frozen=True)
class CatalogEntry:
    """The parts of the Component entity that a project's metadata uses."""

    owner: str
    consumes: tuple[str, ...]
    training_dataset: str | None
    training_dataset_version: str | None


def read_entry(root: Path) -> CatalogEntry:
    """The Component of `root`/catalog-info.yaml."""
    path = root / CATALOG_FILE
    try:
        documents = list(yaml.safe_load_all(path.read_text("utf-8")))
    except FileNotFoundError:
        raise CatalogError(f"{path} is missing") from None
    component = _component(documents, path)
    spec = component.get("spec") or {}
    annotations = (component.get("metadata") or {}).get("annotations") or {}
    owner = str(spec.get("owner") or "")
    if not owner:
        raise CatalogError(f"{path}: the Component has no spec.owner")
    version = annotations.get(TRAINING_DATASET_VERSION)
    return CatalogEntry(
        owner=owner.removeprefix("group:"),
        consumes=tuple(str(name) for name in spec.get("consumesApis") or ()),
        training_dataset=annotations.get(TRAINING_DATASET),
        training_dataset_version=None if version is None else str(version),
    )


def _component(documents: list[Any], path: Path) -> dict[str, Any]:
    for document in documents:
        if isinstance(document, dict) and document.get("kind") == "Component":
            return document
    raise CatalogError(f"{path} has no Component entity")
