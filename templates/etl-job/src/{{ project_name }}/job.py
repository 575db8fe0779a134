"""Run this ETL job with DuckDB: read the inputs, stage them, build the output, check it.

Managed by the platform (paved): a template update may change this file.

The conventions, so that your own files hold only your logic:
- `job.toml` says where each input is read from and where the output is written;
- `contracts/inputs.yaml` pins each input's contract version and columns: an input is
  checked against them, then is a view named after it;
- `sql/staging.sql` makes one staging view per input, and `sql/<output>.sql` is a query
  that builds the output from them;
- `contracts/<output>.odcs.yaml` is the output's contract: the output is written only
  when it meets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from .config import Job, JobError, PinnedInput, locate, shown
from .contract import Violation, check_table, load_contract, schema_object
from .fixtures import column_type, fixture_query, quote

_READERS = {
    ".csv": "read_csv_auto",
    ".parquet": "read_parquet",
    ".json": "read_json_auto",
    ".jsonl": "read_json_auto",
}
_COPY_OPTIONS = {"parquet": "FORMAT parquet", "csv": "FORMAT csv, HEADER true"}


@dataclass
class RunResult:
    """What one run of the job produced."""

    dataset: str
    rows: int
    new_rows: int
    output: str | None
    violations: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


def open_inputs(
    job: Job, *, fixtures: bool = False, fixture_dir: Path | None = None, check: bool = True
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per input, each checked against its pinned columns.

    On fixtures, an input is read from `<fixture_dir>/<input>.csv` when it exists (the
    default folder is tests/fixtures/); otherwise a pinned input gets made-up rows and an
    input that pins nothing (a seed) is read from where job.toml says.
    """
    con = duckdb.connect()
    folder = fixture_dir or job.root / "tests" / "fixtures"
    for name, location in job.inputs.items():
        pinned = job.pinned.get(name)
        fixture = folder / f"{name}.csv"
        if fixtures and fixture.is_file():
            where = shown(job.root, fixture.as_posix())
            source = f"read_csv_auto({_literal(fixture.as_posix())})"
        elif fixtures and pinned:
            where = "rows made up from contracts/inputs.yaml"
            source = f"({fixture_query(pinned.columns)})"
        else:
            found = locate(job.root, location)
            where = shown(job.root, found)
            if "://" not in found and not Path(found).is_file():
                raise JobError(
                    f"input {name}: {where} does not exist; point [inputs.{name}] path "
                    "in job.toml at it, or run on fixtures (--fixtures)"
                )
            source = f"{_reader(found)}({_literal(found)})"
        try:
            con.execute(f"CREATE VIEW {quote(name)} AS SELECT * FROM {source}")
        except duckdb.Error as error:
            raise JobError(f"input {name}: cannot read {where}: {_first_line(error)}") from error
        if check and pinned:
            check_input(con, pinned, where)
    return con


def check_input(con: duckdb.DuckDBPyConnection, pinned: PinnedInput, where: object) -> None:
    """Raise JobError when the input view breaks the columns its contract version pins."""
    name = pinned.dataset
    label = f"{name} {pinned.version} from {pinned.owner}"
    present = {row[0] for row in con.execute(f"DESCRIBE {quote(name)}").fetchall()}
    missing = [column["name"] for column in pinned.columns if column["name"] not in present]
    if missing:
        raise JobError(
            f"input {name} ({where}) lacks column(s) {', '.join(missing)}, "
            f"pinned by contracts/inputs.yaml ({label})"
        )
    view = quote(f"_pinned_{name}")
    con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {_typed_select(name, pinned.columns)}")
    # The cast above enforces the physical types; check the rest of what is pinned.
    spec = {
        "properties": [
            {key: value for key, value in column.items() if key != "physicalType"}
            for column in pinned.columns
        ]
    }
    try:
        violations = check_table(con, f"_pinned_{name}", spec)
    except duckdb.Error as error:
        raise JobError(
            f"input {name} ({where}) has values that do not fit the types pinned by "
            f"contracts/inputs.yaml ({label}): {_first_line(error)}"
        ) from error
    finally:
        con.execute(f"DROP VIEW IF EXISTS {view}")
    if violations:
        raise JobError(
            f"input {name} ({where}) breaks the contract pinned by contracts/inputs.yaml "
            f"({label}): " + "; ".join(map(str, violations))
        )


def stage(con: duckdb.DuckDBPyConnection, job: Job) -> None:
    """Run sql/staging.sql: one staging view per input."""
    path = job.root / "sql" / "staging.sql"
    text = path.read_text("utf-8") if path.is_file() else ""
    if not _has_statements(text):
        return
    try:
        con.execute(text)
    except duckdb.Error as error:
        raise JobError(f"sql/staging.sql: {_first_line(error)}") from error


def transform(con: duckdb.DuckDBPyConnection, job: Job, table: str) -> int:
    """Run sql/<output>.sql into `table`; return its row count."""
    name = f"sql/{job.output_dataset}.sql"
    path = job.root / name
    if not path.is_file():
        raise JobError(f"{name} does not exist: it is the query that builds the output")
    query = path.read_text("utf-8").strip().rstrip(";")
    try:
        con.execute(f"CREATE OR REPLACE TABLE {quote(table)} AS {query}\n")
    except duckdb.Error as error:
        raise JobError(f"{name}: {_first_line(error)}") from error
    return _count(con, table)


