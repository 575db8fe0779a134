"""What the new-project wizard knows so far, and how a core error maps back to a step.

Plain Python, no widgets: the steps fill it in, `check` asks the core's `plan()` and
says which step and field an error belongs to, so it is shown next to that field
before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.errors import (
    BadInputError,
    DestinationError,
    DuplicateNameError,
    InvalidNameError,
    PortalError,
    UnknownEntityError,
    UnknownOwnerError,
)
from ...core.golden_paths.models import GoldenPath, Question
from ...core.projects.new import NewProject, Plan, plan
from ...core.sources.questions import questions_for
from ...core.workspace.model import Workspace
from ..widgets.search_pick import Item

# Root questions with a step of their own rather than a form field.
OWN_STEPS = ("golden_path", "owner", "consumes")
TITLES = {
    "path": "Pick a golden path",
    "questions": "Answer its questions",
    "owner": "Pick the owning team",
    "datasets": "Pick the datasets it reads",
    "destination": "Choose where it goes",
    "review": "Review",
    "create": "Creating",
    "result": "Done",
}


@dataclass(frozen=True)
class Problem:
    """An error to show: on which step, next to which field (None: the step's own)."""

    step: str | None
    field: str | None
    text: str


@dataclass
class WizardState:
    workspace: Workspace
    teams: list[Item] = field(default_factory=list)
    datasets: list[Item] = field(default_factory=list)
    golden_path: GoldenPath | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    owner: str | None = None
    consumes: list[str] = field(default_factory=list)
    dest: str = ""
    plan: Plan | None = None

    @property
    def name(self) -> str:
        return str(self.answers.get("project_name") or "")

    def form_questions(self) -> list[Question]:
        """The golden path's copier questions that the form asks (all of them but
        the golden path, owner and consumes, which have steps of their own)."""
        assert self.golden_path is not None
        return [
            question
            for question in questions_for(self.workspace, self.golden_path)
            if question.name not in OWN_STEPS
        ]

    def takes_consumes(self) -> bool:
        from ...core.golden_paths import answers as answer_rules

        if self.golden_path is None:
            return False
        question = next(
            (q for q in questions_for(self.workspace, self.golden_path) if q.name == "consumes"),
            None,
        )
        return question is not None and answer_rules.applies(
            question, {"golden_path": self.golden_path.name}
        )

    def steps(self) -> list[str]:
        """The steps a user goes through for the golden path picked (so far)."""
        middle = ["datasets"] if self.takes_consumes() else []
        return ["path", "questions", "owner", *middle, "destination", "review"]

    def default_dest(self) -> str:
        return f"./{self.name}" if self.name else ""

    def request(self, stand_in_owner: bool = False) -> NewProject:
        """The request as answered so far.

        Before the owner step, `stand_in_owner` puts the first team of the catalog in
        the owner's place, so that `plan()` goes on to check the name and the answers;
        the owner step then checks the real one.
        """
        assert self.golden_path is not None
        owner = self.owner
        if owner is None and stand_in_owner and self.teams:
            owner = self.teams[0].name
        data = {
            key: value
            for key, value in self.answers.items()
            if key not in ("project_name", "description")
        }
        return NewProject(
            golden_path=self.golden_path.name,
            name=self.name,
            owner=owner or "",
            dest=Path(self.dest or self.default_dest() or ".").expanduser(),
            description=self.answers.get("description"),
            consumes=list(self.consumes) if self.takes_consumes() else [],
            data=data,
        )

    def check(self, upto: str) -> Problem | None:
        """Plan with what the steps up to `upto` answered; the first error that belongs
        to one of those steps (or to none), else None. Writes nothing."""
        steps = self.steps()
        reached = steps.index(upto)
        try:
            planned = plan(self.workspace, self.request(stand_in_owner=self.owner is None))
        except PortalError as error:
            step, field_name = self.locate(error)
            if step is not None and step in steps and steps.index(step) > reached:
                return None  # a later step asks for it
            return Problem(step, field_name, describe(error))
        if upto in ("destination", "review"):
            self.plan = planned
        return None

    def locate(self, error: PortalError) -> tuple[str | None, str | None]:
        """The step, and field, whose answer `error` is about."""
        if isinstance(error, InvalidNameError):
            return "questions", "project_name"
        if isinstance(error, DuplicateNameError):
            published = self.golden_path.entity.published_name if self.golden_path else None
            if published and not error.message.startswith(repr(self.name)):
                return "questions", published
            return "questions", "project_name"
        if isinstance(error, UnknownOwnerError):
            return "owner", None
        if isinstance(error, DestinationError):
            return "destination", None
        if isinstance(error, UnknownEntityError):
            return "datasets", None
        if isinstance(error, BadInputError):
            head = error.message.split(":", 1)[0]
            if head in self.answers:
                return "questions", head
            if any(repr(name) in error.message for name in self.consumes):
                return "datasets", None
            if "consume" in error.message:
                return "datasets", None
        return None, None


def describe(error: PortalError) -> str:
    """An error as the one line paved shows: what is wrong — how to mend it."""
    return f"{error.message} — {error.hint}" if error.hint else error.message
