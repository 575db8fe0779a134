"""Made-up rows for an input, from the columns its contract pins.

The rows are deterministic: the same columns always give the same rows. Values follow
each column's logical type; a unique column gets distinct values, a column that is not
unique repeats a few (so that joins and group-bys have something to do), and a column
that is not required is null in the last row. A fixture file the owner puts in
tests/fixtures/ replaces the made-up rows of its input.
"""

from __future__ import annotations

from open_data_contract_standard.model import SchemaProperty

from .sql import quote

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

_VALUES = {
    "integer": "{n} + 1",
    "number": "({n} + 1) * 10.5",
    "boolean": "{n} = 0",
    "date": "DATE '2026-01-01' + CAST({n} AS INTEGER)",
    "timestamp": "TIMESTAMP '2026-01-01 08:00:00' + to_hours({n})",
    "time": "TIME '08:00:00' + to_minutes({n})",
    "object": "{{'id': {n} + 1}}",
    "array": "[{n} + 1]",
}


def column_type(column: SchemaProperty) -> str | None:
    """The DuckDB type a pinned column is read as (None: keep the type it has)."""
    return column.physicalType or _DEFAULT_TYPES.get(logical_type(column))


def logical_type(column: SchemaProperty) -> str:
    """The column's logical type, guessed from its physical type when it pins none."""
    if column.logicalType:
        return column.logicalType
    physical = (column.physicalType or "").upper()
    if physical.endswith("]") or physical.startswith(("LIST", "ARRAY")):
        return "array"
    for prefix, logical in _PHYSICAL_PREFIXES:
        if physical.startswith(prefix):
            return logical
    return "string"


def fixture_query(columns: list[SchemaProperty], rows: int = ROWS) -> str:
    """A query that returns `rows` made-up rows with exactly these columns."""
    if not columns:
        raise ValueError("an input with no pinned columns has nothing to make up")
    select = ",\n    ".join(
        f"{_value(column, rows)} AS {quote(column.name or '')}" for column in columns
    )
    return f"SELECT\n    {select}\nFROM range({rows}) AS fixture(i)"


def _value(column: SchemaProperty, rows: int) -> str:
    n = "i" if column.unique else "(i % 2)"
    logical = logical_type(column)
    if logical in _VALUES:
        value = _VALUES[logical].format(n=n)
    else:
        prefix = (column.name or "").replace("'", "''")
        value = f"'{prefix}-' || ({n} + 1)"
    target = column_type(column)
    if target:
        value = f"CAST({value} AS {target})"
    if not column.required:
        value = f"CASE WHEN i = {rows - 1} THEN NULL ELSE {value} END"
    return value
