"""Build the datasets of this project with DuckDB and check them against their contracts.

Managed by the platform (paved): a template update may change this file.

The conventions, so that your own files hold only your logic:
- every file in `data/source/` (CSV, Parquet or JSON) is a view named after the file;
- every `sql/<dataset>.sql` is a query that builds the dataset `<dataset>`;
- `contracts/<dataset>.odcs.yaml` is its ODCS contract, checked on every build;
- the dataset is written to `output/<dataset>.parquet` only when it meets its contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from .contract import Violation, check_table, load_contract, schema_object

_READERS = {
    ".csv": "read_csv_auto",
    ".parquet": "read_parquet",
    ".json": "read_json_auto",
    ".jsonl": "read_json_auto",
}


@dataclass
class BuildResult:
    """What one dataset build produced."""

    dataset: str
    rows: int
    output: Path | None
    violations: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations


def project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` that holds this project's contracts/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "contracts").is_dir() and (folder / "pyproject.toml").is_file():
            return folder
    raise FileNotFoundError(f"no project (a folder with contracts/) at or above {here}")


def datasets(root: Path) -> list[str]:
    """The datasets this project builds: one per SQL file in sql/."""
    return sorted(path.stem for path in (root / "sql").glob("*.sql"))


def connect(root: Path, sources: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per source file."""
    con = duckdb.connect()
    folder = sources or root / "data" / "source"
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        reader = _READERS.get(path.suffix.lower())
        if reader:
            con.execute(f'CREATE VIEW "{path.stem}" AS SELECT * FROM {reader}({_literal(path)})')
    return con


def build(
    root: Path,
    dataset: str,
    *,
    con: duckdb.DuckDBPyConnection | None = None,
    write: bool = True,
) -> BuildResult:
    """Build one dataset, check it, and write it to output/ when it meets its contract."""
    con = con or connect(root)
    contract = load_contract(root / "contracts" / f"{dataset}.odcs.yaml")
    spec = schema_object(contract, dataset)
    query = (root / "sql" / f"{dataset}.sql").read_text("utf-8")
    con.execute(f'CREATE OR REPLACE TABLE "{dataset}" AS {query}')
    rows = con.execute(f'SELECT COUNT(*) FROM "{dataset}"').fetchone()[0]
    violations = check_table(con, dataset, spec)
    output = None
    if write and not violations:
        output = root / "output" / f"{dataset}.parquet"
        output.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f'COPY "{dataset}" TO {_literal(output)} (FORMAT parquet)')
    return BuildResult(dataset, rows, output, violations)


def check_output(root: Path, dataset: str) -> list[Violation]:
    """Check an already built output/<dataset>.parquet against its contract."""
    contract = load_contract(root / "contracts" / f"{dataset}.odcs.yaml")
    con = duckdb.connect()
    path = root / "output" / f"{dataset}.parquet"
    con.execute(f'CREATE VIEW "{dataset}" AS SELECT * FROM read_parquet({_literal(path)})')
    return check_table(con, dataset, schema_object(contract, dataset))


def _literal(path: Path) -> str:
    """A SQL string literal for a file path."""
    return "'" + path.as_posix().replace("'", "''") + "'"
