"""The new-project wizard: golden path → questions → owner → datasets read →
destination → review → create → next steps.

Everything goes through the core: the questions are the golden path's copier
questions, every step is checked with `plan()` before the next (errors land next to
their field), and `create()` writes the project from a worker thread.
"""

from __future__ import annotations

import inspect
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, Header, Static

from ...core.catalog.index import open_index
from ...core.catalog.queries import list_entities
from ...core.errors import PortalError
from ...core.workspace.model import Workspace
from ..widgets.search_pick import Item
from .wizard_form import QuestionsStep
from .wizard_review import CreateStep, ResultStep, ReviewStep
from .wizard_state import TITLES, Problem, WizardState
from .wizard_steps import DatasetsStep, DestinationStep, OwnerStep, PathStep, WizardStep


class WizardScreen(Screen):
    """A new project, one step at a time; Esc goes back a step."""

    CSS_PATH = "wizard.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+n", "next", "Next"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.state = WizardState(workspace)
        self.history: list[str] = []
        self.current = "path"
        self.sub_title = "New project"

    def compose(self) -> ComposeResult:
        state = self.state
        yield Header()
        with Vertical(id="wizard"):
            yield Static("", id="wizard-progress", markup=False)
            with ContentSwitcher(initial="path", id="wizard-steps"):
                yield PathStep(state, id="path")
                yield QuestionsStep(state, id="questions")
                yield OwnerStep(state, id="owner")
                yield DatasetsStep(state, id="datasets")
                yield DestinationStep(state, id="destination")
                yield ReviewStep(state, id="review")
                yield CreateStep(state, id="create")
                yield ResultStep(state, id="result")
        yield Footer()

    async def on_mount(self) -> None:
        workspace = self.state.workspace
        with open_index(workspace.catalog_dir, workspace.index_dir) as index:
            self.state.teams = [
                Item(row["name"], row["description"] or "") for row in index.entities(kind="Group")
            ]
            self.state.datasets = [
                Item(record.name, f"{record.owner or 'no owner'} · {record.description or ''}")
                for record in list_entities(index, kind="dataset")
            ]
        await self.show("path")

    @property
    def busy(self) -> bool:
        """Writing the project: quitting or going back now would leave half of it."""
        return self.current == "create" and self.query_one(CreateStep).running

    def step(self, name: str) -> WizardStep:
        return self.query_one(f"#{name}", WizardStep)

    async def show(self, name: str) -> None:
        self.current = name
        self.query_one(ContentSwitcher).current = name
        steps = self.state.steps()
        where = f"Step {steps.index(name) + 1} of {len(steps)} · " if name in steps else ""
        self.query_one("#wizard-progress", Static).update(f"New project · {where}{TITLES[name]}")
        step = self.step(name)
        step.clear_problem()
        entered = step.enter()
        if inspect.isawaitable(entered):
            await entered

    async def on_wizard_step_done(self, event: WizardStep.Done) -> None:
        event.stop()
        name = event.step.id or ""
        if name != self.current:
            return
        if name == "review":
            self.history.append(name)
            await self.show("create")
            return
        if name != "path":
            problem = self.state.check(name)
            if problem is not None:
                await self.report(problem)
                return
        try:  # the path's questions are read here: an untrusted template stops at it
            steps = self.state.steps()
        except PortalError as error:
            self.state.golden_path = None
            said = f"{error.message} — {error.hint}" if error.hint else error.message
            self.step(name).show_problem(None, said)
            return
        self.history.append(name)
        await self.show(steps[steps.index(name) + 1])

    async def report(self, problem: Problem) -> None:
        """Show a problem next to its field, going back to its step if need be."""
        target = problem.step if problem.step in self.history else self.current
        if target != self.current:
            while self.history and self.history[-1] != target:
                self.history.pop()
            self.history.pop()
            await self.show(target)
        self.step(target).show_problem(problem.field, problem.text)

    async def on_create_step_created(self, event: CreateStep.Created) -> None:
        event.stop()
        self.query_one(ResultStep).show_result(event.result)
        self.history = []
        await self.show("result")

    async def action_back(self) -> None:
        if self.busy:
            return
        if self.current == "result":
            self.app.go_home()  # type: ignore[attr-defined]
        elif self.history:
            await self.show(self.history.pop())
        else:
            self.app.close_screen()  # type: ignore[attr-defined]

    def action_next(self) -> None:
        if not self.busy:
            self.step(self.current).submit()
