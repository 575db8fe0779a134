"""A job's configuration: `job.toml` (the owner's) and `contracts/inputs.yaml` (pinned).

Both are read into pydantic models, so a mistake is one message naming the file and
the field. `contracts/inputs.yaml` lists, for each input, the contract version the job
was built against and the columns it reads (with their pinned types): the job's SQL sees
only those columns.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeVar

import yaml
from open_data_contract_standard.model import SchemaProperty
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import JobError

CONFIG_FILE = "job.toml"
MANIFEST_FILE = "contracts/inputs.yaml"

_M = TypeVar("_M", bound="BaseModel")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InputSource(_Strict):
    """`[inputs.<name>]`: where one input is read from (a path or a URL DuckDB reads)."""

    path: str


class OutputConfig(_Strict):
    """`[output]`: the dataset the job publishes, and how it is written."""

    dataset: str
    path: str
    format: Literal["parquet", "csv"] = "parquet"
    mode: Literal["replace", "merge"] = "replace"
    key: list[str] = []

    @model_validator(mode="after")
    def _merge_needs_key(self) -> OutputConfig:
        if self.mode == "merge" and not self.key:
            raise ValueError("an output in merge mode needs `key`, the columns to merge on")
        return self


class Publication(_Strict):
    """`[[publish]]`: a staging view published as a dataset of its own, under its contract."""

    view: str
    dataset: str
    path: str


class JobSection(_Strict):
    schedule: str = ""


class JobFile(_Strict):
    """The whole of job.toml."""

    job: JobSection = JobSection()
    inputs: dict[str, InputSource] = {}
    output: OutputConfig
    publish: list[Publication] = []


class PinnedInput(_Strict):
    """One input of contracts/inputs.yaml: its contract version and the columns read."""

    dataset: str
    version: str
    owner: str
    columns: list[SchemaProperty] = Field(min_length=1)
    # Where the producer publishes it, as the catalog says (a path or a URL DuckDB reads).
    location: str | None = None


class Manifest(_Strict):
    """The whole of contracts/inputs.yaml."""

    inputs: list[PinnedInput] = []


@dataclass(frozen=True)
class Job:
    """A job's configuration, resolved against its folder."""

    root: Path
    config: JobFile
    pinned: dict[str, PinnedInput]

    @property
    def schedule(self) -> str:
        return self.config.job.schedule

    @property
    def inputs(self) -> dict[str, str]:
        """Every input and where it is read from: job.toml's [inputs.<name>] path, else
        the location contracts/inputs.yaml has from the catalog, else
        data/inputs/<name>.parquet."""
        found = {
            name: pinned.location or f"data/inputs/{name}.parquet"
            for name, pinned in self.pinned.items()
        }
        found.update({name: source.path for name, source in self.config.inputs.items()})
        return found

    @property
    def output_dataset(self) -> str:
        return self.config.output.dataset

    @property
    def output_format(self) -> str:
        return self.config.output.format

    @property
    def mode(self) -> str:
        return self.config.output.mode

    @property
    def key(self) -> list[str]:
        return self.config.output.key

    def contract_path(self, dataset: str | None = None) -> Path:
        return self.root / "contracts" / f"{dataset or self.output_dataset}.odcs.yaml"

    def output_location(self, fixtures: bool = False, dataset: str | None = None) -> str:
        """Where a dataset of the job is written: a local path or a URL."""
        dataset = dataset or self.output_dataset
        if fixtures:
            name = f"{dataset}.{self.output_format}"
            return (self.root / "output" / "fixtures" / name).as_posix()
        if dataset == self.output_dataset:
            return locate(self.root, self.config.output.path)
        publication = next(item for item in self.config.publish if item.dataset == dataset)
        return locate(self.root, publication.path)


def project_root(start: Path | None = None, marker: str = CONFIG_FILE) -> Path:
    """The nearest folder at or above `start` that holds `marker` (default: job.toml)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / marker).is_file():
            return folder
    raise JobError(f"no project (a folder with {marker}) at or above {here}")


def load_job(root: Path) -> Job:
    """Read job.toml and contracts/inputs.yaml; raise JobError when they are not usable."""
    try:
        raw_config = tomllib.loads((root / CONFIG_FILE).read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise JobError(f"{CONFIG_FILE}: cannot be read: {error}") from error
    manifest_path = root / MANIFEST_FILE
    try:
        raw_manifest = (
            yaml.safe_load(manifest_path.read_text("utf-8")) if manifest_path.is_file() else {}
        )
    except yaml.YAMLError as error:
        raise JobError(f"{MANIFEST_FILE}: not valid YAML: {error}") from error
    config = _validated(JobFile, raw_config, CONFIG_FILE, "fix it")
    manifest = _validated(
        Manifest, raw_manifest or {}, MANIFEST_FILE, "re-pin the inputs with paved"
    )
    job = Job(root, config, {item.dataset: item for item in manifest.inputs})
    names = {job.output_dataset, *(item.dataset for item in config.publish)}
    clash = sorted(names & set(job.inputs))
    if clash:
        raise JobError(f"{CONFIG_FILE}: the dataset {clash[0]!r} has an input's name")
    return job


def locate(root: Path, location: str) -> str:
    """A location from job.toml: URLs as they are, paths relative to the project."""
    if "://" in location:
        return location
    return (root / location).as_posix()


def shown(root: Path, location: str | Path) -> str:
    """A location as messages show it: relative to the project when it is inside."""
    path = Path(location)
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(location)


def _validated(model: type[_M], data: object, file: str, mend: str) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise JobError(f"{file}: {field}: {first['msg']}; {mend}") from None
