"""Check a DuckDB relation against one schema object of its ODCS contract.

Columns and their types (ODCS 3.2's map and vector included), required and unique
columns, allowed values (`enum`), a vector's dimensions, and the quality rules (SQL and
the library metrics rowCount, nullValues, missingValues, duplicateValues, invalidValues).

The data fails on what paved's contract check treats as a promise to consumers: a rule
of severity `warning` (or `info`) that does not hold is reported as a warning and fails
nothing; a rule the runtime cannot run (`text`, `custom`) is no check. A failed rule is
named by its name or id, and by where it is written (`rule_places`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb
from open_data_contract_standard.model import DataQuality, SchemaObject, SchemaProperty

from .errors import ContractError
from .odcs_standard import THRESHOLDS
from .sql import quote, scalar

# DuckDB type families accepted for each ODCS logical type.
_LOGICAL_TYPES: dict[str, tuple[str, ...]] = {
    "string": ("VARCHAR", "UUID", "ENUM"),
    "integer": (
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "HUGEINT",
        "UTINYINT",
        "USMALLINT",
        "UINTEGER",
        "UBIGINT",
        "UHUGEINT",
    ),
    "number": (
        "DECIMAL",
        "DOUBLE",
        "FLOAT",
        "REAL",
        "TINYINT",
        "SMALLINT",
        "INTEGER",
        "BIGINT",
        "HUGEINT",
    ),
    "date": ("DATE",),
    "timestamp": ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMP_NS", "TIMESTAMP_MS"),
    "time": ("TIME",),
    "boolean": ("BOOLEAN",),
    "object": ("STRUCT", "MAP", "JSON"),
    "array": ("LIST", "ARRAY"),
    "map": ("MAP",),
    "vector": ("LIST", "ARRAY"),
}
_WARNINGS = ("warning", "warn", "info")


@dataclass(frozen=True)
class Violation:
    """One way the data breaks its contract; `where` is the rule's `file:line`."""

    rule: str
    message: str
    where: str | None = None
    severity: str = "error"  # "warning": reported, fails nothing

    def __str__(self) -> str:
        where = f" ({self.where})" if self.where else ""
        warning = "warning: " if self.severity != "error" else ""
        return f"{warning}{self.rule}{where}: {self.message}"


def failing(violations: list[Violation]) -> list[Violation]:
    """The violations that fail the data (not the warnings)."""
    return [violation for violation in violations if violation.severity == "error"]


def check_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    spec: SchemaObject,
    *,
    types: bool = True,
    places: dict[tuple[str | None, int], str] | None = None,
) -> list[Violation]:
    """Every way the DuckDB relation `table` breaks the schema object `spec`; `places`
    (from `contract.rule_places`) says where each quality rule is written."""
    places = places or {}
    columns = {row[0]: row[1] for row in con.execute(f"DESCRIBE {quote(table)}").fetchall()}
    props = list(spec.properties or [])
    violations: list[Violation] = []
    expected = {prop.name for prop in props}
    for extra in sorted(set(columns) - expected):
        violations.append(Violation("schema", f"column {extra!r} is not in the contract"))
    single_key = sum(1 for prop in props if prop.primaryKey) == 1
    for prop in props:
        name = prop.name or ""
        if name not in columns:
            violations.append(Violation("schema", f"column {name!r} is missing"))
            continue
        if types:
            violations.extend(_check_type(name, columns[name], prop))
        column = quote(name)
        if prop.required:
            nulls = scalar(con, f"SELECT COUNT(*) FROM {quote(table)} WHERE {column} IS NULL")
            if nulls:
                violations.append(Violation("required", f"{name}: {nulls} null value(s)"))
        if prop.unique or (prop.primaryKey and single_key):
            duplicates = scalar(
                con,
                f"SELECT COUNT(*) - COUNT(DISTINCT {column}) FROM {quote(table)} "
                f"WHERE {column} IS NOT NULL",
            )
            if duplicates:
                violations.append(Violation("unique", f"{name}: {duplicates} duplicate(s)"))
        violations.extend(_check_values(con, table, prop))
        for number, rule in enumerate(prop.quality or []):
            violations.extend(_check_quality(con, table, rule, name, places.get((name, number))))
    for number, rule in enumerate(spec.quality or []):
        violations.extend(_check_quality(con, table, rule, None, places.get((None, number))))
    return violations


def _check_values(con: duckdb.DuckDBPyConnection, table: str, prop: SchemaProperty) -> list:
    """A column's allowed values (`enum`) and a vector's dimensions (ODCS 3.2)."""
    column, source, found = quote(prop.name or ""), quote(table), []
    if prop.enum:
        allowed = [str(entry.value) for entry in prop.enum]
        bad = scalar(
            con,
            f"SELECT COUNT(*) FROM {source} WHERE {column} IS NOT NULL "
            f"AND CAST({column} AS VARCHAR) NOT IN ({_placeholders(allowed)})",
            allowed,
        )
        if bad:
            found.append(Violation("enum", f"{prop.name}: {bad} value(s) not allowed"))
    dimensions = (prop.logicalTypeOptions or {}).get("dimensions")
    if prop.logicalType == "vector" and isinstance(dimensions, int):
        bad = scalar(
            con,
            f"SELECT COUNT(*) FROM {source} WHERE {column} IS NOT NULL "
            f"AND len({column}) <> {dimensions}",
        )
        if bad:
            message = f"{prop.name}: {bad} vector(s) not of {dimensions} dimensions"
            found.append(Violation("dimensions", message))
    return found


