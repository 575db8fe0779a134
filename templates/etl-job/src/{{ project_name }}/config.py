"""This job's configuration: job.toml and the input manifest contracts/inputs.yaml.

Managed by the platform (paved): a template update may change this file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

FORMATS = ("parquet", "csv")
MODES = ("replace", "merge")


class JobError(Exception):
    """The job cannot run: its configuration, one of its inputs or its SQL is broken."""


@dataclass(frozen=True)
class PinnedInput:
    """An input as contracts/inputs.yaml pins it."""

    dataset: str
    version: str
    owner: str
    columns: list[dict[str, Any]]


@dataclass(frozen=True)
class Job:
    """This job's configuration: job.toml and contracts/inputs.yaml."""

    root: Path
    schedule: str
    inputs: dict[str, str]
    pinned: dict[str, PinnedInput]
    output_dataset: str
    output_format: str
    output_path: str
    mode: str
    key: list[str]

    @property
    def contract_path(self) -> Path:
        return self.root / "contracts" / f"{self.output_dataset}.odcs.yaml"

    def output_location(self, fixtures: bool = False) -> str:
        """Where the output is written: a local path or a URL."""
        if fixtures:
            name = f"{self.output_dataset}.{self.output_format}"
            return (self.root / "output" / "fixtures" / name).as_posix()
        return locate(self.root, self.output_path)


def project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` that holds a job.toml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "job.toml").is_file():
            return folder
    raise FileNotFoundError(f"no job (a folder with job.toml) at or above {here}")


def load_job(root: Path) -> Job:
    """Read job.toml and contracts/inputs.yaml; raise JobError when they are not usable."""
    try:
        config = tomllib.loads((root / "job.toml").read_text("utf-8"))
        manifest = yaml.safe_load((root / "contracts" / "inputs.yaml").read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError, yaml.YAMLError) as error:
        raise JobError(f"cannot read the job's configuration: {error}") from error
    pinned = {}
    try:
        for entry in (manifest or {}).get("inputs") or []:
            item = PinnedInput(
                entry["dataset"], str(entry["version"]), entry["owner"], entry["columns"]
            )
            pinned[item.dataset] = item
    except (KeyError, TypeError) as error:
        raise JobError(
            f"contracts/inputs.yaml: an input lacks {error}; re-pin the inputs with paved"
        ) from error
    inputs = {name: f"data/inputs/{name}.parquet" for name in pinned}
    for name, table in config.get("inputs", {}).items():
        if not isinstance(table, dict) or "path" not in table:
            raise JobError(f"job.toml: [inputs.{name}] needs a path")
        inputs[name] = table["path"]
    output = config.get("output", {})
    job = Job(
        root=root,
        schedule=config.get("job", {}).get("schedule", ""),
        inputs=inputs,
        pinned=pinned,
        output_dataset=output.get("dataset", ""),
        output_format=output.get("format", "parquet"),
        output_path=output.get("path", ""),
        mode=output.get("mode", "replace"),
        key=list(output.get("key", [])),
    )
    if not job.output_dataset or not job.output_path:
        raise JobError("job.toml: [output] needs a dataset and a path")
    if job.output_dataset in inputs:
        raise JobError(f"job.toml: the output {job.output_dataset!r} has an input's name")
    if job.output_format not in FORMATS:
        raise JobError(f"job.toml: output format is parquet or csv, not {job.output_format!r}")
    if job.mode not in MODES:
        raise JobError(f"job.toml: output mode is replace or merge, not {job.mode!r}")
    if job.mode == "merge" and not job.key:
        raise JobError("job.toml: an output in merge mode needs `key`, the columns to merge on")
    return job


def locate(root: Path, location: str) -> str:
    """A location from job.toml: URLs as they are, paths relative to the project."""
    if "://" in location:
        return location
    return (root / location).as_posix()


def shown(root: Path, location: str) -> str:
    """A location as messages show it: relative to the project when it is inside."""
    path = Path(location)
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else location
