"""The fleet view: who is behind on the templates, and rolling updates out to them.

The drift table lists the catalog's projects at once, then fills in each one's
content drift from `fleet_status` (renders and a merge per repo, nothing written).
Select rows, start a dry run or a rollout (`run_rollout`, the call behind
`paved update --all`): rows show each repo's result as it finishes, then the results
table replaces the drift table. Both core calls run in thread workers.
"""

from __future__ import annotations

import os
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Footer, Header, Static

from ...core.catalog.index import open_index
from ...core.errors import PortalError
from ...core.update.journal import RepoResult
from ...core.update.rollout import RolloutRequest, RolloutResult, run_rollout
from ...core.update.status import DriftRecord, fleet_status
from ...core.workspace import Workspace
from ..widgets.rollout_confirm import ConfirmRollout, RolloutOptions
from ..widgets.rollout_progress import RolloutProgress

DRIFT_COLUMNS = ("", "project", "owner", "version", "latest", "drift", "last rollout")
RESULT_COLUMNS = ("project", "status", "from", "to", "branch", "detail")
STATUS_STYLE = {
    "updated": "bold $success",
    "current": "$text-muted",
    "conflict": "bold $warning",
    "check-failed": "bold $error",
    "skipped": "$warning",
    "error": "bold $error",
}
# Fewer projects than this are compared in this process; more, in worker processes.
IN_PROCESS = 8


