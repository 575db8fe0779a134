"""How long work reports progress without knowing who shows it (CLI bar, TUI widget),
and how many of its results ended each way (`tally`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class Reporter(Protocol):
    def start(self, description: str, total: int | None = None) -> None:
        """Long work begins: `total` steps, when known."""

    def advance(self, description: str | None = None, steps: int = 1) -> None:
        """A step is done; `description` says what comes next."""

    def finish(self) -> None:
        """The work is over, whether it succeeded or not."""


class NullReporter:
    """Reports nowhere: for scripts and tests."""

    def start(self, description: str, total: int | None = None) -> None:
        pass

    def advance(self, description: str | None = None, steps: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


def tally(statuses: Iterable[str]) -> str:
    """How many of each status, in name order: "3 updated, 1 conflict"."""
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
