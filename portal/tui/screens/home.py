"""The home screen: where `paved` opens, and the way to every other screen."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...core.workspace import Workspace

# (screen, key, title, what it is for)
DESTINATIONS = (
    ("wizard", "n", "New project", "Start a repo on a golden path, recorded in the catalog"),
    ("browser", "c", "Catalog", "Find who owns a project or a dataset, and who consumes it"),
    ("fleet", "f", "Fleet", "See who is behind on the templates, and roll updates out"),
)


class HomeScreen(Screen):
    """New project, catalog, fleet: pick one with its key, or the arrows and Enter."""

    CSS_PATH = "home.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, f"open('{name}')", title) for name, key, title, _ in DESTINATIONS
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(
                Content.assemble(
                    ("paved", "bold"),
                    " · the developer portal of ",
                    (self._workspace_name(), "bold"),
                ),
                id="home-title",
            )
            yield Static(self._golden_paths_line(), id="home-paths", classes="hint")
            yield OptionList(
                *(
                    Option(
                        Content.assemble((f"{title}", "bold"), f"  [{key}]\n", (about, "dim")),
                        id=name,
                    )
                    for name, key, title, about in DESTINATIONS
                ),
                id="home-menu",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.action_open(event.option.id)

    def action_open(self, name: str) -> None:
        self.app.open(name)  # type: ignore[attr-defined]

    def _workspace_name(self) -> str:
        return self.workspace.config.name

    def _golden_paths_line(self) -> str:
        titles = [path.title for path in self.workspace.golden_paths.values()]
        return f"Golden paths: {', '.join(titles)}" if titles else "No golden paths yet"
