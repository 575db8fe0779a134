"""Golden paths: what `golden_paths/<name>/` says about each supported kind of project.

`path.yaml` is paved's own metadata (validated here); `questions.yml` holds the
path's copier questions, which the root `copier.yml` includes. An outside golden
path's `path.yaml` names its `source` instead: a template in its own git repo, copier
or cookiecutter, whose questions come from the template itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import MalformedFileError, UnknownGoldenPathError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EntitySpec(_Strict):
    """How a project of this path appears in the catalog."""

    component_type: str
    provides: Literal["dataset", "openapi", "none"] = "none"
    # The question whose answer names what the project publishes (dataset, API).
    published_name: str | None = None


class Check(_Strict):
    """A command run in a generated repo after generation and after an update."""

    name: str
    run: str


class Question(_Strict):
    """One copier question, as paved needs it for prompts, forms and validation."""

    name: str
    type: Literal["str", "int", "float", "bool", "yaml", "json"] = "str"
    help: str = ""
    default: Any = None
    choices: dict[str, Any] | None = None
    when: str | bool = True
    validator: str = ""
    secret: bool = False
    # What renders its templated fields: the template's own engine for an outside
    # golden path (see answers.Engine); None: paved's sandbox.
    engine: Any = Field(default=None, exclude=True, repr=False)

    @classmethod
    def from_copier(cls, name: str, spec: Any) -> Question:
        if not isinstance(spec, dict):
            return cls(name=name, default=spec)
        choices = spec.get("choices")
        if isinstance(choices, list):
            choices = {str(choice): choice for choice in choices}
        return cls(
            name=name,
            type=spec.get("type", "str"),
            help=str(spec.get("help", "")).strip(),
            default=spec.get("default"),
            choices=choices,
            when=spec.get("when", True),
            validator=str(spec.get("validator", "")),
            secret=bool(spec.get("secret", False)),
        )


class Source(_Strict):
    """Where an outside golden path's template lives, and how paved answers it."""

    url: str
    kind: Literal["copier", "cookiecutter"]
    # The tag or branch new projects and updates use; None: the newest version.
    ref: str | None = None
    # A cookiecutter template's sub-folder of its repo (cruft's `--directory`).
    directory: str | None = None
    # The template questions paved answers with the project's name, owner and
    # description (None: the template has no such question).
    name_question: str | None = None
    owner_question: str | None = None
    description_question: str | None = None


class GoldenPath(_Strict):
    """One supported way to build one kind of project."""

    name: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    summary: str
    entity: EntitySpec
    checks: list[Check] = []
    managed: list[str] = []
    owned: list[str] = []
    next_steps: list[str] = []
    questions: list[Question] = []
    skip_if_exists: list[str] = []
    source: Source | None = None

    @property
    def kind(self) -> str:
        """`workspace` for a path of the workspace template, else the template's tool."""
        return self.source.kind if self.source else "workspace"

    def question(self, name: str) -> Question | None:
        return next((q for q in self.questions if q.name == name), None)


def load_golden_paths(root: Path) -> dict[str, GoldenPath]:
    """Every golden path under `root/golden_paths`, by name."""
    from .isolation import check_isolation

    paths: dict[str, GoldenPath] = {}
    for meta in sorted((root / "golden_paths").glob("*/path.yaml")):
        path = load_golden_path(meta.parent)
        paths[path.name] = path
    own = {name: path for name, path in paths.items() if path.source is None}
    if own:
        check_isolation(root, own, [question.name for question in load_root_questions(root)])
    return paths


def load_golden_path(folder: Path) -> GoldenPath:
    meta_file = folder / "path.yaml"
    data = _read_yaml(meta_file)
    if not isinstance(data, dict):
        raise MalformedFileError(f"{meta_file}: expected a mapping", "see docs/authoring.md")
    raw_questions = read_questions_file(folder / "questions.yml")
    data = {
        **data,
        "questions": [
            Question.from_copier(name, spec).model_dump()
            for name, spec in raw_questions.items()
            if not name.startswith("_")
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
    config = root / "copier.yml"
    try:
        first = root_settings(config.read_bytes(), str(config))
    except OSError as error:
        raise MalformedFileError(f"{config}: {error}", "fix the YAML") from None
    return [Question.from_copier(k, v) for k, v in first.items() if not k.startswith("_")]


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
    data = _read_yaml(path) or {}
    if not isinstance(data, dict):
        raise MalformedFileError(f"{path}: expected a mapping of questions", "fix the YAML")
    return data


def _read_yaml(path: Path) -> Any:
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
