"""Small pieces of SQL text shared by the runtime's modules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

READERS = {
    ".csv": "read_csv_auto",
    ".parquet": "read_parquet",
    ".json": "read_json_auto",
    ".jsonl": "read_json_auto",
}


def quote(identifier: str) -> str:
    """A SQL identifier, quoted."""
    return '"' + identifier.replace('"', '""') + '"'


def literal(text: str | Path) -> str:
    """A SQL string literal (a path is written with forward slashes)."""
    if isinstance(text, Path):
        text = text.as_posix()
    return "'" + text.replace("'", "''") + "'"


def scalar(con: duckdb.DuckDBPyConnection, query: str, params: list | None = None) -> Any:
    row = con.execute(query, params or []).fetchone()
    return row[0] if row else None


def count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return scalar(con, f"SELECT COUNT(*) FROM {quote(table)}")


def reader(location: str) -> str | None:
    """The DuckDB table function that reads a file, from its suffix (None: not a data file)."""
    return READERS.get(Path(location.split("?", 1)[0]).suffix.lower())


def first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]


def error_text(error: Exception) -> str:
    """A DuckDB error as the owner needs it: its first line, and the LINE it points at."""
    lines = [line for line in str(error).strip().splitlines() if line.strip()]
    where = next((line.strip() for line in lines[1:] if line.startswith("LINE ")), "")
    return lines[0] + (f" ({where.split(':', 1)[0].lower()})" if where else "")
