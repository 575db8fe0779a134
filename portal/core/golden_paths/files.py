"""The workspace's own YAML read as copier reads it: a path's `path.yaml` and
`questions.yml`, and the root `copier.yml`'s first document (its settings and shared
questions), with errors that name the file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import MalformedFileError


def root_settings(data: bytes, where: str) -> dict[str, Any]:
    """The first document of a root copier.yml, its `!include`s left unread."""

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_constructor("!include", lambda loader, node: None)
    try:
        first = next(iter(yaml.load_all(data, Loader=_Loader)), None) or {}
    except yaml.YAMLError as error:
        raise MalformedFileError(f"{where}: {error}", "fix the YAML") from None
    if not isinstance(first, dict):
        raise MalformedFileError(
            f"{where}: expected a mapping of copier settings and questions", "fix the YAML"
        )
    return first


def read_questions_file(path: Path) -> dict[str, Any]:
    """A path's questions.yml as copier reads it (empty when there is none)."""
    if not path.exists():
        return {}
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise MalformedFileError(f"{path}: expected a mapping of questions", "fix the YAML")
    return data


def read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise MalformedFileError(f"{path}:{where} is not valid YAML", "fix the YAML") from None
    except OSError as error:
        raise MalformedFileError(f"{path}: {error.strerror}", "check the file") from None
    except UnicodeDecodeError:
        raise MalformedFileError(f"{path}: not UTF-8 text", "restore it from git") from None
