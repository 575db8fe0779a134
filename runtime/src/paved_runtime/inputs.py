"""A job's inputs as DuckDB views, each checked against the contract version it pins.

An input pinned in contracts/inputs.yaml is read, checked against its pinned columns
(present, castable to the pinned type, required and unique as pinned), and then offered
to the owner's SQL as a view holding only those columns, cast to their pinned types.
SQL that reads a column the pinned contract does not list fails in DuckDB's binder,
with the error pointing at the owner's SQL file: no SQL parsing in the runtime.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from .checks import check_table, failing
from .config import MANIFEST_FILE, Job, PinnedInput, locate, shown
from .contract import as_schema
from .errors import JobError
from .fixtures import column_type, fixture_query
from .sql import first_line, literal, quote, reader


def raw_view(name: str) -> str:
    """The view holding an input as read, every column (the owner's SQL never sees it)."""
    return f"_raw_{name}"


def open_inputs(
    job: Job, *, fixtures: bool = False, fixture_dir: Path | None = None, check: bool = True
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per input.

    On fixtures, an input is read from `<fixture_dir>/<input>.csv` when it exists (the
    default folder is tests/fixtures/); otherwise a pinned input gets made-up rows and an
    input that pins nothing (a seed) is read from where job.toml says. With `check`, a
    pinned input is checked against its pinned columns before its view is made.
    """
    con = duckdb.connect()
    folder = fixture_dir or job.root / "tests" / "fixtures"
    for name, location in job.inputs.items():
        pinned = job.pinned.get(name)
        where, source = _source(job, name, location, folder, fixtures, pinned)
        try:
            con.execute(f"CREATE VIEW {quote(raw_view(name))} AS SELECT * FROM {source}")
        except duckdb.Error as error:
            raise JobError(f"input {name}: cannot read {where}: {first_line(error)}") from error
        if pinned is None:
            con.execute(f"CREATE VIEW {quote(name)} AS SELECT * FROM {quote(raw_view(name))}")
            continue
        if check:
            check_input(con, pinned, where)
        con.execute(f"CREATE VIEW {quote(name)} AS {pinned_select(raw_view(name), pinned, con)}")
    return con


def pinned_select(table: str, pinned: PinnedInput, con: duckdb.DuckDBPyConnection) -> str:
    """SELECT the pinned columns of `table` that it has, cast to their pinned types."""
    present = {row[0] for row in con.execute(f"DESCRIBE {quote(table)}").fetchall()}
    casts = []
    for column in pinned.columns:
        if column.name not in present:
            continue
        name, target = quote(column.name or ""), column_type(column)
        casts.append(f"CAST({name} AS {target}) AS {name}" if target else name)
    if not casts:
        raise JobError(f"input {pinned.dataset} has none of the columns {MANIFEST_FILE} pins")
    return f"SELECT {', '.join(casts)} FROM {quote(table)}"


def check_input(con: duckdb.DuckDBPyConnection, pinned: PinnedInput, where: object) -> None:
    """Raise JobError when the input breaks the columns its contract version pins."""
    name = pinned.dataset
    label = f"{name} {pinned.version} from {pinned.owner}"
    table = raw_view(name)
    present = {row[0] for row in con.execute(f"DESCRIBE {quote(table)}").fetchall()}
    missing = [column.name for column in pinned.columns if column.name not in present]
    if missing:
        raise JobError(
            f"input {name} ({where}) lacks column(s) {', '.join(map(str, missing))}, "
            f"pinned by {MANIFEST_FILE} ({label})"
        )
    view = quote(f"_pinned_{name}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {pinned_select(table, pinned, con)}")
    try:  # The cast above enforces the physical types; check the rest of what is pinned.
        violations = check_table(con, f"_pinned_{name}", as_schema(pinned.columns), types=False)
    except duckdb.Error as error:
        raise JobError(
            f"input {name} ({where}) has values that do not fit the types pinned by "
            f"{MANIFEST_FILE} ({label}): {first_line(error)}"
        ) from error
    finally:
        con.execute(f"DROP VIEW IF EXISTS {view}")
    if failing(violations):
        raise JobError(
            f"input {name} ({where}) breaks the contract pinned by {MANIFEST_FILE} "
            f"({label}): " + "; ".join(map(str, violations))
        )


def _source(
    job: Job,
    name: str,
    location: str,
    folder: Path,
    fixtures: bool,
    pinned: PinnedInput | None,
) -> tuple[str, str]:
    """Where an input is read from, as shown in messages, and the SQL that reads it."""
    fixture = folder / f"{name}.csv"
    if fixtures and fixture.is_file():
        return shown(job.root, fixture), f"read_csv_auto({literal(fixture)})"
    if fixtures and pinned:
        return f"rows made up from {MANIFEST_FILE}", f"({fixture_query(pinned.columns)})"
    found = locate(job.root, location)
    where = shown(job.root, found)
    if "://" not in found and not Path(found).is_file():
        raise JobError(
            f"input {name}: {where} does not exist; point [inputs.{name}] path "
            "in job.toml at it, or run on fixtures (--fixtures)"
        )
    function = reader(found)
    if function is None:
        raise JobError(f"input {name}: cannot read {where}: use a .parquet, .csv or .json file")
    return where, f"{function}({literal(found)})"


def write_fixtures(job: Job, folder: Path | None = None) -> list[Path]:
    """Write made-up rows of each pinned input that has no fixture file yet, as CSV."""
    folder = folder or job.root / "tests" / "fixtures"
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    written = []
    for name, pinned in job.pinned.items():
        path = folder / f"{name}.csv"
        if not path.exists():
            con.execute(
                f"COPY ({fixture_query(pinned.columns)}) TO {literal(path)} (FORMAT csv, HEADER)"
            )
            written.append(path)
    return written
