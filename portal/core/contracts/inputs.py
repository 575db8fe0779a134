"""A consumer's pins: `contracts/inputs.yaml`, the contract version of each dataset it
reads and the columns it reads.

For an ETL job, the columns are those its SQL reads (`reads`); a model service, or any
project without SQL, declares them in the file. `repin` rewrites an input's entry from
the catalog's contract with ruamel.yaml's round trip, so the owner's comments and the
order of the file stay as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import MalformedFileError
from ..filenames import INPUTS_FILE
from ..owned_yaml import load_documents, write_documents
from .reads import columns_read, job_sql_files

# The column facts a pin copies from the contract; quality rules stay with the producer.
PINNED_FACTS = ("name", "logicalType", "physicalType", "required", "unique", "description")


@dataclass
class Pin:
    dataset: str
    version: str | None  # the contract version pinned; None: not pinned
    columns: list[str] | None  # the columns read; None: not known


def read_pins(repo: Path) -> dict[str, Pin]:
    """The inputs `contracts/inputs.yaml` pins, by dataset (none without the file)."""
    path = repo / INPUTS_FILE
    if not path.is_file():
        return {}
    documents = load_documents(path)
    if documents and not isinstance(documents[0], dict):
        raise MalformedFileError(f"{path}: not a mapping with `inputs`", "restore it from git")
    entries = documents[0].get("inputs") if documents else None
    if not isinstance(entries, list):
        return {}
    pins = {}
    for number, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("dataset"):
            raise MalformedFileError(
                f"{path}: inputs[{number}] has no dataset", "each input names its dataset"
            )
        columns = entry.get("columns")
        names = None
        if isinstance(columns, list):
            names = [str(c.get("name") if isinstance(c, dict) else c) for c in columns]
        version = entry.get("version")
        pins[str(entry["dataset"])] = Pin(
            str(entry["dataset"]), None if version is None else str(version), names
        )
    return pins


def consumer_pins(
    repo: Path,
    consumes: list[str],
    contract_columns: Callable[[str], list[str] | None] | None = None,
) -> dict[str, Pin]:
    """What `repo` pins and reads of each dataset it consumes: versions from its
    inputs.yaml; columns from its SQL when it has SQL, else as the file declares them.

    `contract_columns` gives a dataset's columns as its producer publishes them (for a
    `select *`); without it, the columns the file pins stand in.
    """
    pins = read_pins(repo)
    found = {name: pins.get(name) or Pin(name, None, None) for name in consumes}
    sql = job_sql_files(repo)
    if not sql or not consumes:
        return found
    known = {
        name: (contract_columns(name) if contract_columns else None) or found[name].columns
        for name in consumes
    }
    try:
        read = columns_read(sql, known)
    except MalformedFileError:  # SQL sqlglot cannot parse: the columns the file declares
        return found
    for name, columns in read.items():
        found[name].columns = columns
    return found


def repin(
    repo: Path,
    reference: dict[str, Any],
    consume: bool,
    contract_columns: Callable[[str], list[str] | None] | None = None,
) -> Path | None:
    """Pin (or, with `consume` false, drop) `reference["dataset"]` in the repo's
    inputs.yaml, to the catalog's contract version and the columns read; None when the
    repo has no inputs.yaml."""
    path = repo / INPUTS_FILE
    if not path.is_file():
        return None
    documents = load_documents(path)
    if not documents or not isinstance(documents[0], dict):
        raise MalformedFileError(f"{path}: not a mapping with `inputs`", "restore it from git")
    root = documents[0]
    entries = root.get("inputs")
    if entries is None:
        from ruamel.yaml.comments import CommentedSeq

        entries = root["inputs"] = CommentedSeq()
    entries.fa.set_block_style()  # `inputs: []` grows into a list of entries
    dataset = reference["dataset"]
    position = next(
        (n for n, entry in enumerate(entries) if str(entry.get("dataset")) == dataset), None
    )
    if not consume:
        if position is None:
            return None
        del entries[position]
        if not entries:
            root["inputs"] = _empty_list()
        write_documents(path, documents)
        return path
    properties = reference.get("properties") or []
    if job_sql_files(repo):
        columns = [str(p["name"]) for p in properties]
        read = consumer_pins(repo, [dataset], lambda _: columns)[dataset].columns or []
    else:
        declared = read_pins(repo).get(dataset)
        read = declared.columns if declared and declared.columns is not None else None
    wanted = [p for p in properties if read is None or p["name"] in read]
    wanted += [{"name": name} for name in read or [] if name not in {p["name"] for p in wanted}]
    entry = entries[position] if position is not None else _new_entry(entries)
    entry["dataset"] = dataset
    entry["version"] = str(reference["version"])
    entry["owner"] = reference.get("owner")
    location = reference.get("location")
    if location and "location" in entry:
        entry["location"] = location
    elif location:  # where the template puts it: before the columns
        keys = list(entry)
        where = keys.index("columns") if "columns" in keys else len(keys)
        entry.insert(where, "location", location)
    entry["columns"] = [{k: p[k] for k in PINNED_FACTS if k in p} for p in wanted]
    write_documents(path, documents)
    return path


def _empty_list() -> Any:
    from ruamel.yaml.comments import CommentedSeq

    entries = CommentedSeq()
    entries.fa.set_flow_style()
    return entries


def _new_entry(entries: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap

    entry = CommentedMap()
    entries.append(entry)
    return entry
