"""The results of a dry run or a rollout: a summary, a row per repo, and the highlighted
repo's detail in full below the table."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from ...core.update.journal import RepoResult
from ...core.update.rollout import RolloutResult

RESULT_COLUMNS = ("project", "status", "from", "to", "branch", "detail")
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
            table.add_row(
                Text(repo.project),
                Text(repo.status, style=STATUS_STYLE.get(repo.status, "")),
                Text(repo.from_version or "?"),
                Text(repo.to_version),
                Text(repo.branch or "—"),
                Text(detail(repo)),
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


def detail(repo: RepoResult) -> str:
    """The result's own words, else the files it changes; conflicts with their lines."""
    said = repo.detail
    if not said and repo.changed:
        shown = ", ".join(repo.changed[:3])
        more = f" and {len(repo.changed) - 3} more" if len(repo.changed) > 3 else ""
        said = f"changes {shown}{more}"
    if repo.conflicts:
        hunks = "; ".join(
            f"{c.file} lines {', '.join(f'{start}-{end}' for start, end in c.hunks)}"
            for c in repo.conflicts
        )
        said = f"{said} ({hunks})" if said else hunks
    return said