def _check_type(name: str, actual: str, prop: SchemaProperty) -> list[Violation]:
    found: list[Violation] = []
    if prop.physicalType and _normalise(prop.physicalType) != _normalise(actual):
        found.append(
            Violation(
                "type", f"{name}: physical type is {actual}, contract says {prop.physicalType}"
            )
        )
    logical = prop.logicalType
    if logical and not _family_matches(actual, _LOGICAL_TYPES.get(logical, ())):
        found.append(Violation("type", f"{name}: {actual} is not a {logical}"))
    return found


def _family_matches(actual: str, families: tuple[str, ...]) -> bool:
    actual = actual.upper()
    if actual.endswith("]"):
        return "LIST" in families or "ARRAY" in families
    return any(actual == family or actual.startswith(family + "(") for family in families)


def _check_quality(
    con: duckdb.DuckDBPyConnection,
    table: str,
    rule: DataQuality,
    column: str | None,
    where: str | None,
) -> list[Violation]:
    kind = rule.type or "library"
    label = rule.name or rule.id or rule.metric or rule.rule or kind
    severity = "warning" if (rule.severity or "").strip().lower() in _WARNINGS else "error"
    if kind not in ("library", "sql"):
        return []
    try:
        value = _measure(con, table, rule, kind, column)
    except duckdb.Error as error:
        message = f"the check could not run: {error}".splitlines()[0]
        return [Violation(label, message, where, severity)]
    for key, test in THRESHOLDS.items():
        expected = getattr(rule, key)
        if expected is not None and not test(value, expected):
            message = f"value {value} does not satisfy {key} {expected}"
            return [Violation(label, message, where, severity)]
    return []


def _measure(
    con: duckdb.DuckDBPyConnection, table: str, rule: DataQuality, kind: str, column: str | None
) -> float:
    if kind == "sql":
        query = (
            (rule.query or "")
            .replace("${object}", quote(table))
            .replace("${table}", quote(table))
            .replace("${property}", quote(column or ""))
            .replace("${column}", quote(column or ""))
        )
        return scalar(con, query)
    return _library_metric(con, table, rule, column)


def _library_metric(
    con: duckdb.DuckDBPyConnection, table: str, rule: DataQuality, column: str | None
) -> float:
    metric = rule.metric or rule.rule
    source = quote(table)
    if metric == "rowCount":
        return scalar(con, f"SELECT COUNT(*) FROM {source}")
    if column is None:
        raise ContractError(f"quality metric {metric!r} needs a property")
    col = quote(column)
    arguments: dict[str, Any] = rule.arguments or {}
    if metric == "nullValues":
        count = scalar(con, f"SELECT COUNT(*) FROM {source} WHERE {col} IS NULL")
    elif metric == "missingValues":
        listed = [
            value for value in arguments.get("missingValues", [None, ""]) if value is not None
        ]
        condition = f"{col} IS NULL"
        if listed:
            condition += f" OR CAST({col} AS VARCHAR) IN ({_placeholders(listed)})"
        count = scalar(con, f"SELECT COUNT(*) FROM {source} WHERE {condition}", listed)
    elif metric == "duplicateValues":
        count = scalar(con, f"SELECT COUNT({col}) - COUNT(DISTINCT {col}) FROM {source}")
    elif metric == "invalidValues":
        count = _invalid_values(con, source, col, arguments)
    else:
        raise ContractError(f"unknown quality metric {metric!r}")
    if rule.unit == "percent":
        total = scalar(con, f"SELECT COUNT(*) FROM {source}") or 1
        return 100.0 * count / total
    return count


def _invalid_values(
    con: duckdb.DuckDBPyConnection, source: str, col: str, arguments: dict[str, Any]
) -> int:
    valid, pattern = arguments.get("validValues"), arguments.get("pattern")
    present = f"SELECT COUNT(*) FROM {source} WHERE {col} IS NOT NULL"
    if valid is not None:
        return scalar(
            con,
            f"{present} AND CAST({col} AS VARCHAR) NOT IN ({_placeholders(valid)})",
            [str(value) for value in valid],
        )
    if pattern is not None:
        return scalar(
            con, f"{present} AND NOT regexp_full_match(CAST({col} AS VARCHAR), ?)", [pattern]
        )
    raise ContractError("invalidValues needs arguments.validValues or arguments.pattern")


def _placeholders(values: list) -> str:
    return ", ".join("?" for _ in values)


def _normalise(type_name: str) -> str:
    return "".join(type_name.upper().split())
