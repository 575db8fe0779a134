"""ODCS v3 data contracts: read, validated strictly, as the standard's own models.

Every version the platform reads (`odcs_standard`: v3.0.0 to v3.2.0) is validated
against the JSON schema of its own version, or of a later one that accepts it, then
parsed into the current models (`OpenDataContractStandard`, `SchemaObject`,
`SchemaProperty`, `DataQuality`), which the checks read. YAML dates stay the ISO strings
the standard means. `rule_places` finds each quality rule's line, so a failed rule is
reported where the owner wrote it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from open_data_contract_standard.model import (
    OpenDataContractStandard,
    SchemaObject,
    SchemaProperty,
)

from .errors import ContractError
from .odcs_standard import NEWEST, VERSIONS, schema_errors

API_VERSION = NEWEST  # the version new contracts are written in
# (column name, or None for the table; the rule's place in its list) -> "file:line"
RulePlaces = dict[tuple[str | None, int], str]


class _Loader(yaml.CSafeLoader):
    """PyYAML's safe loader, reading an unquoted date as the ISO string it is."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def read_document(path: Path) -> Any:
    """The YAML document in `path`; raise ContractError when it cannot be read."""
    path = Path(path)
    try:
        return yaml.load(path.read_text("utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise ContractError(f"{path.name}: no such contract file") from None
    except yaml.YAMLError as error:
        raise ContractError(f"{path}: not valid YAML: {error}") from None


def validate_contract(document: Any) -> list[str]:
    """Every way `document` breaks the ODCS JSON schema of its version (empty when it
    is valid); a version the platform does not read is checked against the newest."""
    errors = []
    version = document.get("apiVersion") if isinstance(document, dict) else None
    if version not in VERSIONS:
        errors.append(f"apiVersion: expected one of {', '.join(VERSIONS)}, found {version}")
        document = {**document, "apiVersion": NEWEST} if isinstance(document, dict) else document
    if not isinstance(document, dict):
        return [*errors, "(root): not a mapping"]
    found = sorted(schema_errors(document), key=lambda error: list(map(str, error.instance_path)))
    for error in found:
        where = "/".join(str(part) for part in error.instance_path) or "(root)"
        errors.append(f"{where}: {error.message}")
    return errors


def load_contract(path: Path) -> OpenDataContractStandard:
    """Read a contract file; raise ContractError when it is not a valid ODCS v3 one."""
    document = read_document(path)
    errors = validate_contract(document)
    if errors:
        raise ContractError(f"{path}: " + "; ".join(errors))
    return OpenDataContractStandard.model_validate(document)


def rule_places(path: Path, name: str) -> RulePlaces:
    """Where each quality rule of schema object `name` is written in `path`: its
    columns' rules by (column, place), its own by (None, place)."""
    path = Path(path)
    try:
        root = yaml.compose(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
    except (OSError, yaml.YAMLError):
        return {}
    shown = _shown(path)
    places: RulePlaces = {}
    tables = _items(_get(root, "schema"))
    table = next((item for item in tables if _text(item, "name") == name), None)
    owners = [(None, table)] + [(_text(p, "name"), p) for p in _items(_get(table, "properties"))]
    for column, owner in owners:
        for number, rule in enumerate(_items(_get(owner, "quality"))):
            places[(column, number)] = f"{shown}:{rule.start_mark.line + 1}"
    return places


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _get(node: Any, key: str) -> Any:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for k, value in node.value if k.value == key), None)


def _items(node: Any) -> list[Any]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _text(node: Any, key: str) -> str | None:
    value = _get(node, key)
    return value.value if isinstance(value, yaml.ScalarNode) else None


def schema_object(contract: OpenDataContractStandard, name: str) -> SchemaObject:
    """The schema object called `name` in the contract."""
    for item in contract.schema_ or []:
        if item.name == name:
            return item
    known = ", ".join(item.name or "?" for item in contract.schema_ or [])
    raise ContractError(f"the contract has no schema object {name!r} (it has: {known})")


def checked_schema(path: Path, name: str) -> tuple[SchemaObject, RulePlaces]:
    """Schema object `name` of the contract in `path`, and where its rules are written."""
    return schema_object(load_contract(path), name), rule_places(path, name)


def properties(spec: SchemaObject) -> list[SchemaProperty]:
    """The properties (columns) of a schema object."""
    return list(spec.properties or [])


def as_schema(columns: list[SchemaProperty]) -> SchemaObject:
    """A schema object holding just these columns (a pinned input's, say)."""
    return SchemaObject(properties=columns)
