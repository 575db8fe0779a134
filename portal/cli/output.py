"""The CLI's one output channel: data on stdout, progress and errors on stderr.

rich is imported when something is printed for a person, not for `--json`: a lookup
that prints JSON does not pay for it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

_UNBOUNDED = 1_000_000  # a table's width in a pipe: its widest row's


class Output:
    @cached_property
    def out(self) -> Console:
        from rich.console import Console

        return Console(soft_wrap=True)

    @cached_property
    def err(self) -> Console:
        from rich.console import Console

        return Console(stderr=True)

    # Data --------------------------------------------------------------------

    def json(self, value: Any) -> None:
        """Machine-readable output: one JSON document on stdout (indented for a person)."""
        indent = 2 if sys.stdout.isatty() else None
        # Answers are trees of records, never cyclic: no bookkeeping of every container.
        text = json.dumps(
            value, indent=indent, ensure_ascii=False, default=_plain, check_circular=False
        )
        sys.stdout.write(text + "\n")

    def document(self, text: str) -> None:
        """A document (markdown) on stdout, byte for byte as the core wrote it."""
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()

    def table(
        self, columns: Sequence[str], rows: Iterable[Sequence[Any]], title: str | None = None
    ) -> None:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, title_justify="left", header_style="bold", box=None)
        for number, column in enumerate(columns, start=1):
            last = number == len(columns)
            table.add_column(column, no_wrap=not last, overflow="fold" if last else "ellipsis")
        for row in rows:
            table.add_row(*("" if cell is None else str(cell) for cell in row))
        if self.out.is_terminal:
            self.out.print(table)
            return
        # A pipe or a CI log: every value whole, never cut to a width nothing asked for.
        wide = Console(width=_UNBOUNDED, soft_wrap=True, no_color=True)
        with wide.capture() as captured:
            wide.print(table)
        lines = (line.rstrip() for line in captured.get().splitlines())
        sys.stdout.write("".join(line + "\n" for line in lines))

    def fields(self, title: str, pairs: Sequence[tuple[str, Any]]) -> None:
        from rich.markup import escape

        self.out.print(f"[bold]{title}[/bold]")
        width = max((len(key) for key, _ in pairs), default=0)
        for key, value in pairs:
            shown = "—" if value in (None, "", []) else value
            if isinstance(shown, list):
                shown = ", ".join(map(str, shown))
            self.out.print(
                f"  [dim]{key.ljust(width)}[/dim]  {escape(str(shown))}", highlight=False
            )

    def line(self, text: str = "", markup: bool = False) -> None:
        """A line of text; rich markup only when asked, so data is printed as it is."""
        self.out.print(text, highlight=False, markup=markup)

    # Questions ---------------------------------------------------------------

    def ask(self, label: str, default: Any = None) -> str:
        """A question on stderr, answered on stdin: the default when the answer is
        empty, else asked again. stdout stays data."""
        has_default = default not in (None, "")
        shown = f"{label} [{default}]: " if has_default else f"{label}: "
        while True:
            try:
                answer = self.err.input(shown, markup=False)
            except EOFError:
                from ..core.errors import BadInputError

                raise BadInputError(
                    f"no answer to {label!r}: the input ended",
                    "answer at a terminal, or give every value as an option",
                ) from None
            if answer.strip():
                return answer
            if has_default:
                return str(default)

    def note(self, text: str) -> None:
        """A line for the person at the terminal, on stderr, as it is."""
        self.err.print(text, markup=False, highlight=False, soft_wrap=True)

    # Errors and progress -----------------------------------------------------

    def error(self, message: str, hint: str = "") -> None:
        """One line on stderr: what is wrong, and how to mend it."""
        text = f"paved: error: {_one_line(message)}" + (f" — {_one_line(hint)}" if hint else "")
        self.err.print(text, markup=False, highlight=False, soft_wrap=True)

    def warn(self, message: str) -> None:
        self.err.print(f"paved: {message}", markup=False, highlight=False, soft_wrap=True)

    def progress(self, enabled: bool = True) -> ProgressReporter:
        return ProgressReporter(self.err, enabled)

    def progress_if_needed(self) -> LazyProgress:
        """A progress bar on a terminal, made only if work starts (rich costs imports)."""
        return LazyProgress(self)


class ProgressReporter:
    """A rich progress bar on stderr, as the core's Reporter."""

    def __init__(self, console: Console, enabled: bool) -> None:
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not enabled,
        )
        self._task: Any = None

    def start(self, description: str, total: int | None = None) -> None:
        self._progress.start()
        self._task = self._progress.add_task(description, total=total)

    def advance(self, description: str | None = None, steps: int = 1) -> None:
        if self._task is not None:
            self._progress.update(self._task, advance=steps, description=description or None)

    def finish(self) -> None:
        self._progress.stop()


class LazyProgress:
    """The core's Reporter that makes its progress bar when work starts, if ever."""

    def __init__(self, output: Output) -> None:
        self._output = output
        self._bar: ProgressReporter | None = None

    def start(self, description: str, total: int | None = None) -> None:
        self._bar = self._output.progress(enabled=self._output.err.is_terminal)
        self._bar.start(description, total)

    def advance(self, description: str | None = None, steps: int = 1) -> None:
        if self._bar is not None:
            self._bar.advance(description, steps)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.finish()


def _one_line(text: str) -> str:
    """Control characters a user typed (a trailing newline) shown, not obeyed."""
    return text.translate({10: "\\n", 13: "\\r", 9: "\\t"})


def _plain(value: Any) -> Any:
    """What json cannot encode by itself: result models, dataclasses, paths.

    Dataclasses first, and tested on their class: an answer holds thousands of them.
    """
    if hasattr(type(value), "__dataclass_fields__"):  # an instance, not the class
        return vars(value)
    if hasattr(value, "model_dump"):  # a pydantic model
        return value.model_dump(mode="json")
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
