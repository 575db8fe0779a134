"""Check data against its ODCS v3.1 data contract.

Managed by the platform (paved): a template update may change this file.

Two checks:
- `validate_contract` validates the contract document itself, strictly, against the
  ODCS JSON schema that ships with the `open-data-contract-standard` package;
- `check_table` checks a DuckDB table against one schema object of the contract: its
  columns and their types, required and unique columns, and the quality rules.
"""

from __future__ import annotations

import json
import operator
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import duckdb
import jsonschema
import yaml

# DuckDB type families accepted for each ODCS logical type.
_LOGICAL_TYPES: dict[str, tuple[str, ...]] = {
    "string": ("VARCHAR", "UUID", "ENUM"),
    "integer": (
        "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
        "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT",
    ),
    "number": (
        "DECIMAL", "DOUBLE", "FLOAT", "REAL",
        "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
    ),
    "date": ("DATE",),
    "timestamp": ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NS", "TIMESTAMP_MS"),
    "time": ("TIME",),
    "boolean": ("BOOLEAN",),
    "object": ("STRUCT", "MAP", "JSON"),
    "array": ("LIST", "ARRAY"),
}

_OPERATORS = {
    "mustBe": operator.eq,
    "mustNotBe": operator.ne,
    "mustBeGreaterThan": operator.gt,
    "mustBeGreaterOrEqualTo": operator.ge,
    "mustBeLessThan": operator.lt,
    "mustBeLessOrEqualTo": operator.le,
    "mustBeBetween": lambda value, bounds: bounds[0] <= value <= bounds[1],
    "mustNotBeBetween": lambda value, bounds: not bounds[0] <= value <= bounds[1],
}


class ContractError(Exception):
    """The contract document is not valid ODCS."""


@dataclass(frozen=True)
class Violation:
    """One way the data breaks its contract."""

    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


@cache
def odcs_schema() -> dict[str, Any]:
    """The ODCS JSON schema, as published with the standard's own package."""
    text = files("open_data_contract_standard").joinpath("schema.json").read_text("utf-8")
    return json.loads(text)


def load_contract(path: Path) -> dict[str, Any]:
    """Read a contract file; raise ContractError when it is not valid ODCS v3.1."""
    document = yaml.safe_load(Path(path).read_text("utf-8"))
    errors = validate_contract(document)
    if errors:
        raise ContractError(f"{path}: " + "; ".join(errors))
    return document


