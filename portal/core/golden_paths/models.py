"""What `golden_paths/<name>/path.yaml` says about a golden path, as pydantic models.

`path.yaml` is paved's own metadata: title, summary, the catalog entity its projects
are, the checks run in them, the files the platform manages and those the owner owns.
An outside golden path's `path.yaml` names its `source`: a template in its own git repo,
copier or cookiecutter, whose questions come from the template itself.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


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
    # An outside template's own name for a question paved asks under its own
    # (`project_short_description` asked as `description`); None: the same name.
    declared_as: str | None = Field(default=None, exclude=True, repr=False)

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
    # A copier template's answers file, as its `_answers_file` names it (None: copier's
    # default): where its projects record their answers.
    answers_file: str | None = None
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
