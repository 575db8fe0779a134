"""Build a dataset producer's datasets with DuckDB and check them against their contracts.

The conventions, so that the owner's files hold only their logic:
- every file in the sources folder (`data/source/`; CSV, Parquet or JSON) is a view
  named after the file;
- every `sql/<dataset>.sql` is a query that builds the dataset `<dataset>`;
- `contracts/<dataset>.odcs.yaml` is its ODCS contract, checked on every build;
- the dataset is written to `output/<dataset>.parquet` only when it meets its contract.
`dataset.toml` (the owner's) may move the sources and output folders.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from pydantic import BaseModel, ConfigDict, ValidationError

from .checks import Violation, check_table, failing
from .config import shown
from .contract import checked_schema
from .errors import FlowError
from .sql import count, error_text, literal, quote, reader

CONFIG_FILE = "dataset.toml"


class ProducerConfig(BaseModel):
    """dataset.toml: where the sources are read from and the datasets written to."""

    model_config = ConfigDict(extra="forbid")
    sources: str = "data/source"
    output: str = "output"


@dataclass
class BuildResult:
    """What one dataset build produced."""

    dataset: str
    rows: int
    output: Path | None
    violations: list[Violation] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not failing(self.violations)


def project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` that holds contracts/ and pyproject.toml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "contracts").is_dir() and (folder / "pyproject.toml").is_file():
            return folder
    raise FlowError(f"no project (a folder with contracts/) at or above {here}")


def load_config(root: Path) -> ProducerConfig:
    path = root / CONFIG_FILE
    if not path.is_file():
        return ProducerConfig()
    try:
        return ProducerConfig.model_validate(tomllib.loads(path.read_text("utf-8")))
    except (tomllib.TOMLDecodeError, ValidationError) as error:
        raise FlowError(f"{CONFIG_FILE}: {str(error).splitlines()[0]}; fix it") from None


def datasets(root: Path) -> list[str]:
    """The datasets this project builds: one per SQL file in sql/."""
    return sorted(path.stem for path in (root / "sql").glob("*.sql"))


def connect(root: Path, sources: Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per source file."""
    con = duckdb.connect()
    folder = sources or root / load_config(root).sources
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        function = reader(path.name)
        if not function:
            continue
        view = f"CREATE VIEW {quote(path.stem)} AS SELECT * FROM {function}({literal(path)})"
        try:
            con.execute(view)
        except duckdb.Error as error:
            where = shown(root, path)
            raise FlowError(f"{where}: cannot be read: {error_text(error)}") from error
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
    spec, places = checked_schema(root / "contracts" / f"{dataset}.odcs.yaml", dataset)
    file = f"sql/{dataset}.sql"
    if not (root / file).is_file():
        raise FlowError(f"{file} does not exist: it is the query that builds {dataset}")
    query = (root / file).read_text("utf-8").strip().rstrip(";")
    try:
        con.execute(f"CREATE OR REPLACE TABLE {quote(dataset)} AS {query}\n")
    except duckdb.Error as error:
        raise FlowError(f"{file}: {error_text(error)}") from error
    violations = check_table(con, dataset, spec, places=places)
    output = None
    if write and not failing(violations):
        output = output_path(root, dataset)
        output.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY {quote(dataset)} TO {literal(output)} (FORMAT parquet)")
    return BuildResult(dataset, count(con, dataset), output, violations)


def output_path(root: Path, dataset: str) -> Path:
    return root / load_config(root).output / f"{dataset}.parquet"


def check_output(root: Path, dataset: str) -> list[Violation]:
    """Check an already built dataset against its contract."""
    spec, places = checked_schema(root / "contracts" / f"{dataset}.odcs.yaml", dataset)
    path = output_path(root, dataset)
    if not path.is_file():
        raise FlowError(f"no output at {path.relative_to(root)}: build it first")
    con = duckdb.connect()
    con.execute(f"CREATE VIEW {quote(dataset)} AS SELECT * FROM read_parquet({literal(path)})")
    return check_table(con, dataset, spec, places=places)
