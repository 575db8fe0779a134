"""A progress bar and a line of what happens now, fed by the core's `Reporter` protocol
from the worker thread doing the work (a drift check, a rollout)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static


class RolloutProgress(Vertical):
    """Hidden until work starts; `reporter()` gives the object to pass to the core."""

    DEFAULT_CSS = """
    RolloutProgress { height: auto; display: none; padding: 0 1; }
    RolloutProgress.-running { display: block; }
    RolloutProgress > Static { color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield ProgressBar(show_eta=False)
        yield Static("", markup=False)

    def reporter(self) -> ThreadReporter:
        return ThreadReporter(self)

    def started(self, description: str, total: int | None) -> None:
        self.add_class("-running")
        self.query_one(ProgressBar).update(total=total, progress=0)
        self.query_one(Static).update(description)

    def advanced(self, description: str | None, steps: int) -> None:
        self.query_one(ProgressBar).advance(steps)
        if description:
            self.query_one(Static).update(description)

    def finished(self) -> None:
        self.remove_class("-running")


class ThreadReporter:
    """The core's Reporter, called from a worker thread, shown by a RolloutProgress."""

    def __init__(self, progress: RolloutProgress) -> None:
        self.progress = progress
        self.app: App = progress.app

    def start(self, description: str, total: int | None = None) -> None:
        self.app.call_from_thread(self.progress.started, description, total)

    def advance(self, description: str | None = None, steps: int = 1) -> None:
        self.app.call_from_thread(self.progress.advanced, description, steps)

    def finish(self) -> None:
        self.app.call_from_thread(self.progress.finished)
