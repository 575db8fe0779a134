"""Consumers: which projects read which datasets, as the catalog records it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..contracts.inputs import PINNED_FACTS
from ..errors import BadInputError
from .index import CatalogIndex, document
from .queries import require_api


def consumed_dataset(index: CatalogIndex, name: str) -> dict[str, Any]:
    """A reference to a dataset in the catalog, with the contract facts a consumer pins:
    dataset id, contract version, owner and columns."""
    row = require_api(index, name)
    if row["type"] != "dataset":
        raise BadInputError(
            f"{name!r} is an API of type {row['type']!r}, not a dataset",
            "name a dataset (see `paved catalog list --kind dataset`)",
        )
    contract = _contract((document(row).get("spec") or {}).get("definition"))
    schemas = contract.get("schema") or [{}]
    schema = next((item for item in schemas if item.get("name") == name), schemas[0])
    reference = {
        "dataset": name,
        "version": str(contract.get("version", row["contract_version"] or "0.0.0")),
        "owner": row["owner"],
        "properties": [
            {key: prop[key] for key in PINNED_FACTS if key in prop}
            for prop in schema.get("properties", [])
        ],
    }
    location = _location(index, name, contract)
    if location is not None:
        reference["location"] = location
    return reference


def _location(index: CatalogIndex, name: str, contract: dict[str, Any]) -> str | None:
    """Where the dataset lives, from its contract's first server: a URL (`location`) as
    it is, a local `path` inside its producer's repo (from the catalog) made absolute."""
    servers = contract.get("servers")
    server = servers[0] if isinstance(servers, list) and servers else None
    if not isinstance(server, dict):
        return None
    found = server.get("location") or server.get("path")
    if not isinstance(found, str) or not found:
        return None
    if "://" in found or Path(found).is_absolute():
        return found
    for producer in index.sources(name, "providesApi"):
        row = index.entity(producer, ("Component",))
        if row is not None and row["repo"] and "://" not in row["repo"]:
            return (Path(row["repo"]) / found).as_posix()
    return None


def _contract(definition: Any) -> dict[str, Any]:
    if isinstance(definition, str):
        try:
            contract = yaml.safe_load(definition)
        except yaml.YAMLError:
            contract = None
        if isinstance(contract, dict):
            return contract
    return {}