def validate_contract(document: Any) -> list[str]:
    """Every way `document` breaks the ODCS JSON schema (empty when it is valid)."""
    validator_class = jsonschema.validators.validator_for(odcs_schema())
    validator = validator_class(odcs_schema(), format_checker=validator_class.FORMAT_CHECKER)
    errors = []
    for error in sorted(validator.iter_errors(document), key=lambda e: list(e.path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        errors.append(f"{where}: {error.message}")
    if isinstance(document, dict) and document.get("apiVersion") != "v3.1.0":
        errors.append(f"apiVersion: expected v3.1.0, found {document.get('apiVersion')!r}")
    return errors


def schema_object(contract: dict[str, Any], name: str) -> dict[str, Any]:
    """The schema object called `name` in the contract."""
    for item in contract.get("schema", []):
        if item.get("name") == name:
            return item
    known = ", ".join(item.get("name", "?") for item in contract.get("schema", []))
    raise ContractError(f"the contract has no schema object {name!r} (it has: {known})")


def check_table(
    con: duckdb.DuckDBPyConnection, table: str, spec: dict[str, Any]
) -> list[Violation]:
    """Every way the DuckDB relation `table` breaks the schema object `spec`."""
    columns = {
        row[0]: row[1] for row in con.execute(f"DESCRIBE {_quote(table)}").fetchall()
    }
    violations: list[Violation] = []
    expected = {prop["name"] for prop in spec.get("properties", [])}
    for extra in sorted(set(columns) - expected):
        violations.append(Violation("schema", f"column {extra!r} is not in the contract"))
    for prop in spec.get("properties", []):
        name = prop["name"]
        if name not in columns:
            violations.append(Violation("schema", f"column {name!r} is missing"))
            continue
        violations.extend(_check_type(name, columns[name], prop))
        column = _quote(name)
        if prop.get("required"):
            nulls = _scalar(con, f"SELECT COUNT(*) FROM {_quote(table)} WHERE {column} IS NULL")
            if nulls:
                violations.append(Violation("required", f"{name}: {nulls} null value(s)"))
        if prop.get("unique") or (prop.get("primaryKey") and _single_key(spec)):
            duplicates = _scalar(
                con,
                f"SELECT COUNT(*) - COUNT(DISTINCT {column}) FROM {_quote(table)} "
                f"WHERE {column} IS NOT NULL",
            )
            if duplicates:
                violations.append(Violation("unique", f"{name}: {duplicates} duplicate(s)"))
        for rule in prop.get("quality", []):
            violations.extend(_check_quality(con, table, rule, name))
    for rule in spec.get("quality", []):
        violations.extend(_check_quality(con, table, rule, None))
    return violations


def _check_type(name: str, actual: str, prop: dict[str, Any]) -> list[Violation]:
    found: list[Violation] = []
    physical = prop.get("physicalType")
    if physical and _normalise(physical) != _normalise(actual):
        found.append(
            Violation("type", f"{name}: physical type is {actual}, contract says {physical}")
        )
    logical = prop.get("logicalType")
    if logical and not _family_matches(actual, _LOGICAL_TYPES.get(logical, ())):
        found.append(Violation("type", f"{name}: {actual} is not a {logical}"))
    return found


def _family_matches(actual: str, families: tuple[str, ...]) -> bool:
    actual = actual.upper()
    if actual.endswith("]"):
        return "LIST" in families or "ARRAY" in families
    return any(actual == family or actual.startswith(family + "(") for family in families)


def _check_quality(
    con: duckdb.DuckDBPyConnection, table: str, rule: dict[str, Any], column: str | None
) -> list[Violation]:
    kind = rule.get("type", "library")
    label = rule.get("name") or rule.get("metric") or kind
    if kind == "text":
        return []
    try:
        value = _measure(con, table, rule, kind, column)
    except duckdb.Error as error:
        return [Violation(label, f"the check could not run: {error}".splitlines()[0])]
    if value is None:
        return [Violation(label, f"quality rules of type {kind!r} are not checked here")]
    for key, test in _OPERATORS.items():
        if key in rule and not test(value, rule[key]):
            return [Violation(label, f"value {value} does not satisfy {key} {rule[key]}")]
    return []


def _measure(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rule: dict[str, Any],
    kind: str,
    column: str | None,
) -> float | None:
    if kind == "sql":
        query = (
            rule["query"]
            .replace("${object}", _quote(table))
            .replace("${table}", _quote(table))
            .replace("${property}", _quote(column or ""))
            .replace("${column}", _quote(column or ""))
        )
        return _scalar(con, query)
    if kind == "library":
        return _library_metric(con, table, rule, column)
    return None


def _library_metric(
    con: duckdb.DuckDBPyConnection, table: str, rule: dict[str, Any], column: str | None
) -> float:
    metric = rule.get("metric") or rule.get("rule")
    source = _quote(table)
    if metric == "rowCount":
        return _scalar(con, f"SELECT COUNT(*) FROM {source}")
    if column is None:
        raise ContractError(f"quality metric {metric!r} needs a property")
    col = _quote(column)
    arguments = rule.get("arguments", {})
    if metric == "nullValues":
        count = _scalar(con, f"SELECT COUNT(*) FROM {source} WHERE {col} IS NULL")
    elif metric == "missingValues":
        missing = arguments.get("missingValues", [None, ""])
        listed = [value for value in missing if value is not None]
        condition = f"{col} IS NULL"
        if listed:
            condition += f" OR CAST({col} AS VARCHAR) IN ({_placeholders(listed)})"
        count = _scalar(con, f"SELECT COUNT(*) FROM {source} WHERE {condition}", listed)
    elif metric == "duplicateValues":
        count = _scalar(
            con, f"SELECT COUNT({col}) - COUNT(DISTINCT {col}) FROM {source}"
        )
    elif metric == "invalidValues":
        valid = arguments.get("validValues")
        pattern = arguments.get("pattern")
        if valid is not None:
            count = _scalar(
                con,
                f"SELECT COUNT(*) FROM {source} WHERE {col} IS NOT NULL "
                f"AND CAST({col} AS VARCHAR) NOT IN ({_placeholders(valid)})",
                [str(value) for value in valid],
            )
        elif pattern is not None:
            count = _scalar(
                con,
                f"SELECT COUNT(*) FROM {source} WHERE {col} IS NOT NULL "
                f"AND NOT regexp_full_match(CAST({col} AS VARCHAR), ?)",
                [pattern],
            )
        else:
            raise ContractError("invalidValues needs arguments.validValues or arguments.pattern")
    else:
        raise ContractError(f"unknown quality metric {metric!r}")
    if rule.get("unit") == "percent":
        total = _scalar(con, f"SELECT COUNT(*) FROM {source}") or 1
        return 100.0 * count / total
    return count


def _single_key(spec: dict[str, Any]) -> bool:
    return sum(1 for prop in spec.get("properties", []) if prop.get("primaryKey")) == 1


def _scalar(con: duckdb.DuckDBPyConnection, query: str, params: list | None = None) -> Any:
    row = con.execute(query, params or []).fetchone()
    return row[0] if row else None


def _placeholders(values: list) -> str:
    return ", ".join("?" for _ in values)


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _normalise(type_name: str) -> str:
    return "".join(type_name.upper().split())
