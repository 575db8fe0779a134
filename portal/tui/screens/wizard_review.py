"""The wizard's last steps: review what will be written, create it with progress,
and the result with its next steps."""

from __future__ import annotations

import threading
from itertools import count
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, LoadingIndicator, ProgressBar, Static, Tree

from ...core.errors import PortalError
from ...core.projects.new import NewProject, NewProjectResult, Plan, create, plan
from ...core.projects.preview import planned_files
from .wizard_state import describe
from .wizard_steps import WizardStep, error_line

# Copier changes the working directory while it renders: one render at a time.
RENDER_LOCK = threading.Lock()


class ReviewStep(WizardStep):
    """The answers, and the tree of files the project will have, before anything is
    written; Create (or Ctrl+N) writes it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._previews = count()
        self._preview = -1
        self.files: list[str] | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="review-answers", markup=False)
        yield Static("Files it will have:", classes="heading")
        yield LoadingIndicator(id="review-loading")
        yield Tree("", id="review-files")
        yield error_line()
        yield Button("Create", classes="next", variant="success", id="review-create")

    def enter(self) -> None:
        planned = self.state.plan
        assert planned is not None
        self.query_one("#review-answers", Static).update(self._summary(planned))
        self.files = None
        self.query_one("#review-loading").display = True
        self.query_one(Tree).display = False
        self.query_one("#review-create", Button).disabled = True
        self._preview = next(self._previews)
        self._list_files(planned, self._preview)

    def submit(self) -> None:
        if self.files is None:
            self.app.notify("Listing the files first; Create in a moment.")
            return
        self.post_message(self.Done(self))

    def _summary(self, planned: Plan) -> str:
        state = self.state
        path = state.golden_path
        assert path is not None
        rows = [
            ("golden path", f"{path.title} ({planned.tag})"),
            ("project", f"{state.name}, owned by {state.owner}"),
            ("destination", state.dest or state.default_dest()),
        ]
        if state.takes_consumes():
            rows.append(("reads", ", ".join(state.consumes) or "no catalog dataset"))
        rows += [
            (question.name.replace("_", " "), str(planned.answers[question.name]))
            for question in state.form_questions()
            if question.name in planned.answers and question.name != "project_name"
        ]
        width = max(len(key) for key, _ in rows)
        return "\n".join(f"{key.ljust(width)}  {value}" for key, value in rows)

    @work(thread=True, exclusive=True, group="preview")
    def _list_files(self, planned: Plan, preview: int) -> None:
        try:
            with RENDER_LOCK:
                files = planned_files(self.state.workspace, planned)
        except PortalError as error:
            self.app.call_from_thread(self._preview_failed, preview, describe(error))
            return
        self.app.call_from_thread(self._show_files, preview, files)

    def _show_files(self, preview: int, files: list[str]) -> None:
        if preview != self._preview:
            return  # the answers changed since: a newer preview is coming
        self.files = files
        tree: Tree[None] = self.query_one(Tree)
        tree.clear()
        tree.root.set_label(self.state.dest or self.state.default_dest())
        folders: dict[tuple[str, ...], Any] = {(): tree.root}
        for file in files:
            parts = tuple(file.split("/"))
            for depth in range(1, len(parts)):
                if parts[:depth] not in folders:
                    folders[parts[:depth]] = folders[parts[: depth - 1]].add(
                        parts[depth - 1] + "/", expand=True
                    )
            folders[parts[:-1]].add_leaf(parts[-1])
        tree.root.expand()
        self.query_one("#review-loading").display = False
        tree.display = True
        create_button = self.query_one("#review-create", Button)
        create_button.disabled = False
        create_button.focus()

    def _preview_failed(self, preview: int, text: str) -> None:
        if preview == self._preview:
            self.query_one("#review-loading").display = False
            self.show_problem(None, text)


class TuiReporter:
    """The core's Reporter, driving the create step's progress bar from the worker
    thread that creates the project."""

    def __init__(self, step: CreateStep) -> None:
        self.step = step

    def start(self, description: str, total: int | None = None) -> None:
        self.step.app.call_from_thread(self.step.progress, description, total, 0)

    def advance(self, description: str | None = None, steps: int = 1) -> None:
        self.step.app.call_from_thread(self.step.progress, description, None, steps)

    def finish(self) -> None:
        self.step.app.call_from_thread(self.step.progress, None, None, 0)


class CreateStep(WizardStep):
    """Writes the project in a worker thread, with a progress bar; Esc after a
    failure goes back to the review."""

    class Created(Message):
        def __init__(self, result: NewProjectResult) -> None:
            super().__init__()
            self.result = result

    running = False

    def compose(self) -> ComposeResult:
        yield Static("", id="create-status", markup=False)
        yield ProgressBar(id="create-progress", show_eta=False)
        yield error_line()

    def enter(self) -> None:
        self.clear_problem()
        self.query_one(ProgressBar).update(total=None, progress=0)
        self.query_one("#create-status", Static).update("Checking the answers once more")
        self.running = True
        self._create(self.state.request())

    def progress(self, description: str | None, total: int | None, steps: int) -> None:
        bar = self.query_one(ProgressBar)
        if total is not None:
            bar.update(total=total, progress=0)
        if steps:
            bar.advance(steps)
        if description:
            self.query_one("#create-status", Static).update(description)

    @work(thread=True, exclusive=True, group="create")
    def _create(self, request: NewProject) -> None:
        try:
            with RENDER_LOCK:
                result = create(
                    self.state.workspace, plan(self.state.workspace, request), TuiReporter(self)
                )
        except PortalError as error:
            self.app.call_from_thread(self._failed, describe(error))
            return
        self.app.call_from_thread(self._done, result)

    def _done(self, result: NewProjectResult) -> None:
        self.running = False
        self.post_message(self.Created(result))

    def _failed(self, text: str) -> None:
        self.running = False
        self.query_one("#create-status", Static).update("Nothing was written.")
        self.show_problem(None, f"{text}  (Esc goes back to the review)")


class ResultStep(WizardStep):
    """What was created, where it is recorded, and what to do next."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.result: NewProjectResult | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="result-summary", markup=False)
        yield Static("Next steps:", classes="heading")
        yield Static("", id="result-next-steps", markup=False)
        with Horizontal(id="result-buttons"):
            yield Button("Done", classes="next", variant="primary", id="result-done")

    def show_result(self, result: NewProjectResult) -> None:
        self.result = result
        path = self.state.workspace.golden_path(result.golden_path)
        catalog_file = result.catalog_file.relative_to(self.state.workspace.root)
        self.query_one("#result-summary", Static).update(
            f"Created {result.name} from the {path.title} golden path at "
            f"{result.template_version}, owned by {result.owner}: {len(result.files)} files.\n"
            f"Recorded in the catalog: {catalog_file}"
        )
        self.query_one("#result-next-steps", Static).update(
            "\n".join(f"  {step}" for step in result.next_steps)
        )

    def enter(self) -> None:
        self.query_one("#result-done", Button).focus()

    def submit(self) -> None:
        self.app.go_home()  # type: ignore[attr-defined]
