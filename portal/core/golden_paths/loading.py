"""Golden paths loaded from a workspace: each `golden_paths/<name>/` folder's
`path.yaml` (validated by `models`) with its `questions.yml`, the root `copier.yml`'s
shared questions, and the isolation check over the workspace's own paths.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ..errors import MalformedFileError, UnknownGoldenPathError
from ..filenames import COPIER_FILES, GOLDEN_PATHS_DIR, PATH_FILE, QUESTIONS_FILE
from .files import read_questions_file, read_yaml, root_settings
from .isolation import check_isolation
from .models import GoldenPath, Question


def load_golden_paths(root: Path) -> dict[str, GoldenPath]:
    """Every golden path under `root/golden_paths`, by name."""
    paths: dict[str, GoldenPath] = {}
    for meta in sorted((root / GOLDEN_PATHS_DIR).glob(f"*/{PATH_FILE}")):
        path = load_golden_path(meta.parent)
        paths[path.name] = path
    own = {name: path for name, path in paths.items() if path.source is None}
    if own:
        check_isolation(root, own, [question.name for question in load_root_questions(root)])
    return paths


def load_golden_path(folder: Path) -> GoldenPath:
    meta_file = folder / PATH_FILE
    data = read_yaml(meta_file)
    if not isinstance(data, dict):
        raise MalformedFileError(f"{meta_file}: expected a mapping", "see docs/authoring.md")
    raw_questions = read_questions_file(folder / QUESTIONS_FILE)
    data = {
        **data,
        "questions": [
            Question.from_copier(name, spec).model_dump()
            for name, spec in raw_questions.items()
            # `when: false`: a value copier computes at every render, never asked.
            if not name.startswith("_")
            and not (isinstance(spec, dict) and spec.get("when") is False)
        ],
        "skip_if_exists": list(raw_questions.get("_skip_if_exists", [])),
    }
    try:
        path = GoldenPath.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise MalformedFileError(
            f"{meta_file}: field {field!r}: {first['msg']}",
            "fix the field; see docs/authoring.md for the path.yaml format",
        ) from None
    if path.name != folder.name:
        raise MalformedFileError(
            f"{meta_file}: name {path.name!r} differs from its folder {folder.name!r}",
            "make the name match the folder",
        )
    return path


def get_golden_path(paths: dict[str, GoldenPath], name: str) -> GoldenPath:
    try:
        return paths[name]
    except KeyError:
        known = ", ".join(sorted(paths)) or "none"
        raise UnknownGoldenPathError(
            f"unknown golden path {name!r}", f"the golden paths are: {known}"
        ) from None


def load_root_questions(root: Path) -> list[Question]:
    """The shared questions of the root copier.yml (its first document)."""
    config = root / COPIER_FILES[0]
    try:
        first = root_settings(config.read_bytes(), str(config))
    except OSError as error:
        raise MalformedFileError(f"{config}: {error}", "fix the YAML") from None
    return [Question.from_copier(k, v) for k, v in first.items() if not k.startswith("_")]