class FleetScreen(Screen):
    """The drift table, a selection, and dry runs or rollouts on it."""

    CSS_PATH = "fleet.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle", "Select"),
        Binding("a", "select_all", "All"),
        Binding("b", "select_behind", "Behind"),
        Binding("d", "dry_run", "Dry run"),
        Binding("u", "roll_out", "Roll out"),
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
            with Vertical(id="fleet-results-view"):
                yield Static("", id="fleet-results-summary")
                yield DataTable(id="fleet-results", cursor_type="row", zebra_stripes=True)
                yield Static("", id="fleet-result-detail", markup=False)
        yield RolloutProgress(id="fleet-progress")
        yield Footer()

    def on_mount(self) -> None:
        drift = self.query_one("#fleet-drift", DataTable)
        for label in DRIFT_COLUMNS:
            drift.add_column(label, key=label or "mark")
        results = self.query_one("#fleet-results", DataTable)
        for label in RESULT_COLUMNS:
            results.add_column(label, key=label)
        drift.focus()
        self._list_projects()

    # The drift table ----------------------------------------------------------

    @work(thread=True, group="status")
    def _list_projects(self) -> None:
        """The catalog's projects at once, their drift after."""
        try:
            latest = self.workspace.require_latest_tag()
            with open_index(self.workspace.catalog_dir, self.workspace.index_dir) as index:
                rows = [
                    (row["name"], row["owner"], row["template_version"])
                    for row in index.entities(kind="Component")
                ]
        except PortalError as error:
            self.app.call_from_thread(self._say, error.message, error.hint)
            return
        self.app.call_from_thread(self._show_projects, latest, rows)
        if rows:
            self._check_drift()

    def _show_projects(self, latest: str, rows: list[tuple[str, str | None, str | None]]) -> None:
        self.latest = latest
        self.checking = bool(rows)
        self.records = {}
        for name, owner, version in rows:
            self.records[name] = DriftRecord(name, owner, None, None, version, latest, None, None)
        self._redraw_drift()
        if not rows:
            self._say("No projects in the catalog yet.", "create one with `paved new`")

    def _check_drift(self) -> None:
        """In the worker thread: every project's drift, with a progress bar."""
        reporter = self.app.call_from_thread(lambda: self.query_one(RolloutProgress).reporter())
        jobs = 1 if len(self.records) < IN_PROCESS else min(4, os.cpu_count() or 1)
        try:
            records = fleet_status(self.workspace, jobs=jobs, reporter=reporter)
        except PortalError as error:
            self.app.call_from_thread(self._say, error.message, error.hint)
            records = None
        self.app.call_from_thread(self._show_drift, records)

    def _show_drift(self, records: list[DriftRecord] | None) -> None:
        self.checking = False
        if records is not None:
            self.records = {record.project: record for record in records}
            self.selected &= set(self.records)
            self._live = {}
        self._redraw_drift()

    def _redraw_drift(self) -> None:
        table = self.query_one("#fleet-drift", DataTable)
        row = table.cursor_row
        table.clear()
        for name, record in self.records.items():
            mark = Text("[x]", style="bold") if name in self.selected else Text("[ ]")
            last = self._live.get(name) or record.last_rollout or "—"
            table.add_row(
                mark,
                Text(name),
                Text(record.owner or "—"),
                Text(record.version or "?"),
                Text(record.latest),
                self._drift_cell(record),
                Text(last, style=STATUS_STYLE.get(last.split()[-1], "")),
                key=name,
            )
        if self.records:
            table.move_cursor(row=min(row, len(self.records) - 1))
        self._summarise()

    def _drift_cell(self, record: DriftRecord) -> Text:
        if record.drift is None:
            return Text("checking…" if self.checking else "unknown", style="italic")
        if record.drift:
            return Text("behind", style="bold")
        return Text("none")

    def _summarise(self) -> None:
        behind = sum(1 for record in self.records.values() if record.drift)
        parts = [f"latest {self.latest or '?'}", f"{len(self.records)} projects"]
        parts.append("comparing…" if self.checking else f"{behind} behind")
        parts.append(f"{len(self.selected)} selected")
        self.query_one("#fleet-summary", Static).update(" · ".join(parts))

    def _say(self, message: str, hint: str = "") -> None:
        self.query_one("#fleet-summary", Static).update(f"{message} — {hint}" if hint else message)

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
            self._redraw_drift()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """On the results table, the highlighted repo's detail in full below it."""
        event.stop()
        if event.data_table.id != "fleet-results" or self.result is None:
            return
        found = [repo for repo in self.result.results if repo.project == event.row_key.value]
        if found:
            repo = found[0]
            where = f" · branch {repo.branch}" if repo.branch else ""
            text = f"{repo.project}: {repo.status}{where} — {_detail(repo) or 'no detail'}"
            self.query_one("#fleet-result-detail", Static).update(text)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "fleet-drift":
            self.action_toggle()

    def action_select_all(self) -> None:
        if not self.running:
            everyone = set(self.records)
            self.selected = set() if self.selected == everyone else everyone
            self._redraw_drift()

    def action_select_behind(self) -> None:
        if not self.running:
            self.selected = {name for name, record in self.records.items() if record.drift}
            self._redraw_drift()

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

    @work(thread=True, exclusive=True, group="rollout")
    def _rollout(self, request: RolloutRequest) -> None:
        self.app.call_from_thread(self._started, request)
        reporter = self.app.call_from_thread(lambda: self.query_one(RolloutProgress).reporter())
        request.jobs = 1 if len(request.only) < IN_PROCESS else min(4, os.cpu_count() or 1)

        def on_result(result: RepoResult) -> None:
            self.app.call_from_thread(self._repo_done, result)

        try:
            result = run_rollout(self.workspace, request, reporter=reporter, on_result=on_result)
        except PortalError as error:
            self.app.call_from_thread(self._failed, error)
            return
        self.app.call_from_thread(self._finished, result)

    def _started(self, request: RolloutRequest) -> None:
        self.running = True
        self.result = None
        self._live = {name: "waiting…" for name in request.only}
        self._dry = request.dry_run
        self._redraw_drift()

    def _repo_done(self, result: RepoResult) -> None:
        self._live[result.project] = f"dry run: {result.status}" if self._dry else result.status
        self._redraw_drift()

    def _failed(self, error: PortalError) -> None:
        self.running = False
        self._redraw_drift()
        self._say(error.message, error.hint)

    def _finished(self, result: RolloutResult) -> None:
        self.running = False
        self.result = result
        table = self.query_one("#fleet-results", DataTable)
        table.clear()
        for repo in result.results:
            detail = _detail(repo)
            table.add_row(
                Text(repo.project),
                Text(repo.status, style=STATUS_STYLE.get(repo.status, "")),
                Text(repo.from_version or "?"),
                Text(repo.to_version),
                Text(repo.branch or "—"),
                Text(detail),
                key=repo.project,
            )
        counts: dict[str, int] = {}
        for repo in result.results:
            counts[repo.status] = counts.get(repo.status, 0) + 1
        tally = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
        what = "Dry run" if result.dry_run else "Rollout"
        projects = f"{len(result.results)} project{'' if len(result.results) == 1 else 's'}"
        self.query_one("#fleet-results-summary", Static).update(
            f"{what} of {result.to_version} on {projects}: {tally or 'nothing to do'} · Esc back"
        )
        self.query_one(ContentSwitcher).current = "fleet-results-view"
        table.focus()
        if not result.dry_run:
            self.selected.clear()

    # Navigation ---------------------------------------------------------------

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
                self._redraw_drift()
        elif not self.running:
            self.app.close_screen()  # type: ignore[attr-defined]


def _detail(repo: RepoResult) -> str:
    """The result's own words, else the files it changes; conflicts with their lines."""
    detail = repo.detail
    if not detail and repo.changed:
        shown = ", ".join(repo.changed[:3])
        more = f" and {len(repo.changed) - 3} more" if len(repo.changed) > 3 else ""
        detail = f"changes {shown}{more}"
    if repo.conflicts:
        hunks = "; ".join(
            f"{c.file} lines {', '.join(f'{start}-{end}' for start, end in c.hunks)}"
            for c in repo.conflicts
        )
        detail = f"{detail} ({hunks})" if detail else hunks
    return detail
