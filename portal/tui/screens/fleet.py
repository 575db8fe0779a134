"""The fleet view: who is behind on the templates, and rolling updates out to them.

The drift table lists the catalog's projects at once, then fills in each one's
content drift from `fleet_status` (renders and a merge per repo, nothing written).
Select rows, start a dry run or a rollout (`run_rollout`, the call behind
`paved update --all`): rows show each repo's result as it finishes, then the results
table replaces the drift table. Both core calls run in Textual thread workers, which
hand the repos to worker processes; a fault in them is said on screen, never a crash.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Footer, Header, Static
from textual.worker import get_current_worker

from ...core.catalog.index import open_index
from ...core.errors import PortalError
from ...core.update.journal import RepoResult
from ...core.update.rollout import RolloutRequest, RolloutResult, run_rollout
from ...core.update.status import DriftRecord, fleet_status
from ...core.workspace.model import Workspace
from ..widgets.rollout_confirm import ConfirmRollout, RolloutOptions
from ..widgets.rollout_progress import RolloutProgress
from ..widgets.rollout_results import STATUS_STYLE, RolloutResults

DRIFT_COLUMNS = ("", "project", "owner", "version", "latest", "drift", "last rollout")
_DRIFT_KEYS = tuple(label or "mark" for label in DRIFT_COLUMNS)
_CHANGING = frozenset({"mark", "version", "drift", "last rollout"})  # cells a row updates
# Fewer projects than this are compared in this process; more, in worker processes
# (plain child processes: see core.update.workers).
IN_PROCESS = 8


class _Cancelled(Exception):
    """The screen went away while its drift check ran."""


class FleetScreen(Screen):
    """The drift table, a selection, and dry runs or rollouts on it."""

    CSS_PATH = "fleet.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle", "Select"),
        Binding("a", "select_all", "All"),
        Binding("b", "select_behind", "Behind"),
        Binding("d", "dry_run", "Dry run"),
        Binding("u", "roll_out", "Roll out"),
        Binding("e", "edits", "Edits"),
        Binding("r", "refresh", "Refresh", show=False),
        Binding("escape", "back", "Back", show=False),  # said on the results; room for q
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.records: dict[str, DriftRecord] = {}
        self.selected: set[str] = set()
        self.result: RolloutResult | None = None
        self.latest: str | None = None
        self.checking = False  # fleet_status is running
        self.running = False  # a dry run or a rollout is running
        self._live: dict[str, str] = {}  # each repo's state in the last run, until rechecked
        self._dry = False

    @property
    def busy(self) -> bool:
        """A rollout is writing branches: the app waits before quitting."""
        return self.running

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="fleet-summary")
        with ContentSwitcher(initial="fleet-drift", id="fleet-views"):
            yield DataTable(id="fleet-drift", cursor_type="row", zebra_stripes=True)
            yield RolloutResults(id="fleet-results-view")
        yield RolloutProgress(id="fleet-progress")
        yield Footer()

    def on_mount(self) -> None:
        drift = self.query_one("#fleet-drift", DataTable)
        for label in DRIFT_COLUMNS:
            drift.add_column(label, key=label or "mark")
        drift.focus()
        self._list_projects()

    # The drift table ----------------------------------------------------------

    def _later(self, callback: Callable[..., object], *args: object) -> None:
        """From a worker thread: `callback(*args)` on the app's thread, while this
        screen is still mounted (the thread may outlive it)."""

        def if_mounted() -> None:
            if self.is_mounted:
                callback(*args)

        self.app.call_from_thread(if_mounted)

    @work(thread=True, group="status", exit_on_error=False)
    def _list_projects(self) -> None:
        """The catalog's projects at once; each one's drift as soon as it is known."""
        try:
            latest = self.workspace.require_latest_tag()
            with open_index(self.workspace.catalog_dir, self.workspace.index_dir) as index:
                rows = [
                    (row["name"], row["owner"], row["template_version"])
                    for row in index.entities(kind="Component")
                ]
        except Exception as error:  # noqa: BLE001 - shown on screen, never a crash
            self._later(self._fault, error)
            return
        self._later(self._show_projects, latest, rows)
        if rows:
            self._check_drift(len(rows))

    def _show_projects(self, latest: str, rows: list[tuple[str, str | None, str | None]]) -> None:
        self.latest = latest
        self.checking = bool(rows)
        self.records = {}
        for name, owner, version in rows:
            self.records[name] = DriftRecord(name, owner, None, None, version, latest, None, None)
        self._fill_drift()
        if not rows:
            self._say("No projects in the catalog yet.", "create one with `paved new` (n on home)")

    def _check_drift(self, count: int) -> None:
        """In the worker thread: every project's drift, each shown as it comes."""
        worker = get_current_worker()
        reporter = self.app.call_from_thread(lambda: self.query_one(RolloutProgress).reporter())
        jobs = 1 if count < IN_PROCESS else min(4, os.cpu_count() or 1)

        def on_record(record: DriftRecord) -> None:
            if worker.is_cancelled:  # the screen is gone: stop the workers too
                raise _Cancelled
            self._later(self._record_done, record)

        try:
            fleet_status(self.workspace, jobs=jobs, reporter=reporter, on_record=on_record)
        except _Cancelled:
            return
        except Exception as error:  # noqa: BLE001 - shown on screen, never a crash
            self._later(self._fault, error)
        else:
            self._later(self._drift_done)

    def _record_done(self, record: DriftRecord) -> None:
        if record.project in self.records:
            self.records[record.project] = record
            self._update_row(record.project)
            self._summarise()

    def _drift_done(self) -> None:
        self.checking = False
        self._live = {}
        for name in self.records:
            self._update_row(name)
        self._summarise()

    def _fault(self, error: Exception) -> None:
        """A fault in background work: said on screen, the screen goes on."""
        self.checking = self.running = False
        for name in self.records:  # what was being compared is now unknown
            self._update_row(name)
        if isinstance(error, PortalError):
            message, hint = error.message, error.hint
        else:
            message, hint = f"{type(error).__name__}: {error}", "press r to try again"
        self._say(message, hint, fault=True)
        self.notify(message, title="Fleet", severity="error")

    def _fill_drift(self) -> None:
        table = self.query_one("#fleet-drift", DataTable)
        row = table.cursor_row
        table.clear()
        for name in self.records:
            table.add_row(*self._cells(name), key=name)
        if self.records:
            table.move_cursor(row=min(row, len(self.records) - 1))
        self._summarise()

    def _update_row(self, name: str) -> None:
        table = self.query_one("#fleet-drift", DataTable)
        for column, cell in zip(_DRIFT_KEYS, self._cells(name), strict=True):
            if column in _CHANGING:
                table.update_cell(name, column, cell, update_width=True)

    def _cells(self, name: str) -> tuple[Text, ...]:
        record = self.records[name]
        mark = Text("[x]", style="bold") if name in self.selected else Text("[ ]")
        last = self._live.get(name) or record.last_rollout or "—"
        return (
            mark,
            Text(name),
            Text(record.owner or "—"),
            Text(record.version or "?"),
            Text(record.latest),
            self._drift_cell(record),
            Text(last, style=STATUS_STYLE.get(last.split()[-1], "")),
        )

    def _drift_cell(self, record: DriftRecord) -> Text:
        if record.drift is None:
            if record.detail:
                return Text("unknown", style="italic $warning")
            return Text("checking…" if self.checking else "unknown", style="italic")
        if record.conflicts:
            return Text("behind, conflicts", style=STATUS_STYLE["conflict"])
        if record.drift:
            return Text("behind", style="bold")
        return Text("none")

    def _summarise(self) -> None:
        behind = sum(1 for record in self.records.values() if record.drift)
        parts = [f"latest {self.latest or '?'}", f"{len(self.records)} projects"]
        if self.checking:
            known = sum(1 for record in self.records.values() if record.drift is not None)
            parts.append(f"{behind} behind so far, {known}/{len(self.records)} compared")
        else:
            parts.append(f"{behind} behind")
        parts.append(f"{len(self.selected)} selected")
        summary = self.query_one("#fleet-summary", Static)
        summary.remove_class("-fault")
        summary.update(" · ".join(parts))

    def _say(self, message: str, hint: str = "", fault: bool = False) -> None:
        summary = self.query_one("#fleet-summary", Static)
        summary.set_class(fault, "-fault")
        summary.update(f"{message} — {hint}" if hint else message)

    # Selection ----------------------------------------------------------------

    def _cursor_project(self) -> str | None:
        table = self.query_one("#fleet-drift", DataTable)
        if not self.records or table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_toggle(self) -> None:
        if self.running or self.query_one(ContentSwitcher).current != "fleet-drift":
            return
        project = self._cursor_project()
        if project is not None:
            self.selected ^= {project}
            self._update_row(project)
            self._summarise()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "fleet-drift":
            self.action_toggle()

    def action_select_all(self) -> None:
        if not self.running:
            everyone = set(self.records)
            self._select(set() if self.selected == everyone else everyone)

    def action_select_behind(self) -> None:
        if not self.running:
            self._select({name for name, record in self.records.items() if record.drift})

    def _select(self, names: set[str]) -> None:
        changed = self.selected ^ names
        self.selected = names
        for name in changed:
            self._update_row(name)
        self._summarise()

    # Running ------------------------------------------------------------------

    def action_dry_run(self) -> None:
        if self._can_run():
            self._rollout(RolloutRequest(only=sorted(self.selected), dry_run=True))

    def action_roll_out(self) -> None:
        if self._can_run():
            self.app.push_screen(
                ConfirmRollout(self.latest or "the latest version", len(self.selected)),
                self._confirmed,
            )

    def _confirmed(self, options: RolloutOptions | None) -> None:
        if options is not None:
            self._rollout(
                RolloutRequest(
                    only=sorted(self.selected),
                    check=options.check,
                    push=options.push,
                    on_conflict=options.on_conflict,
                )
            )

    def _can_run(self) -> bool:
        if self.running or self.checking:
            self.notify("Wait for the current work to finish.", severity="warning")
            return False
        if not self.selected:
            self.notify("Select projects first: space, a for all, b for those behind.")
            return False
        return True

    @work(thread=True, exclusive=True, group="rollout", exit_on_error=False)
    def _rollout(self, request: RolloutRequest) -> None:
        self.app.call_from_thread(self._started, request)
        reporter = self.app.call_from_thread(lambda: self.query_one(RolloutProgress).reporter())
        request.jobs = 1 if len(request.only) < IN_PROCESS else min(4, os.cpu_count() or 1)

        def on_result(result: RepoResult) -> None:
            self._later(self._repo_done, result)

        try:
            result = run_rollout(self.workspace, request, reporter=reporter, on_result=on_result)
        except Exception as error:  # noqa: BLE001 - shown on screen, never a crash
            self._later(self._failed, error)
            return
        self._later(self._finished, result)

    def _started(self, request: RolloutRequest) -> None:
        self.running = True
        self.result = None
        self._live = {name: "waiting…" for name in request.only}
        self._dry = request.dry_run
        for name in request.only:
            self._update_row(name)

    def _repo_done(self, result: RepoResult) -> None:
        self._live[result.project] = f"dry run: {result.status}" if self._dry else result.status
        if result.project in self.records:
            self._update_row(result.project)

    def _failed(self, error: Exception) -> None:
        self._fault(error)
        for name in list(self._live):
            self._live.pop(name)
            if name in self.records:
                self._update_row(name)

    def _finished(self, result: RolloutResult) -> None:
        self.running = False
        self.result = result
        self.query_one(RolloutResults).show(result)
        self.query_one(ContentSwitcher).current = "fleet-results-view"
        self.query_one("#fleet-results", DataTable).focus()
        if not result.dry_run:
            self.selected.clear()

    # Navigation ---------------------------------------------------------------

    def action_edits(self) -> None:
        """What owners keep editing in the managed files: a screen of its own."""
        from .edits import EditsScreen

        self.app.push_screen(EditsScreen(self.workspace))

    def action_refresh(self) -> None:
        if self.running or self.checking:
            return
        self.query_one(ContentSwitcher).current = "fleet-drift"
        self.query_one("#fleet-drift", DataTable).focus()
        self._list_projects()

    def action_back(self) -> None:
        """From the results to the drift table (checked again after a rollout); else leave."""
        switcher = self.query_one(ContentSwitcher)
        if switcher.current != "fleet-drift":
            switcher.current = "fleet-drift"
            self.query_one("#fleet-drift", DataTable).focus()
            if self.result is not None and not self.result.dry_run:
                self._list_projects()
            else:
                self._fill_drift()
        elif not self.running:
            self.app.close_screen()  # type: ignore[attr-defined]
