"""YAML files that people edit (a repo's catalog-info.yaml and contracts/inputs.yaml,
the workspace's groups.yaml), rewritten with ruamel.yaml's round trip: comments, key
order, quoting and layout stay as the owner left them; only what changed is new."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from .errors import MalformedFileError
from .file_modes import write_atomically


def _yaml():
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the owner wrote on one
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load_documents(path: Path) -> list[Any]:
    """The YAML documents of `path`, as round-trip nodes (empty ones left out)."""
    from ruamel.yaml.error import YAMLError

    try:
        return [doc for doc in _yaml().load_all(path.read_text("utf-8")) if doc is not None]
    except UnicodeDecodeError:
        raise MalformedFileError(f"{path}: not UTF-8 text", "restore it from git") from None
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}:" if mark else ""
        raise MalformedFileError(
            f"{path}:{where} not valid YAML", "fix the file or restore it from git"
        ) from None


def dump_documents(documents: list[Any]) -> str:
    stream = io.StringIO()
    _yaml().dump_all(documents, stream)
    return stream.getvalue()


def write_documents(path: Path, documents: list[Any]) -> None:
    """Write `documents` to `path` atomically, keeping what round-trip nodes carry and
    the comments above the file's first `---` (ruamel drops those)."""
    text = dump_documents(documents)
    if path.exists():
        text = _header(path.read_text("utf-8")) + text
    write_text(path, text)


def _header(text: str) -> str:
    """The comment lines and the `---` that open `text`, when it opens so."""
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        if line.strip() == "---" or line.startswith("--- "):
            return "".join(lines[: number + 1]) if line.strip() == "---" else ""
        if line.strip() and not line.lstrip().startswith("#"):
            return ""
    return ""


def write_text(path: Path, text: str) -> None:
    """Write `text` to `path` atomically: a reader sees the old file or the new one."""
    write_atomically(path, text.encode("utf-8"))