def run(
    job: Job,
    *,
    fixtures: bool = False,
    write: bool = True,
    fixture_dir: Path | None = None,
    output: Path | str | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> RunResult:
    """Run the job; write its output when it meets its contract (and `write` is true)."""
    spec = schema_object(load_contract(job.contract_path), job.output_dataset)
    con = con or open_inputs(job, fixtures=fixtures, fixture_dir=fixture_dir)
    target = Path(output).as_posix() if output else job.output_location(fixtures)
    dataset = job.output_dataset
    stage(con, job)
    if job.mode == "merge":
        new_rows = transform(con, job, "_run")
        _merge(con, job, spec, target)
    else:
        new_rows = transform(con, job, dataset)
    violations = check_table(con, dataset, spec)
    written = None
    if write and not violations:
        if "://" not in target:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        options = _COPY_OPTIONS[job.output_format]
        con.execute(f"COPY {quote(dataset)} TO {_literal(target)} ({options})")
        written = target
    return RunResult(dataset, _count(con, dataset), new_rows, written, violations)


def check_output(
    job: Job, *, fixtures: bool = False, output: Path | str | None = None
) -> list[Violation]:
    """Check the written output against its contract."""
    spec = schema_object(load_contract(job.contract_path), job.output_dataset)
    target = Path(output).as_posix() if output else job.output_location(fixtures)
    con = duckdb.connect()
    if not _read_output(con, job, spec, target, job.output_dataset):
        raise JobError(f"no output at {target}: run the job first")
    return check_table(con, job.output_dataset, spec)


def write_fixtures(job: Job, folder: Path | None = None) -> list[Path]:
    """Write made-up rows of each pinned input that has no fixture file yet, as CSV."""
    folder = folder or job.root / "tests" / "fixtures"
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    written = []
    for name, pinned in job.pinned.items():
        path = folder / f"{name}.csv"
        if not path.exists():
            query = fixture_query(pinned.columns)
            con.execute(f"COPY ({query}) TO {_literal(path.as_posix())} (FORMAT csv, HEADER)")
            written.append(path)
    return written


def _merge(
    con: duckdb.DuckDBPyConnection, job: Job, spec: dict[str, Any], target: str
) -> None:
    """Make the output: this run's rows, plus the previous rows whose key it did not produce."""
    dataset = quote(job.output_dataset)
    columns = {row[0] for row in con.execute('DESCRIBE "_run"').fetchall()}
    unknown = [name for name in job.key if name not in columns]
    if unknown:
        raise JobError(f"job.toml: key column(s) {', '.join(unknown)} are not in the output")
    if not _read_output(con, job, spec, target, "_previous"):
        con.execute(f'CREATE OR REPLACE TABLE {dataset} AS SELECT * FROM "_run"')
        return
    same_key = " AND ".join(
        f"n.{quote(name)} IS NOT DISTINCT FROM p.{quote(name)}" for name in job.key
    )
    con.execute(
        f'CREATE OR REPLACE TABLE {dataset} AS SELECT * FROM "_run" '
        f'UNION ALL BY NAME SELECT p.* FROM "_previous" AS p '
        f'WHERE NOT EXISTS (SELECT 1 FROM "_run" AS n WHERE {same_key})'
    )


def _read_output(
    con: duckdb.DuckDBPyConnection, job: Job, spec: dict[str, Any], target: str, view: str
) -> bool:
    """Load a written output into the table `view`, typed as its contract says.

    Return False when there is no output there yet.
    """
    if "://" not in target and not Path(target).is_file():
        return False
    if job.output_format == "csv":
        source = f"read_csv({_literal(target)}, header = true, all_varchar = true)"
    else:
        source = f"read_parquet({_literal(target)})"
    raw = quote(f"_file_{view}")
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {raw} AS SELECT * FROM {source}")
    except duckdb.IOException:
        if "://" in target:
            return False  # A first run: there is no previous output yet.
        raise
    typed = []
    if job.output_format == "csv":  # CSV has no types: read them from the contract.
        present = {row[0] for row in con.execute(f"DESCRIBE {raw}").fetchall()}
        typed = [prop for prop in spec.get("properties", []) if prop["name"] in present]
    body = _typed_select(f"_file_{view}", typed, keep_others=True)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {quote(view)} AS {body}")
    return True


def _typed_select(table: str, columns: list[dict[str, Any]], keep_others: bool = False) -> str:
    """SELECT the columns of `table` cast to the types their contract gives."""
    casts = []
    for column in columns:
        name = quote(column["name"])
        target = column_type(column)
        casts.append(f"CAST({name} AS {target}) AS {name}" if target else name)
    if keep_others and casts:
        return f"SELECT * REPLACE ({', '.join(casts)}) FROM {quote(table)}"
    if keep_others:
        return f"SELECT * FROM {quote(table)}"
    return f"SELECT {', '.join(casts)} FROM {quote(table)}"


def _has_statements(text: str) -> bool:
    lines = (line.split("--", 1)[0].strip() for line in text.splitlines())
    return any(line and line != ";" for line in lines)


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f"SELECT COUNT(*) FROM {quote(table)}").fetchone()[0]


def _reader(location: str) -> str:
    suffix = Path(location.split("?", 1)[0]).suffix.lower()
    if suffix not in _READERS:
        raise JobError(f"cannot read {location}: use a .parquet, .csv or .json file")
    return _READERS[suffix]


def _literal(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0]
