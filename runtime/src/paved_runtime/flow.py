"""Run a job: inputs, staging, the transform hook, the owner's SQL, checks, outputs.

The conventions, so that the owner's files hold only their logic:
- `job.toml` says where each input is read from and where the output is written;
- `contracts/inputs.yaml` pins each input's contract version and the columns read;
- `sql/staging.sql` makes the staging views (`stg_<input>`), and `sql/<output>.sql` is
  a query that builds the output from them; `transform.py` may run in between;
- `contracts/<dataset>.odcs.yaml` is the contract of each dataset written (the output,
  and each staging view published with `[[publish]]`): nothing is written unless
  everything meets its contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb
from open_data_contract_standard.model import SchemaObject

from .checks import Violation, check_table, failing
from .config import MANIFEST_FILE, Job
from .contract import checked_schema
from .errors import JobError
from .hook import run_hook
from .inputs import open_inputs
from .outputs import read_output, write_table
from .sql import count, error_text, quote

STAGING_FILE = "sql/staging.sql"


@dataclass
class RunResult:
    """What one run of the job produced."""

    dataset: str
    rows: int
    new_rows: int
    output: str | None
    violations: list[Violation] = field(default_factory=list)
    published: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not failing(self.violations)


def stage(con: duckdb.DuckDBPyConnection, job: Job) -> None:
    """Run sql/staging.sql: the staging views."""
    path = job.root / STAGING_FILE
    text = path.read_text("utf-8") if path.is_file() else ""
    if not _has_statements(text):
        return
    _execute(con, text, STAGING_FILE)


def transform(con: duckdb.DuckDBPyConnection, job: Job, table: str) -> int:
    """Run sql/<output>.sql into `table`; return its row count."""
    name = f"sql/{job.output_dataset}.sql"
    path = job.root / name
    if not path.is_file():
        raise JobError(f"{name} does not exist: it is the query that builds the output")
    query = path.read_text("utf-8").strip().rstrip(";")
    _execute(con, f"CREATE OR REPLACE TABLE {quote(table)} AS {query}\n", name)
    return count(con, table)


def run(
    job: Job,
    *,
    fixtures: bool = False,
    write: bool = True,
    fixture_dir: Path | None = None,
    output: Path | str | None = None,
    con: duckdb.DuckDBPyConnection | None = None,
) -> RunResult:
    """Run the job; write its datasets when they all meet their contracts (and `write`)."""
    spec, places = checked_schema(job.contract_path(), job.output_dataset)
    con = con or open_inputs(job, fixtures=fixtures, fixture_dir=fixture_dir)
    target = Path(output).as_posix() if output else job.output_location(fixtures)
    dataset = job.output_dataset
    stage(con, job)
    run_hook(con, job.root)
    if job.mode == "merge":
        new_rows = transform(con, job, "_run")
        _merge(con, job, spec, target)
    else:
        new_rows = transform(con, job, dataset)
    violations = check_table(con, dataset, spec, places=places)
    publications = {}
    for item in job.config.publish:
        published, where = checked_schema(job.contract_path(item.dataset), item.dataset)
        con.execute(f"CREATE OR REPLACE TABLE {quote(item.dataset)} AS FROM {quote(item.view)}")
        found = check_table(con, item.dataset, published, places=where)
        violations += [replace(v, message=f"{item.dataset}: {v.message}") for v in found]
        publications[item.dataset] = job.output_location(fixtures, item.dataset)
    written, published_to = None, {}
    if write and not failing(violations):
        written = write_table(con, dataset, target, job.output_format)
        for name, location in publications.items():
            published_to[name] = write_table(con, name, location, job.output_format)
    return RunResult(dataset, count(con, dataset), new_rows, written, violations, published_to)


def check_output(
    job: Job, *, fixtures: bool = False, output: Path | str | None = None
) -> list[Violation]:
    """Check the written output against its contract."""
    spec, places = checked_schema(job.contract_path(), job.output_dataset)
    target = Path(output).as_posix() if output else job.output_location(fixtures)
    con = duckdb.connect()
    if not read_output(con, job.output_format, spec, target, job.output_dataset):
        raise JobError(f"no output at {target}: run the job first")
    return check_table(con, job.output_dataset, spec, places=places)


def _merge(con: duckdb.DuckDBPyConnection, job: Job, spec: SchemaObject, target: str) -> None:
    """Make the output: this run's rows, plus the previous rows whose key it did not produce."""
    dataset = quote(job.output_dataset)
    columns = {row[0] for row in con.execute('DESCRIBE "_run"').fetchall()}
    unknown = [name for name in job.key if name not in columns]
    if unknown:
        raise JobError(f"job.toml: key column(s) {', '.join(unknown)} are not in the output")
    if not read_output(con, job.output_format, spec, target, "_previous"):
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


def _execute(con: duckdb.DuckDBPyConnection, text: str, file: str) -> None:
    """Run the owner's SQL; an error names their file and line, not the runtime."""
    try:
        con.execute(text)
    except duckdb.BinderException as error:
        raise JobError(
            f"{file}: {error_text(error)}; the SQL sees only the columns {MANIFEST_FILE} "
            "pins for each input: read a pinned column, or pin this one with paved"
        ) from error
    except duckdb.Error as error:
        raise JobError(f"{file}: {error_text(error)}") from error


def _has_statements(text: str) -> bool:
    lines = (line.split("--", 1)[0].strip() for line in text.splitlines())
    return any(line and line != ";" for line in lines)
