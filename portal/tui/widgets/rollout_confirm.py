"""Asking before a real rollout: how many repos, to which version, and its options.

A dry run needs no question; a rollout writes a branch in every selected repo, so it
waits for an explicit yes. The answer is a `RolloutOptions`, or None when cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Static


@dataclass(frozen=True)
class RolloutOptions:
    check: bool = False
    push: bool = False
    on_conflict: str = "report"


class ConfirmRollout(ModalScreen[RolloutOptions | None]):
    """Roll out `version` to `count` projects? With checks, push, conflicts on a branch."""

    DEFAULT_CSS = """
    ConfirmRollout { align: center middle; }
    ConfirmRollout > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: thick $warning 70%; background: $surface; padding: 0 1;
    }
    ConfirmRollout .confirm-about { color: $text-muted; margin-bottom: 1; }
    ConfirmRollout Checkbox { margin-bottom: 1; }
    ConfirmRollout Horizontal { height: auto; }
    ConfirmRollout Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, version: str, count: int) -> None:
        super().__init__()
        self.version = version
        self.count = count

    def compose(self) -> ComposeResult:
        repos = "1 project" if self.count == 1 else f"{self.count} projects"
        with Vertical():
            yield Static(f"Roll {self.version} out to {repos}?", classes="heading")
            yield Static(
                "Each repo gets a branch paved/update-…; its default branch is not touched. "
                "Conflicts are reported and left out unless you commit them to the branch.",
                classes="confirm-about",
            )
            yield Checkbox(
                "Run the golden path's checks on each branch", id="confirm-check", compact=True
            )
            yield Checkbox(
                "Push each branch where the repo has a remote", id="confirm-push", compact=True
            )
            yield Checkbox(
                "Commit conflicts (with markers) to the branch", id="confirm-branch", compact=True
            )
            with Horizontal():
                yield Button("Roll out", variant="warning", id="confirm-yes")
                yield Button("Cancel", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id != "confirm-yes":
            self.dismiss(None)
            return
        self.dismiss(
            RolloutOptions(
                check=self.query_one("#confirm-check", Checkbox).value,
                push=self.query_one("#confirm-push", Checkbox).value,
                on_conflict="branch"
                if self.query_one("#confirm-branch", Checkbox).value
                else "report",
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
