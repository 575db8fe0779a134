"""Entity files as the index and the entity models read them: YAML documents, each a
mapping; a malformed one names the file, the document and the field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import MalformedFileError


def read_documents(path: Path, data: bytes | None = None) -> list[dict[str, Any]]:
    """The YAML documents of an entity file (or of `data`, its content), each a
    mapping; errors name the file."""
    import yaml  # only when a file is read: a lookup on a fresh index needs no YAML

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        documents = [
            doc for doc in yaml.load_all(path.read_bytes() if data is None else data, loader) if doc
        ]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}:" if mark else ""
        raise MalformedFileError(
            f"{path}:{where} not valid YAML", "fix the file or restore it from git"
        ) from None
    for number, doc in enumerate(documents, start=1):
        if not isinstance(doc, dict):
            raise MalformedFileError(
                f"{path}: document {number} is not a mapping", "each entity is a YAML mapping"
            )
    return documents


def parse_entities(path: Path, data: bytes) -> list[dict[str, Any]]:
    """The entities of an entity file's content, each with a kind and a metadata.name."""
    documents = read_documents(path, data)
    if not documents:  # emptied: its entities would vanish from the catalog unseen
        raise MalformedFileError(
            f"{path}: empty, it holds no entity",
            "restore it from git, or delete the file to take its entities out",
        )
    for number, doc in enumerate(documents, start=1):
        for field in ("kind", "metadata"):
            if field not in doc:
                raise MalformedFileError(
                    f"{path}: document {number}: field {field!r} is missing",
                    "every entity has apiVersion, kind, metadata.name and spec",
                )
        if not isinstance(doc["metadata"], dict) or not doc["metadata"].get("name"):
            raise MalformedFileError(
                f"{path}: document {number}: field 'metadata.name' is missing",
                "every entity has a metadata.name",
            )
    return documents
