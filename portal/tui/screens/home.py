"""The home screen: where `paved` opens, and the way to every other screen."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from ...core.errors import PortalError
from ...core.workspace.model import Workspace
from ...core.workspace.overview import is_demo, overview

ABOUT = (
    "Paved roads for data teams, who own their datasets, jobs and models into "
    "production: start a repo on a golden path, see who owns and reads every dataset, "
    "roll template updates out across the fleet."
)

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
            yield Static(ABOUT, id="home-about")
            yield Static("Reading the catalog…", id="home-counts", classes="hint")
            yield Static("", id="home-paths", classes="hint")
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
            if is_demo(self.workspace):
                yield Static(
                    Content.assemble(
                        ("This is the demo workspace", "bold"),
                        f" ({self.workspace.root}). Make your own with `paved init DIR`, "
                        "then run paved inside it or with -w DIR.",
                    ),
                    id="home-demo",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self._count()

    @work(thread=True, exit_on_error=False)
    def _count(self) -> None:
        """The catalog's counts and the golden paths, read off the first paint's path."""
        try:
            found = overview(self.workspace)
        except Exception as error:  # noqa: BLE001 - a bad catalog is said, never a crash
            text = getattr(error, "message", None) or f"{type(error).__name__}: {error}"
            self.app.call_from_thread(self._show, f"The catalog cannot be read: {text}", "")
            return
        counts = (
            f"{found.projects} projects · {found.teams} teams · {found.datasets} datasets · "
            f"template version {found.latest or 'none yet (paved release 1.0.0)'}"
        )
        self.app.call_from_thread(self._show, counts, self._golden_paths_line())

    def _show(self, counts: str, paths: str) -> None:
        if self.is_mounted:
            self.query_one("#home-counts", Static).update(counts)
            self.query_one("#home-paths", Static).update(paths)

    def action_open(self, name: str) -> None:
        self.app.open(name)  # type: ignore[attr-defined]

    def _workspace_name(self) -> str:
        return self.workspace.config.name

    def _golden_paths_line(self) -> str:
        try:
            titles = [path.title for path in self.workspace.golden_paths.values()]
        except PortalError as error:
            return f"The golden paths cannot be read: {error.message}"
        return f"Golden paths: {', '.join(titles)}" if titles else "No golden paths yet"
