"""The results of a dry run or a rollout: a summary, a row per repo, and the highlighted
repo's detail in full below the table."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ...core.reporting import tally
from ...core.update.rollout import RolloutResult
from ...core.update.rows import RESULT_COLUMNS, detail, result_row, wave_line

STATUS_STYLE = {
    "updated": "bold $success",
    "current": "$text-muted",
    "conflict": "bold $warning",
    "check-failed": "bold $error",
    "skipped": "$warning",
    "error": "bold $error",
}


class RolloutResults(Vertical):
    """Shown by the fleet view when a run ends; `show(result)` fills it."""

    def __init__(self, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.result: RolloutResult | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="fleet-results-summary")
        yield DataTable(id="fleet-results", cursor_type="row", zebra_stripes=True)
        yield Static("", id="fleet-result-detail", markup=False)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for label in RESULT_COLUMNS:
            table.add_column(label, key=label)

    def show(self, result: RolloutResult) -> None:
        self.result = result
        table = self.query_one(DataTable)
        table.clear()
        for repo in result.results:
            cells = [Text(cell) for cell in result_row(repo)]
            cells[1].stylize(STATUS_STYLE.get(repo.status, ""))
            table.add_row(*cells, key=repo.project)
        what = "Dry run" if result.dry_run else "Rollout"
        projects = f"{len(result.results)} project{'' if len(result.results) == 1 else 's'}"
        waves = "".join(f" · {wave_line(wave)}" for wave in result.waves)
        self.query_one("#fleet-results-summary", Static).update(
            f"{what} of {result.to_version} on {projects}: "
            f"{tally(r.status for r in result.results) or 'nothing to do'}{waves} · Esc back"
        )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The highlighted repo's detail in full below the table."""
        event.stop()
        if self.result is None:
            return
        found = [repo for repo in self.result.results if repo.project == event.row_key.value]
        if found:
            repo = found[0]
            where = f" · branch {repo.branch}" if repo.branch else ""
            text = f"{repo.project}: {repo.status}{where} — {detail(repo) or 'no detail'}"
            self.query_one("#fleet-result-detail", Static).update(text)

