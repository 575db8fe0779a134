"""What owners keep editing: the fleet's edits to the files the platform manages.

One row per managed file of each golden path (`fleet_edits`, the call behind `paved
status --edits`): how many repos edited it against their own version's render, its
commonest edit and a suggestion (absorb it into the template, or hand the file to its
owners); the highlighted file's commonest edits in full below. The repos are read in a
Textual thread worker, which hands them to worker processes; a fault is said on screen.
"""

from __future__ import annotations

import os
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ...core.errors import PortalError
from ...core.update.owner_edits import ABSORB, HAND_OVER, EditsReport, ManagedFile, fleet_edits
from ...core.update.rows import EDIT_COLUMNS, edit_lines, edit_row
from ...core.workspace.model import Workspace
from ..widgets.rollout_progress import RolloutProgress


class EditsScreen(Screen):
    """The managed files of every golden path, and what owners changed in them."""

    CSS_PATH = "edits.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh", "Refresh"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.report: EditsReport | None = None
        self.reading = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading the fleet's managed files…", id="edits-summary")
        yield DataTable(id="edits-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="edits-detail-box"):
            yield Static("", id="edits-detail", markup=False)
        yield RolloutProgress(id="edits-progress")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in EDIT_COLUMNS:
            table.add_column(label, key=label)
        table.focus()
        self._read()

    @work(thread=True, exclusive=True, group="edits", exit_on_error=False)
    def _read(self) -> None:
        self.app.call_from_thread(self._started)
        reporter = self.app.call_from_thread(lambda: self.query_one(RolloutProgress).reporter())
        jobs = min(4, os.cpu_count() or 1)
        try:
            report = fleet_edits(self.workspace, jobs=jobs, reporter=reporter)
        except Exception as error:  # noqa: BLE001 - shown on screen, never a crash
            self.app.call_from_thread(self._fault, error)
            return
        self.app.call_from_thread(self._show, report)

    def _started(self) -> None:
        self.reading = True

    def _show(self, report: EditsReport) -> None:
        if not self.is_mounted:
            return
        self.reading = False
        self.report = report
        table = self.query_one(DataTable)
        table.clear()
        for number, file in enumerate(report.files):
            table.add_row(*edit_row(file), key=str(number))
        edited = sum(1 for file in report.files if file.edited)
        absorb = sum(1 for file in report.files if file.suggests == ABSORB)
        hand = sum(1 for file in report.files if file.suggests == HAND_OVER)
        skipped = f" · {len(report.skipped)} not read" if report.skipped else ""
        self.query_one("#edits-summary", Static).update(
            f"{report.repos} repos · {edited} of {len(report.files)} managed files edited · "
            f"{absorb} edits to absorb · {hand} files to hand to owners{skipped} · Esc back"
        )
        if report.files:
            self._detail(report.files[0])

    def _fault(self, error: Exception) -> None:
        if not self.is_mounted:
            return
        self.reading = False
        message = error.message if isinstance(error, PortalError) else f"{error}"
        summary = self.query_one("#edits-summary", Static)
        summary.add_class("-fault")
        summary.update(f"{message} — press r to try again")
        self.notify(message, title="Edits", severity="error")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if self.report is not None and event.row_key.value is not None:
            self._detail(self.report.files[int(event.row_key.value)])

    def _detail(self, file: ManagedFile) -> None:
        lines = edit_lines(file) if file.edits else [f"{file.golden_path}: {file.file}: no edits"]
        self.query_one("#edits-detail", Static).update("\n".join(lines))

    def action_refresh(self) -> None:
        if not self.reading:
            self.query_one("#edits-summary", Static).remove_class("-fault")
            self._read()

    def action_back(self) -> None:
        self.app.pop_screen()
