"""Pick from a catalog list by typing: a filter box over a list that narrows as you type.

`SearchPick` picks one item (the owner); `SearchMultiPick` picks any number (the
datasets a project consumes), keeping what was chosen while the filter changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

# More matches than this are not listed: typing narrows them.
SHOWN = 200


@dataclass(frozen=True)
class Item:
    """One thing to pick: its name (the value) and a line about it."""

    name: str
    about: str = ""

    def matches(self, text: str) -> bool:
        words = text.lower().split()
        haystack = f"{self.name} {self.about}".lower()
        return all(word in haystack for word in words)

    def label(self) -> Content:
        if not self.about:
            return Content(self.name)
        return Content.assemble((self.name, "bold"), "  ", (self.about, "dim"))


class _Filter(Input):
    """The filter box: Down moves into the list below."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("down", "into_list", show=False)]

    def action_into_list(self) -> None:
        self.screen.focus_next()


class SearchPick(Vertical):
    """Type to filter, arrows to move, Enter to pick one item."""

    DEFAULT_CSS = """
    SearchPick { height: auto; }
    SearchPick > OptionList { height: auto; max-height: 12; }
    SearchPick > .pick-count { color: $text-muted; }
    """

    class Picked(Message):
        def __init__(self, picker: SearchPick, name: str) -> None:
            super().__init__()
            self.picker = picker
            self.name = name

        @property
        def control(self) -> SearchPick:
            return self.picker

    def __init__(self, items: list[Item], placeholder: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items = items
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield _Filter(placeholder=self.placeholder, classes="pick-filter", compact=True)
        yield OptionList(classes="pick-list")
        yield Static("", classes="pick-count")

    def on_mount(self) -> None:
        self.refilter("")

    @property
    def filter_input(self) -> Input:
        return self.query_one(".pick-filter", Input)

    def refilter(self, text: str) -> None:
        matches = [item for item in self.items if item.matches(text)]
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(item.label(), id=item.name) for item in matches[:SHOWN]])
        if matches:
            options.highlighted = 0
        self.query_one(".pick-count", Static).update(_count(len(matches), len(self.items)))

    def highlight(self, name: str) -> None:
        options = self.query_one(OptionList)
        for index in range(options.option_count):
            if options.get_option_at_index(index).id == name:
                options.highlighted = index
                return

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refilter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            self.post_message(self.Picked(self, option.id or ""))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(self, event.option.id or ""))

    def on_key(self, event: events.Key) -> None:
        _up_to_filter(self, OptionList, event)


class SearchMultiPick(Vertical):
    """Type to filter, arrows to move, Space to pick or drop an item."""

    DEFAULT_CSS = """
    SearchMultiPick { height: auto; }
    SearchMultiPick > SelectionList { height: auto; max-height: 10; }
    SearchMultiPick > .pick-count { color: $text-muted; }
    SearchMultiPick > .pick-chosen { margin-top: 1; }
    """

    def __init__(self, items: list[Item], placeholder: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items = items
        self.placeholder = placeholder
        self.chosen: list[str] = []
        self._shown: list[str] = []

    def compose(self) -> ComposeResult:
        yield _Filter(placeholder=self.placeholder, classes="pick-filter", compact=True)
        yield SelectionList[str](classes="pick-list")
        yield Static("", classes="pick-count")
        yield Static("", classes="pick-chosen", markup=False)

    def on_mount(self) -> None:
        self.refilter("")

    @property
    def filter_input(self) -> Input:
        return self.query_one(".pick-filter", Input)

    def set_items(self, items: list[Item]) -> None:
        self.items = items
        known = {item.name for item in items}
        self.chosen = [name for name in self.chosen if name in known]
        self.refilter(self.filter_input.value)

    def refilter(self, text: str) -> None:
        matches = [item for item in self.items if item.matches(text)]
        selection = self.query_one(SelectionList)
        self._shown = [item.name for item in matches[:SHOWN]]
        with selection.prevent(SelectionList.SelectedChanged):
            selection.clear_options()
            selection.add_options(
                [(item.label(), item.name, item.name in self.chosen) for item in matches[:SHOWN]]
            )
            if matches:
                selection.highlighted = 0
        self.query_one(".pick-count", Static).update(_count(len(matches), len(self.items)))
        self._show_chosen()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refilter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(SelectionList).focus()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        event.stop()
        selected = set(event.selection_list.selected)
        shown = set(self._shown)
        # In the order they were picked: the first dataset a model service consumes
        # is the one it trains on.
        kept = [name for name in self.chosen if name not in shown or name in selected]
        added = [name for name in self._shown if name in selected and name not in kept]
        self.chosen = kept + added
        self._show_chosen()

    def _show_chosen(self) -> None:
        text = f"Chosen: {', '.join(self.chosen)}" if self.chosen else "Chosen: none"
        self.query_one(".pick-chosen", Static).update(text)

    def on_key(self, event: events.Key) -> None:
        _up_to_filter(self, SelectionList, event)


def _up_to_filter(picker: SearchPick | SearchMultiPick, kind: type, event: events.Key) -> None:
    """Up from the top of the list goes back to the filter box."""
    listing = picker.query_one(kind)
    if event.key == "up" and listing.has_focus and listing.highlighted in (None, 0):
        event.stop()
        event.prevent_default()
        picker.filter_input.focus()


def _count(found: int, total: int) -> str:
    if found > SHOWN:
        return f"{found} of {total} match; the first {SHOWN} are listed: type to narrow"
    return f"{found} of {total} match"
