"""Consumers: which projects read which datasets, as the catalog records it."""

from __future__ import annotations

from typing import Any

import yaml

from ..errors import BadInputError
from .store import Catalog

# The column facts an input reference pins; quality rules stay with the producer.
_PINNED = ("name", "logicalType", "physicalType", "required", "unique", "description")


def consumed_dataset(catalog: Catalog, name: str) -> dict[str, Any]:
    """A reference to a dataset in the catalog, with the contract facts a consumer pins:
    dataset id, contract version, owner and columns."""
    api = catalog.require_api(name)
    if api.spec.get("type") != "dataset":
        raise BadInputError(
            f"{name!r} is an API of type {api.spec.get('type')!r}, not a dataset",
            "name a dataset (see `paved catalog list --kind dataset`)",
        )
    contract = _contract(api.spec.get("definition"))
    schema = next(
        (item for item in contract.get("schema", []) if item.get("name") == name),
        (contract.get("schema") or [{}])[0],
    )
    return {
        "dataset": name,
        "version": str(contract.get("version", "0.0.0")),
        "owner": api.owner,
        "properties": [
            {key: prop[key] for key in _PINNED if key in prop}
            for prop in schema.get("properties", [])
        ],
    }


def _contract(definition: Any) -> dict[str, Any]:
    if isinstance(definition, str):
        try:
            document = yaml.safe_load(definition)
        except yaml.YAMLError:
            document = None
        if isinstance(document, dict):
            return document
    return {}
