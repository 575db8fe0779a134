"""One old/new contract pair per kind of change, with the class paved gives it.

Written by the team from ODCS v3.2 and from the change kinds datacontract-cli's
`breaking` grades (consumer perspective): what narrows what the producer may emit is
not breaking, what widens it or changes its meaning is. `peer` says how datacontract-cli
grades a case where paved differs on purpose (docs/contracts.md says why); the bench
(bench/contract_check.py) runs both tools on every pair.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

BREAKING, NON_BREAKING, NONE = "breaking", "non-breaking", "no change"


@dataclass(frozen=True)
class Case:
    name: str
    old: dict[str, Any]
    new: dict[str, Any]
    expected: str  # BREAKING, NON_BREAKING or NONE
    rule: str | None  # the rule paved reports (None: no change)
    peer: str | None = None  # datacontract-cli's grade, where paved differs on purpose


def contract(*columns: dict, table: dict | None = None, **top: Any) -> dict[str, Any]:
    """A v3.2.0 contract with one table, orders, of `columns` (default: one id)."""
    schema = {"name": "orders", "properties": list(columns or [col("id")]), **(table or {})}
    return {
        "apiVersion": "v3.2.0",
        "kind": "DataContract",
        "id": "orders",
        "version": "1.0.0",
        "status": "active",
        "schema": [schema],
        **top,
    }


def col(name: str, logical: str | None = "integer", **facts: Any) -> dict[str, Any]:
    return {"name": name, **({"logicalType": logical} if logical else {}), **facts}


def rule(**facts: Any) -> dict[str, Any]:
    """A quality rule on a column: null values, checked (an error), unless `facts` say."""
    return {"name": "q", "type": "library", "metric": "nullValues", **facts}


def checked(*rules: dict) -> dict[str, Any]:
    """A contract whose column id has `rules`."""
    return contract(col("id", quality=list(rules)))


def options(logical: str = "integer", **facts: Any) -> dict[str, Any]:
    return contract(col("id", logical, logicalTypeOptions=facts))


def freshness(value: Any, unit: str = "h", element: str | None = "orders.id") -> dict:
    sla = {"property": "freshness", "value": value, "unit": unit}
    return contract(slaProperties=[{**sla, **({"element": element} if element else {})}])


def keyed(*names: str) -> dict[str, Any]:
    return contract(*(col(name, primaryKey=name in names) for name in ("a", "b", "c")))


def related(*relationships: dict) -> dict[str, Any]:
    other = {"name": "customers", "properties": [col("id"), col("account_id")]}
    orders = col("customer_id", relationships=list(relationships)) if relationships else None
    document = contract(col("id"), *([orders] if orders else [col("customer_id")]))
    document["schema"].append(other)
    return document


def enum(*values: Any, logical: str = "string") -> dict[str, Any]:
    entries = [value if isinstance(value, dict) else {"value": value} for value in values]
    return contract(col("status", logical, **({"enum": entries} if entries else {})))


def in_a_map(document: dict[str, Any]) -> dict[str, Any]:
    """`document`'s one column as the value of a map column's entries (ODCS 3.2)."""
    found = copy.deepcopy(document)
    inner = found["schema"][0]["properties"][0]
    value = {"logicalType": "object", "properties": [inner]}
    attributes = col("attributes", "map", map={"key": {"logicalType": "string"}, "value": value})
    found["schema"][0]["properties"] = [attributes]
    return found


def vector(**facts: Any) -> dict[str, Any]:
    return contract(col("embedding", "vector", logicalTypeOptions={"dimensions": 3, **facts}))


def server(**facts: Any) -> dict[str, Any]:
    place = {"server": "production", "type": "duckdb", "database": "warehouse.duckdb"}
    return contract(servers=[{**place, **facts}])


VALID = {"metric": "invalidValues", "mustBe": 0}
CASES = [
    # Tables and columns
    Case("table-removed", related(), contract(col("id"), col("customer_id")), BREAKING,
         "object-removed"),
    Case("table-added", contract(col("id"), col("customer_id")), related(), NON_BREAKING,
         "object-added"),
    Case("column-removed", contract(col("id"), col("note")), contract(col("id")), BREAKING,
         "column-removed"),
    Case("column-added", contract(col("id")), contract(col("id"), col("note", required=True)),
         NON_BREAKING, "column-added"),
    Case("nested-field-removed",
         contract(col("ship", "object", properties=[col("city"), col("zip")])),
         contract(col("ship", "object", properties=[col("zip")])), BREAKING, "column-removed"),
    Case("column-renamed", contract(col("id"), col("note")), contract(col("id"), col("memo")),
         BREAKING, "column-renamed"),
    Case("physical-name-changed", contract(), contract(col("id", physicalName="order_id")),
         BREAKING, "physical-name-changed"),
    Case("physical-name-spelled-out", contract(), contract(col("id", physicalName="id")), NONE,
         None),
    Case("table-physical-name-changed", contract(), contract(table={"physicalName": "orders_v2"}),
         BREAKING, "location-changed"),
    # Types
    Case("logical-type-changed", contract(), contract(col("id", "string")), BREAKING,
         "type-changed"),
    Case("physical-type-widened", contract(col("id", physicalType="INTEGER")),
         contract(col("id", physicalType="BIGINT")), BREAKING, "type-changed"),
    Case("physical-type-respelled", contract(col("id", physicalType="DECIMAL(12, 2)")),
         contract(col("id", physicalType="decimal(12,2)")), NONE, None, peer="breaking"),
    Case("type-given", contract(col("id", None)), contract(), NON_BREAKING, "type-added"),
    Case("type-dropped", contract(), contract(col("id", None)), BREAKING, "type-changed"),
    # Required, unique, keys
    Case("required-dropped", contract(col("id", required=True)), contract(), BREAKING,
         "required-dropped"),
    Case("required-added", contract(), contract(col("id", required=True)), NON_BREAKING,
         "required-added"),
    Case("unique-dropped", contract(col("id", unique=True)), contract(), BREAKING,
         "unique-dropped"),
    Case("unique-added", contract(), contract(col("id", unique=True)), NON_BREAKING,
         "unique-added"),
    Case("key-added", keyed(), keyed("a"), NON_BREAKING, "primary-key-added"),
    Case("key-dropped", keyed("a"), keyed(), BREAKING, "primary-key-changed"),
    Case("key-made-composite", keyed("a"), keyed("a", "b"), BREAKING, "primary-key-changed"),
    Case("key-widened", keyed("a", "b"), keyed("a", "b", "c"), BREAKING, "primary-key-changed"),
    # Relationships
    Case("relationship-added", related(), related({"to": "customers.id"}), NON_BREAKING,
         "relationship-added"),
    Case("relationship-removed", related({"to": "customers.id"}), related(), BREAKING,
         "relationship-removed"),
    Case("relationship-retargeted", related({"id": "fk", "to": "customers.id"}),
         related({"id": "fk", "to": "customers.account_id"}), BREAKING, "relationship-changed"),
    # Column constraints (logicalTypeOptions)
    Case("min-items-raised", options("array", minItems=1), options("array", minItems=2),
         NON_BREAKING, "constraint-tightened"),
    Case("max-length-raised", options("string", maxLength=5), options("string", maxLength=10),
         BREAKING, "constraint-loosened"),
    Case("min-length-raised", options("string", minLength=1), options("string", minLength=2),
         NON_BREAKING, "constraint-tightened"),
    Case("minimum-raised", options(minimum=0), options(minimum=5), NON_BREAKING,
         "constraint-tightened"),
    Case("minimum-made-exclusive", options(minimum=0), options(exclusiveMinimum=0),
         NON_BREAKING, "constraint-tightened"),
    Case("maximum-made-higher-exclusive", options(maximum=10), options(exclusiveMaximum=20),
         BREAKING, "constraint-loosened"),
    Case("same-integer-bound", options(minimum=0), options(exclusiveMinimum=-1), NONE, None),
    Case("same-date-bound", options("date", maximum="2025-01-01"),
         options("date", exclusiveMaximum="2025-01-02"), NONE, None),
    Case("timestamp-minimum-raised", options("timestamp", minimum="2024-01-01T00:00:00Z"),
         options("timestamp", minimum="2025-01-01T00:00:00Z"), NON_BREAKING,
         "constraint-tightened"),
    Case("pattern-added", options("string"), options("string", pattern="^A"), NON_BREAKING,
         "constraint-tightened"),
    Case("pattern-changed", options("string", pattern="^[0-9]+$"),
         options("string", pattern="^\\d+$"), BREAKING, "constraint-loosened", peer="warning"),
    Case("unique-items-dropped", options("array", uniqueItems=True), options("array"),
         BREAKING, "constraint-loosened"),
    # Allowed values (enum, ODCS 3.2)
    Case("enum-value-removed", enum("a", "b"), enum("a"), NON_BREAKING,
         "allowed-value-removed"),
    Case("enum-value-added", enum("a"), enum("a", "b"), BREAKING, "allowed-value-added"),
    Case("enum-added", enum(), enum("a"), NON_BREAKING, "constraint-tightened"),
    Case("enum-dropped", enum("a"), enum(), BREAKING, "constraint-loosened"),
    Case("enum-value-replaced", enum({"id": "one", "value": "a"}),
         enum({"id": "one", "value": "b"}), BREAKING, "allowed-value-added"),
    Case("enum-id-renamed", enum({"id": "one", "value": "a"}),
         enum({"id": "two", "value": "a"}), NON_BREAKING, "metadata-changed"),
    Case("enum-label-changed", enum({"value": "a", "label": "Old"}),
         enum({"value": "a", "label": "New"}), NON_BREAKING, "metadata-changed"),
    Case("enum-value-removed-in-a-map", in_a_map(enum("a", "b")), in_a_map(enum("a")),
         NON_BREAKING, "allowed-value-removed"),
    Case("enum-value-added-in-a-map", in_a_map(enum("a")), in_a_map(enum("a", "b")), BREAKING,
         "allowed-value-added"),
    # Vectors (ODCS 3.2)
    Case("vector-dimensions-changed", vector(), vector(dimensions=4), BREAKING,
         "constraint-loosened"),
    Case("vector-default-element-type-spelled", vector(), vector(elementType="float32"), NONE,
         None),
    Case("vector-element-type-changed", vector(), vector(elementType="float64"), BREAKING,
         "constraint-loosened"),
    Case("vector-embedding-model-changed", vector(), vector(embeddingModel="updated"),
         NON_BREAKING, "metadata-changed"),
    # Quality rules
    Case("rule-added", contract(), checked(rule(mustBe=0)), NON_BREAKING, "rule-added"),
    Case("rule-removed", checked(rule(mustBe=0)), contract(), BREAKING, "rule-removed"),
    Case("text-rule-added", contract(), checked({"type": "text", "description": "Nice"}),
         NON_BREAKING, "metadata-changed"),
    Case("rule-named", checked({"metric": "nullValues", "mustBe": 0}),
         checked({"name": "no_nulls", "metric": "nullValues", "mustBe": 0}), NONE, None),
    Case("rule-renamed", checked(rule(name="a", mustBe=0)), checked(rule(name="b", mustBe=0)),
         NONE, None),
    Case("rules-reordered",
         checked({"metric": "nullValues", "mustBe": 0}, {"metric": "duplicateValues", "mustBe": 0}),
         checked({"metric": "duplicateValues", "mustBe": 0}, {"metric": "nullValues", "mustBe": 0}),
         NONE, None),
    Case("rule-matched-by-id", checked(rule(id="q1", name="a", mustBe=0)),
         checked(rule(id="q1", name="b", mustBe=1)), BREAKING, "rule-loosened"),
    Case("rule-unit-rows-declared", checked(rule(mustBeLessThan=10)),
         checked(rule(mustBeLessThan=10, unit="rows")), NONE, None),
    Case("rule-unit-percent-respelled", checked(rule(mustBeLessThan=5, unit="percent")),
         checked(rule(mustBeLessThan=5, unit="%")), NONE, None),
    Case("rule-unit-changed", checked(rule(mustBeLessThan=10)),
         checked(rule(mustBeLessThan=5, unit="percent")), BREAKING, "rule-loosened",
         peer="warning"),
    Case("same-count-bound", checked(rule(mustBeGreaterThan=5)),
         checked(rule(mustBeGreaterOrEqualTo=6)), NONE, None),
    Case("between-widened", checked(rule(mustBeBetween=[0, 10])),
         checked(rule(mustBeBetween=[0, 20])), BREAKING, "rule-loosened"),
    Case("between-shifted", checked(rule(mustBeBetween=[0, 10])),
         checked(rule(mustBeBetween=[5, 20])), BREAKING, "rule-loosened"),
    Case("not-between-widened", checked(rule(mustNotBeBetween=[0, 10])),
         checked(rule(mustNotBeBetween=[0, 20])), NON_BREAKING, "rule-tightened"),
    Case("less-than-lowered", checked(rule(mustBeLessThan=10)), checked(rule(mustBeLessThan=5)),
         NON_BREAKING, "rule-tightened"),
    Case("greater-than-lowered", checked(rule(mustBeGreaterThan=10)),
         checked(rule(mustBeGreaterThan=5)), BREAKING, "rule-loosened"),
    Case("threshold-replaced-by-wider", checked(rule(mustBe=0)),
         checked(rule(mustBeLessThan=10)), BREAKING, "rule-loosened"),
    Case("threshold-replaced-by-overlapping", checked(rule(mustBeBetween=[0, 10])),
         checked(rule(mustBeLessThan=10)), BREAKING, "rule-loosened"),
    Case("threshold-replaced-by-narrower", checked(rule(mustNotBe=0)),
         checked(rule(mustNotBeBetween=[0, 10])), NON_BREAKING, "rule-tightened"),
    Case("exact-count-moved", checked(rule(mustBe=0)), checked(rule(mustBe=5)), BREAKING,
         "rule-loosened"),
    Case("rule-made-warning", checked(rule(mustBe=0)), checked(rule(mustBe=0, severity="warning")),
         BREAKING, "rule-loosened"),
    Case("warning-rule-added", contract(), checked(rule(mustBe=5, severity="warning")),
         NON_BREAKING, "metadata-changed"),
    Case("warning-rule-threshold", checked(rule(mustBeLessThan=10, severity="warning")),
         checked(rule(mustBeLessThan=5, severity="warning")), NON_BREAKING, "metadata-changed"),
    Case("warning-made-blocking", checked(rule(mustBeLessThan=10, severity="warning")),
         checked(rule(mustBeLessThan=5)), NON_BREAKING, "rule-tightened"),
    Case("valid-value-removed",
         checked(rule(**VALID, arguments={"validValues": ["a", "b"]})),
         checked(rule(**VALID, arguments={"validValues": ["a"]})), NON_BREAKING,
         "allowed-value-removed"),
    Case("valid-value-added",
         checked(rule(**VALID, arguments={"validValues": ["a", "b"]})),
         checked(rule(**VALID, arguments={"validValues": ["a", "b", "c"]})), BREAKING,
         "allowed-value-added"),
    Case("valid-value-added-to-exact-count",
         checked(rule(metric="invalidValues", mustBe=5, arguments={"validValues": ["a"]})),
         checked(rule(metric="invalidValues", mustBe=5, arguments={"validValues": ["a", "b"]})),
         BREAKING, "rule-loosened"),
    Case("missing-marker-replaced",
         checked(rule(metric="missingValues", mustBe=0, arguments={"missingValues": ["", "N/A"]})),
         checked(rule(metric="missingValues", mustBe=0, arguments={"missingValues": ["", "-"]})),
         BREAKING, "rule-loosened", peer="warning"),
    Case("missing-marker-appended",
         checked(rule(metric="missingValues", mustBe=0, arguments={"missingValues": [""]})),
         checked(rule(metric="missingValues", mustBe=0, arguments={"missingValues": ["", "-"]})),
         NON_BREAKING, "rule-tightened"),
    Case("null-values-to-missing-values", checked(rule(mustBe=0)),
         checked(rule(metric="missingValues", mustBe=0, arguments={"missingValues": ["N/A"]})),
         NON_BREAKING, "rule-tightened"),
    Case("duplicate-key-widened",
         contract(table={"quality": [rule(metric="duplicateValues", mustBe=0,
                                          arguments={"properties": ["a"]})]}),
         contract(table={"quality": [rule(metric="duplicateValues", mustBe=0,
                                          arguments={"properties": ["a", "b"]})]}),
         BREAKING, "rule-loosened"),
    Case("sql-query-changed",
         checked({"name": "q", "type": "sql", "query": "SELECT COUNT(*) FROM t", "mustBe": 0}),
         checked({"name": "q", "type": "sql", "query": "SELECT 0 FROM t", "mustBe": 0}),
         BREAKING, "rule-loosened", peer="warning"),
    Case("rule-schedule-changed", checked(rule(mustBe=0, schedule="0 * * * *")),
         checked(rule(mustBe=0, schedule="0 0 * * *")), NON_BREAKING, "metadata-changed"),
    Case("rule-alias-spelled-as-metric",
         {**checked({"rule": "nullValues", "mustBe": 0}), "apiVersion": "v3.0.2"},
         checked({"metric": "nullValues", "mustBe": 0}), NON_BREAKING, "metadata-changed"),
    # Service levels
    Case("freshness-shorter", freshness(24), freshness(1), NON_BREAKING, "freshness-tightened"),
    Case("freshness-longer", freshness(1, "d"), freshness(48, "h"), BREAKING,
         "freshness-loosened"),
    Case("freshness-same-duration", freshness(24, "h"), freshness(1, "d"), NONE, None),
    Case("freshness-other-column", freshness(1), freshness(1, element="orders.customer_id"),
         BREAKING, "freshness-loosened"),
    Case("freshness-added", contract(), freshness(1), NON_BREAKING, "freshness-tightened"),
    Case("freshness-dropped", freshness(1), contract(), BREAKING, "freshness-loosened"),
    Case("freshness-longer-unchecked", freshness(1, element=None),
         freshness(24, element=None), BREAKING, "freshness-loosened", peer="not breaking"),
    Case("retention-shorter",
         contract(slaProperties=[{"property": "retention", "value": "P2Y"}]),
         contract(slaProperties=[{"property": "retention", "value": "P1Y"}]), NON_BREAKING,
         "metadata-changed"),
    # Where the data lives, and words
    Case("server-moved", server(), server(database="lake.duckdb"), BREAKING, "location-changed",
         peer="not breaking"),
    Case("server-added", contract(), server(), NON_BREAKING, "server-added"),
    Case("description-changed", contract(description={"purpose": "Orders."}),
         contract(description={"purpose": "Every order."}), NON_BREAKING, "description-changed"),
    Case("tags-changed", contract(tags=["sales"]), contract(tags=["sales", "finance"]),
         NON_BREAKING, "tags-changed"),
]  # fmt: skip
