"""What the platform takes from the ODCS standard: the v3 versions it reads, the JSON
schema each is validated against, and what each quality threshold means.

A contract is validated against the schema of the version it declares (`apiVersion`);
when that refuses it, a later version's schema that accepts it is enough: the standard's
own examples use fields of a later minor than the one they declare. The schemas of
v3.0.0 to v3.1.0 are kept in `odcs_schemas/` (see its NOTICE); v3.2.0's ships with the
`open-data-contract-standard` models, which read every version.

One change is made to every schema: a condition on a property's `logicalType` (`if
logicalType is map, then map is required`) holds only for a property that has one. As
published, JSON Schema's `if` is true of a property with no `logicalType` at all, so
v3.2.0's schema demands `map` of every untyped property (a key, a relationship's column).

paved loads this module from its embedded copy of the runtime, so the platform's
contract check and the runtime's data checks accept the same contracts and read their
thresholds alike. It imports only the standard library and jsonschema-rs: nothing else
of the runtime.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

VERSIONS = ("v3.0.0", "v3.0.1", "v3.0.2", "v3.1.0", "v3.2.0")
NEWEST = VERSIONS[-1]
# A quality rule's thresholds: each holds of the measured value (all of them must).
THRESHOLDS: dict[str, Callable[[Any, Any], bool]] = {
    "mustBe": operator.eq,
    "mustNotBe": operator.ne,
    "mustBeGreaterThan": operator.gt,
    "mustBeGreaterOrEqualTo": operator.ge,
    "mustBeLessThan": operator.lt,
    "mustBeLessOrEqualTo": operator.le,
    "mustBeBetween": lambda value, bounds: bounds[0] <= value <= bounds[1],
    "mustNotBeBetween": lambda value, bounds: not bounds[0] <= value <= bounds[1],
}
_FOLDER = Path(__file__).resolve().parent / "odcs_schemas"


def schema(version: str) -> dict[str, Any]:
    """The JSON schema of `version` (one of VERSIONS), its conditions on a property's
    type holding only where the property has one."""
    if version == NEWEST:
        text = files("open_data_contract_standard").joinpath("schema.json").read_text("utf-8")
    else:
        text = (_FOLDER / f"odcs-json-schema-{version}.json").read_text("utf-8")
    document = json.loads(text)
    _conditions_need_their_field(document)
    return document


@cache
def validator(version: str) -> Any:
    """The compiled validator of `version`'s schema (jsonschema-rs)."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema(version))


def schema_errors(document: dict[str, Any]) -> list[Any]:
    """The schema errors of `document`, whose `apiVersion` is one of VERSIONS: none
    when its own version's schema, or a later one's, accepts it; else its own's."""
    version = str(document.get("apiVersion"))
    errors = list(validator(version).iter_errors(document))
    if errors:
        later = VERSIONS[VERSIONS.index(version) + 1 :]
        if any(validator(other).is_valid(document) for other in later):
            return []
    return errors


def _conditions_need_their_field(document: dict[str, Any]) -> None:
    """Make each `if: {properties: {logicalType: ...}}` also require `logicalType`
    (other conditions are left as published: a quality rule's `type` has a default)."""
    pending: list[Any] = [document]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        condition = node.get("if")
        if isinstance(condition, dict):
            for branch in [condition, *condition.get("anyOf", [])]:
                if "logicalType" in (branch.get("properties") or {}):
                    required = branch.setdefault("required", [])
                    required.extend([] if "logicalType" in required else ["logicalType"])
        pending.extend(node.values())
