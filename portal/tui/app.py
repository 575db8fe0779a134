"""`PavedApp`: the Textual application that holds the paved screens."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from ..core.workspace.model import Workspace

STARTS = ("home", "wizard", "browser", "fleet")


class PavedApp(App[None]):
    """The paved TUI on one platform workspace, opened on `start`."""

    TITLE = "paved"
    CSS_PATH = "app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(self, workspace: Workspace, start: str = "home") -> None:
        if start not in STARTS:
            raise ValueError(f"start must be one of {', '.join(STARTS)}, not {start!r}")
        super().__init__()
        self.workspace = workspace
        self.start = start
        self.sub_title = workspace.config.name

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(self.start))

    def make_screen(self, name: str) -> Screen:
        """The screen called `name`; each is imported only when it is first opened."""
        if name == "home":
            from .screens.home import HomeScreen

            return HomeScreen(self.workspace)
        if name == "wizard":
            from .screens.wizard import WizardScreen

            return WizardScreen(self.workspace)
        if name == "browser":
            from .screens.browser import CatalogBrowserScreen

            return CatalogBrowserScreen(self.workspace)
        if name == "fleet":
            from .screens.fleet import FleetScreen

            return FleetScreen(self.workspace)
        raise ValueError(f"no screen named {name!r}; the screens are: {', '.join(STARTS)}")

    def open(self, name: str) -> None:
        """Open a screen over the current one (Esc on it comes back here)."""
        self.push_screen(self.make_screen(name))

    def close_screen(self) -> None:
        """Leave the current screen: back to the one below, or quit if it is the first."""
        if len(self.screen_stack) > 2:  # the default screen, then the first one pushed
            self.pop_screen()
        else:
            self.exit()

    def go_home(self) -> None:
        """Back to the home screen; quit when the app was not opened on it."""
        from .screens.home import HomeScreen

        if not any(isinstance(screen, HomeScreen) for screen in self.screen_stack):
            self.exit()
            return
        while not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    async def action_quit(self) -> None:
        """Quit, unless a project is being written: then say so and wait."""
        if getattr(self.screen, "busy", False):
            self.notify("paved is writing the project: quit when it is done.", severity="warning")
            return
        self.exit()
