"""ODCS v3.1 data contracts: read, validated strictly, as the standard's own models.

The document is validated against the JSON schema that ships with the
`open-data-contract-standard` package, then parsed into that package's pydantic models
(`OpenDataContractStandard`, `SchemaObject`, `SchemaProperty`, `DataQuality`), which
the checks read.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from open_data_contract_standard.model import (
    OpenDataContractStandard,
    SchemaObject,
    SchemaProperty,
)

from .errors import ContractError

API_VERSION = "v3.1.0"


@cache
def odcs_schema() -> dict[str, Any]:
    """The ODCS JSON schema, as published with the standard's own package."""
    text = files("open_data_contract_standard").joinpath("schema.json").read_text("utf-8")
    return json.loads(text)


def validate_contract(document: Any) -> list[str]:
    """Every way `document` breaks the ODCS JSON schema (empty when it is valid)."""
    validator_class = jsonschema.validators.validator_for(odcs_schema())
    validator = validator_class(odcs_schema(), format_checker=validator_class.FORMAT_CHECKER)
    errors = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        errors.append(f"{where}: {error.message}")
    if isinstance(document, dict) and document.get("apiVersion") != API_VERSION:
        errors.append(f"apiVersion: expected {API_VERSION}, found {document.get('apiVersion')!r}")
    return errors


def load_contract(path: Path) -> OpenDataContractStandard:
    """Read a contract file; raise ContractError when it is not valid ODCS v3.1."""
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ContractError(f"{path.name}: no such contract file") from None
    except yaml.YAMLError as error:
        raise ContractError(f"{path}: not valid YAML: {error}") from None
    errors = validate_contract(document)
    if errors:
        raise ContractError(f"{path}: " + "; ".join(errors))
    return OpenDataContractStandard.model_validate(document)


def schema_object(contract: OpenDataContractStandard, name: str) -> SchemaObject:
    """The schema object called `name` in the contract."""
    for item in contract.schema_ or []:
        if item.name == name:
            return item
    known = ", ".join(item.name or "?" for item in contract.schema_ or [])
    raise ContractError(f"the contract has no schema object {name!r} (it has: {known})")


def properties(spec: SchemaObject) -> list[SchemaProperty]:
    """The properties (columns) of a schema object."""
    return list(spec.properties or [])


def as_schema(columns: list[SchemaProperty]) -> SchemaObject:
    """A schema object holding just these columns (a pinned input's, say)."""
    return SchemaObject(properties=columns)
