"""Datasets written to files (Parquet or CSV), and read back typed as their contracts say."""

from __future__ import annotations

from pathlib import Path

import duckdb
from open_data_contract_standard.model import SchemaObject

from .fixtures import column_type
from .sql import literal, quote

_COPY_OPTIONS = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true"}


def write_table(con: duckdb.DuckDBPyConnection, table: str, target: str, file_format: str) -> str:
    """Write a table to a file or URL; return where."""
    if "://" not in target:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"COPY {quote(table)} TO {literal(target)} ({_COPY_OPTIONS[file_format]})")
    return target


def read_output(
    con: duckdb.DuckDBPyConnection, file_format: str, spec: SchemaObject, target: str, view: str
) -> bool:
    """Load a written dataset into the table `view`, typed as its contract says.

    Return False when there is no output there yet.
    """
    if "://" not in target and not Path(target).is_file():
        return False
    if file_format == "csv":
        source = f"read_csv({literal(target)}, header = true, all_varchar = true)"
    else:
        source = f"read_parquet({literal(target)})"
    raw = quote(f"_file_{view}")
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {raw} AS SELECT * FROM {source}")
    except duckdb.IOException:
        if "://" in target:
            return False  # A first run: there is no previous output yet.
        raise
    casts = []
    if file_format == "csv":  # CSV has no types: read them from the contract.
        present = {row[0] for row in con.execute(f"DESCRIBE {raw}").fetchall()}
        for prop in spec.properties or []:
            target_type = column_type(prop)
            if prop.name in present and target_type:
                name = quote(prop.name or "")
                casts.append(f"CAST({name} AS {target_type}) AS {name}")
    body = f"SELECT * REPLACE ({', '.join(casts)}) FROM {raw}" if casts else f"SELECT * FROM {raw}"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {quote(view)} AS {body}")
    return True
