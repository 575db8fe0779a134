"""The wizard's steps but the form and the review: golden path, owner, datasets,
destination. Each step is a widget in the wizard's ContentSwitcher."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ..widgets.search_pick import SearchMultiPick, SearchPick
from .wizard_state import WizardState


class WizardStep(VerticalScroll):
    """A step of the wizard: shown by `enter()`, finished by posting `Done`."""

    class Done(Message):
        """The step is answered: the wizard checks it and moves on."""

        def __init__(self, step: WizardStep) -> None:
            super().__init__()
            self.step = step

    def __init__(self, state: WizardState, *, id: str) -> None:
        super().__init__(id=id, classes="wizard-step")
        self.state = state

    def enter(self) -> None:
        """The step is shown: fill it from the state and focus its first control."""

    def submit(self) -> None:
        """Ctrl+N or the Next button: save the answers into the state, post `Done`."""
        self.post_message(self.Done(self))

    def show_problem(self, field: str | None, text: str) -> None:
        """Show an error next to `field` (or at the top of the step)."""
        self.query_one(".step-error", Static).update(text)
        self.query_one(".step-error", Static).display = True

    def clear_problem(self) -> None:
        for widget in self.query(".step-error"):
            widget.display = False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.has_class("next"):
            event.stop()
            self.submit()


def error_line() -> Static:
    line = Static("", classes="step-error error", markup=False)
    line.display = False
    return line


class PathStep(WizardStep):
    """Pick a golden path: each with its title and what it is for."""

    def compose(self) -> ComposeResult:
        yield Static("Which kind of project is it?", classes="step-intro")
        yield OptionList(
            *(
                Option(Content.assemble((path.title, "bold"), "\n", path.summary), id=path.name)
                for path in self.state.workspace.golden_paths.values()
            ),
            id="golden-paths",
        )
        yield error_line()

    def enter(self) -> None:
        options = self.query_one(OptionList)
        if self.state.golden_path is not None:
            options.highlighted = options.get_option_index(self.state.golden_path.name)
        options.focus()

    def submit(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._pick(options.get_option_at_index(options.highlighted).id or "")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._pick(event.option.id or "")

    def _pick(self, name: str) -> None:
        path = self.state.workspace.golden_path(name)
        if self.state.golden_path != path:
            self.state.golden_path = path
            self.state.answers = {}
            self.state.consumes = []
        self.post_message(self.Done(self))


class OwnerStep(WizardStep):
    """Pick the owning team from the catalog, typing to narrow the list."""

    def compose(self) -> ComposeResult:
        yield Static(
            "Which team owns it? Type to filter, arrows to move, Enter to pick.",
            classes="step-intro",
        )
        yield SearchPick(self.state.teams, "Filter the teams", id="owner-pick")
        yield error_line()

    def enter(self) -> None:
        picker = self.query_one(SearchPick)
        if picker.items is not self.state.teams:
            picker.items = self.state.teams
            picker.refilter(picker.filter_input.value)
        if self.state.owner:
            picker.highlight(self.state.owner)
        picker.filter_input.focus()

    def submit(self) -> None:
        self.query_one(SearchPick).filter_input.action_submit()

    def on_search_pick_picked(self, event: SearchPick.Picked) -> None:
        event.stop()
        self.state.owner = event.name
        self.post_message(self.Done(self))


class DatasetsStep(WizardStep):
    """Pick the catalog datasets the project reads (any number, in order)."""

    def compose(self) -> ComposeResult:
        yield Static(
            "Which datasets does it read? Type to filter, Space to pick, Tab to Next.",
            classes="step-intro",
        )
        yield SearchMultiPick(self.state.datasets, "Filter the datasets", id="datasets-pick")
        yield error_line()
        yield Button("Next", classes="next", variant="primary")

    def enter(self) -> None:
        picker = self.query_one(SearchMultiPick)
        if picker.items is not self.state.datasets:
            picker.set_items(self.state.datasets)
        picker.filter_input.focus()

    def submit(self) -> None:
        self.state.consumes = list(self.query_one(SearchMultiPick).chosen)
        self.post_message(self.Done(self))


class DestinationStep(WizardStep):
    """Where the new repo goes: a new or empty folder, ./NAME by default."""

    def compose(self) -> ComposeResult:
        yield Static("Where does the new repo go? A new or empty folder.", classes="step-intro")
        yield Input(id="destination-folder", compact=True)
        yield error_line()
        yield Button("Next", classes="next", variant="primary")

    def enter(self) -> None:
        field = self.query_one(Input)
        field.value = self.state.dest or self.state.default_dest()
        field.focus()

    def submit(self) -> None:
        value = self.query_one(Input).value.strip()
        # Left at ./NAME, the destination follows the name if the user goes back.
        self.state.dest = "" if value == self.state.default_dest() else value
        if not value:
            self.show_problem(
                None,
                "give a folder for the new repo, e.g. "
                + (self.state.default_dest() or "./orders_daily"),
            )
            return
        self.post_message(self.Done(self))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.clear_problem()
