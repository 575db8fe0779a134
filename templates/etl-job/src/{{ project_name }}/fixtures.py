"""Make up fixture rows for an input from the columns its contract pins.

Managed by the platform (paved): a template update may change this file.

The rows are deterministic: the same columns always give the same rows. Values follow
each column's logical type; a unique column gets distinct values, a column that is not
unique repeats a few (so that joins and group-bys have something to do), and a column
that is not required is null in the last row. A fixture file you put in tests/fixtures/
replaces the made-up rows of its input.
"""

from __future__ import annotations

from typing import Any

ROWS = 5

# The DuckDB type a column is cast to when its contract gives no physical type.
_DEFAULT_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "time": "TIME",
    "boolean": "BOOLEAN",
}

# Logical types guessed from a physical type, for columns that pin no logical type.
_PHYSICAL_PREFIXES = (
    ("TIMESTAMP", "timestamp"),
    ("DATE", "date"),
    ("TIME", "time"),
    ("BOOL", "boolean"),
    ("DECIMAL", "number"),
    ("NUMERIC", "number"),
    ("DOUBLE", "number"),
    ("FLOAT", "number"),
    ("REAL", "number"),
    ("HUGEINT", "integer"),
    ("BIGINT", "integer"),
    ("SMALLINT", "integer"),
    ("TINYINT", "integer"),
    ("INT", "integer"),
    ("UBIGINT", "integer"),
    ("UINTEGER", "integer"),
    ("STRUCT", "object"),
    ("MAP", "object"),
    ("JSON", "object"),
)


def column_type(column: dict[str, Any]) -> str | None:
    """The DuckDB type a pinned column is read as (None: keep the type it has)."""
    return column.get("physicalType") or _DEFAULT_TYPES.get(logical_type(column))


def logical_type(column: dict[str, Any]) -> str:
    """The column's logical type, guessed from its physical type when it pins none."""
    if column.get("logicalType"):
        return column["logicalType"]
    physical = (column.get("physicalType") or "").upper()
    if physical.endswith("]") or physical.startswith(("LIST", "ARRAY")):
        return "array"
    for prefix, logical in _PHYSICAL_PREFIXES:
        if physical.startswith(prefix):
            return logical
    return "string"


def fixture_query(columns: list[dict[str, Any]], rows: int = ROWS) -> str:
    """A query that returns `rows` made-up rows with exactly these columns."""
    if not columns:
        raise ValueError("an input with no pinned columns has nothing to make up")
    select = ",\n    ".join(
        f"{_value(column, rows)} AS {quote(column['name'])}" for column in columns
    )
    return f"SELECT\n    {select}\nFROM range({rows}) AS fixture(i)"


def _value(column: dict[str, Any], rows: int) -> str:
    n = "i" if column.get("unique") else "(i % 2)"
    logical = logical_type(column)
    if logical == "integer":
        value = f"{n} + 1"
    elif logical == "number":
        value = f"({n} + 1) * 10.5"
    elif logical == "boolean":
        value = f"{n} = 0"
    elif logical == "date":
        value = f"DATE '2026-01-01' + CAST({n} AS INTEGER)"
    elif logical == "timestamp":
        value = f"TIMESTAMP '2026-01-01 08:00:00' + to_hours({n})"
    elif logical == "time":
        value = f"TIME '08:00:00' + to_minutes({n})"
    elif logical == "object":
        value = "{'id': " + n + " + 1}"
    elif logical == "array":
        value = f"[{n} + 1]"
    else:
        prefix = column["name"].replace("'", "''")
        value = f"'{prefix}-' || ({n} + 1)"
    target = column_type(column)
    if target:
        value = f"CAST({value} AS {target})"
    if not column.get("required"):
        value = f"CASE WHEN i = {rows - 1} THEN NULL ELSE {value} END"
    return value


def quote(identifier: str) -> str:
    """A SQL identifier, quoted."""
    return '"' + identifier.replace('"', '""') + '"'
