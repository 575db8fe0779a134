"""The catalog browser: find a project or a dataset, see who owns it and who reads it.

The table shows one page of matches (`search.search` with a LIMIT), never the whole
catalog, so it opens and filters as fast on 100,000 entities as on ten. Queries run
in thread workers, each on its own connection to the index; typing is debounced.
"""

from __future__ import annotations

from contextlib import closing
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from ...core.catalog.index import CatalogIndex, open_index
from ...core.catalog.search import SearchPage, search
from ...core.errors import PortalError
from ...core.workspace.model import Workspace
from ..widgets.entity_detail import EntityDetail, EntityFacts, gather

PAGE = 200
TYPING_PAUSE = 0.05  # keys typed closer than this filter once typing pauses
MOVING_PAUSE = 0.1  # seconds on a row before its detail loads
FILTER_HELP = "/ filter: words owner:TEAM kind:project|dataset|team path:GOLDEN_PATH"


class CatalogBrowserScreen(Screen):
    """A filter box, a table of projects and datasets, and the detail of the one selected."""

    CSS_PATH = "browser.tcss"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter"),
        Binding("o", "owner", "Owner"),
        Binding("d", "drift", "Drift"),
        Binding("escape", "back", "Back"),
        Binding("ctrl+r", "reload", "Reload", show=False),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.shown_filter: str | None = None  # the filter of the page on display
        self.shown_entity: tuple[str, str] | None = None  # (kind, name) in the detail
        self._history: list[tuple[str, str]] = []
        self._drift: dict[str, str] = {}
        self._facts: EntityFacts | None = None
        self.ready = False  # the page on display comes from an up-to-date index
        self._filter_timer: Timer | None = None
        self._typed_meanwhile = False
        self._detail_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=FILTER_HELP, id="browser-filter", compact=True)
        with Horizontal(id="browser-body"):
            with Vertical(id="browser-list"):
                yield DataTable(id="browser-table", cursor_type="row", zebra_stripes=True)
                yield Static("indexing the catalog…", id="browser-count")
            yield EntityDetail(id="browser-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("name", key="name")
        table.add_column("kind", key="kind")
        table.add_column("owner", key="owner")
        table.focus()
        self._open()

    # Searching ----------------------------------------------------------------

    @work(thread=True, group="refresh")
    def _open(self) -> None:
        """Show the index as it is at once, then bring it up to date from the files."""
        try:
            with closing(self._index()) as index:
                page = search(index, "", PAGE)
                self.app.call_from_thread(self._show_first_page, page)
                stats = index.refresh()
        except PortalError as error:
            self.app.call_from_thread(self._show_problem, error)
            return
        self.app.call_from_thread(self._refreshed, bool(stats.parsed or stats.removed))

    def _show_first_page(self, page: SearchPage) -> None:
        if self.shown_filter is None and not self.query_one(Input).value:
            self._show_page("", page)

    def _refreshed(self, changed: bool) -> None:
        """The index matches the catalog files now: show the filter's answer from it."""
        self.ready = True
        if changed or self.shown_filter is None:
            self.shown_filter = None
            self._filter()

    def on_input_changed(self, event: Input.Changed) -> None:
        """The first key after a pause filters at once; keys typed fast wait for a pause."""
        event.stop()
        if self._filter_timer is None:
            self._filter()
        else:
            self._filter_timer.stop()
            self._typed_meanwhile = True
        self._filter_timer = self.set_timer(TYPING_PAUSE, self._typing_paused)

    def _typing_paused(self) -> None:
        self._filter_timer = None
        if self._typed_meanwhile:
            self._typed_meanwhile = False
            self._filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(DataTable).focus()

    def _filter(self) -> None:
        self._search(self.query_one(Input).value)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, text: str) -> None:
        worker = get_current_worker()
        try:
            with closing(self._index()) as index:
                page = search(index, text, PAGE)
        except PortalError as error:
            self.app.call_from_thread(self._show_problem, error)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_page, text, page)

    def _index(self) -> CatalogIndex:
        """A connection of this thread's own to the index."""
        return CatalogIndex(self.workspace.catalog_dir, self.workspace.index_dir)

    def _show_page(self, text: str, page: SearchPage) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for row in page.rows:
            cells = (Text(row.name), Text(row.kind), Text(row.owner or ""))
            table.add_row(*cells, key=f"{row.kind}:{row.name}")
        count = self.query_one("#browser-count", Static)
        count.remove_class("error")
        if not self.ready and not page.total:
            count.update("indexing the catalog…")
        elif page.total > len(page.rows):
            count.update(f"showing {len(page.rows):,} of {page.total:,}")
        else:
            count.update(f"{page.total:,} {'match' if page.total == 1 else 'matches'}")
        self.shown_filter = text
        if page.rows:
            first = page.rows[0]
            self._follow_table(first.kind, first.name)
        else:
            self.query_one(EntityDetail).clear("Nothing matches the filter.")

    def _show_problem(self, error: PortalError) -> None:
        count = self.query_one("#browser-count", Static)
        count.add_class("error")
        count.update(f"{error.message} — {error.hint}" if error.hint else error.message)
        self.shown_filter = self.query_one(Input).value

    # The detail ---------------------------------------------------------------

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is None:
            return
        kind, _, name = event.row_key.value.partition(":")
        self._follow_table(kind, name)

    def _follow_table(self, kind: str, name: str) -> None:
        """Show the row under the cursor, once the cursor rests on it."""
        self._history.clear()
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(MOVING_PAUSE, lambda: self._load(kind, name))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.query_one("#detail-links").focus()

    def on_entity_detail_jump(self, event: EntityDetail.Jump) -> None:
        event.stop()
        if self.shown_entity is not None:
            self._history.append(self.shown_entity)
        self._load(event.kind, event.name)

    @work(thread=True, exclusive=True, group="detail")
    def _load(self, kind: str, name: str) -> None:
        worker = get_current_worker()
        try:
            with closing(self._index()) as index:
                facts = gather(index, name, kind)
        except PortalError as error:
            self.app.call_from_thread(self._show_detail_problem, error)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_detail, facts)

    def _show_detail(self, facts: EntityFacts) -> None:
        self._facts = facts
        record = facts.record
        self.shown_entity = (record.kind, record.name)
        drift = self._drift.get(record.name, "unknown (d to check)")
        self.query_one(EntityDetail).show(facts, drift)

    def _show_detail_problem(self, error: PortalError) -> None:
        self.query_one(EntityDetail).clear(error.message)

    # Actions ------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.query_one(Input).focus()

    def action_owner(self) -> None:
        """Jump to the team owning the project or dataset shown."""
        facts = self._facts
        owner = getattr(facts.record, "owner", None) if facts else None
        if owner is None:
            self.notify("Select a project or dataset first.", severity="warning")
            return
        self.post_message(EntityDetail.Jump("team", owner))

    def action_back(self) -> None:
        """Back to the entity shown before the last jump; else leave the screen."""
        if self._history:
            kind, name = self._history.pop()
            self._load(kind, name)
        elif self.focused is self.query_one(Input) and self.query_one(Input).value:
            self.query_one(Input).value = ""
        else:
            self.app.close_screen()  # type: ignore[attr-defined]

    def action_reload(self) -> None:
        """Re-read the catalog files that changed since the screen opened."""
        self._reload()

    @work(thread=True, group="refresh")
    def _reload(self) -> None:
        try:
            with open_index(self.workspace.catalog_dir, self.workspace.index_dir):
                pass
        except PortalError as error:
            self.app.call_from_thread(self._show_problem, error)
            return
        self.app.call_from_thread(self._refreshed, True)

    def action_drift(self) -> None:
        facts = self._facts
        if facts is None or facts.record.kind != "project":
            self.notify("Drift is for projects: select one first.", severity="warning")
            return
        self._drift[facts.record.name] = "checking…"
        self._show_detail(facts)
        self._check_drift(facts.record.name)

    @work(thread=True, group="drift")
    def _check_drift(self, project: str) -> None:
        from ...core.update.status import fleet_status  # the update engine: only when asked

        try:
            records = fleet_status(self.workspace, only=(project,))
        except PortalError as error:
            words = f"unknown ({error.message})"
        else:
            words = _drift_words(records[0]) if records else "unknown (not in the fleet)"
        self.app.call_from_thread(self._show_drift, project, words)

    def _show_drift(self, project: str, words: str) -> None:
        self._drift[project] = words
        if self._facts is not None and self._facts.record.name == project:
            self._show_detail(self._facts)


def _drift_words(record) -> str:
    if record.drift is None:
        return f"unknown ({record.detail or 'repo unreachable'})"
    if record.drift:
        return f"behind {record.latest}: an update changes its files"
    if record.version != record.latest:
        return f"none: {record.latest} changes none of its files"
    return "none: on the latest version"
