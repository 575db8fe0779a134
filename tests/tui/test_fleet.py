"""The fleet view, driven with Pilot on a real fleet: drift, selection, a dry run."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from portal.core.projects.new import NewProject, new_project
from portal.core.workspace.create import init_workspace
from portal.core.workspace.model import Workspace
from portal.core.workspace.release import release
from portal.tui.app import PavedApp
from portal.tui.screens.fleet import FleetScreen
from tests.helpers import git
from tests.tui.conftest import SMALL, drive, wait_for
from tests.tui.test_browser import settle

PROJECTS = (("orders_daily", "dataset-producer"), ("sales_job", "etl-job"))


def _build_fleet(base: Path) -> Workspace:
    """Two repos at v1.0.0; v1.1.0 changes a managed file of the dataset producer only."""
    workspace = init_workspace(base / "ws")
    for name, path in PROJECTS:
        request = NewProject(golden_path=path, name=name, owner="analytics", dest=base / name)
        new_project(workspace, request)
    gitignore = workspace.root / "templates" / "dataset-producer" / ".gitignore"
    gitignore.write_text(gitignore.read_text() + "scratch/\n")
    git(workspace.root, "commit", "--quiet", "-am", "Ignore scratch/ in dataset producers")
    release(workspace, "1.1.0")
    return workspace


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory, isolated_git) -> Workspace:
    """Built once: tests that only read it or dry-run on it share it."""
    return _build_fleet(tmp_path_factory.mktemp("fleet"))


def _state(repo: Path) -> tuple[str, str, str, str]:
    """What a dry run must leave as it was: branch, commit, branches, working tree."""
    return (
        git(repo, "branch", "--show-current"),
        git(repo, "rev-parse", "HEAD"),
        git(repo, "branch", "--list", "--format=%(refname:short)"),
        git(repo, "status", "--porcelain", "--untracked-files=all"),
    )


def _cells(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]


async def _checked(pilot) -> FleetScreen:
    screen = pilot.app.screen
    assert isinstance(screen, FleetScreen)
    await wait_for(pilot, lambda: screen.records and not screen.checking)
    await pilot.pause()
    return screen


def test_drift_table_shows_who_is_behind(fleet):
    async def script(pilot):
        screen = await _checked(pilot)
        rows = _cells(screen.query_one("#fleet-drift", DataTable))
        assert rows == [
            ["[ ]", "orders_daily", "analytics", "v1.0.0", "v1.1.0", "behind", "—"],
            ["[ ]", "sales_job", "analytics", "v1.0.0", "v1.1.0", "none", "—"],
        ]
        summary = str(screen.query_one("#fleet-summary", Static).content)
        assert summary == "latest v1.1.0 · 2 projects · 1 behind · 0 selected"

    drive(PavedApp(fleet, start="fleet"), script)


def test_dry_run_on_the_selection_reports_and_leaves_repos_untouched(fleet):
    repos = [fleet.root.parent / name for name, _ in PROJECTS]
    before = [_state(repo) for repo in repos]

    async def script(pilot):
        screen = await _checked(pilot)
        await pilot.press("space")  # orders_daily
        await pilot.press("down", "enter")  # sales_job
        assert screen.selected == {"orders_daily", "sales_job"}
        await pilot.press("d")
        await wait_for(pilot, lambda: screen.result is not None)
        await pilot.pause()
        results = _cells(screen.query_one("#fleet-results", DataTable))
        assert [row[:5] for row in results] == [
            ["orders_daily", "updated", "v1.0.0", "v1.1.0", "—"],
            ["sales_job", "current", "v1.0.0", "v1.1.0", "—"],
        ]
        # pushed (no branch), checks (not run in a dry run), detail
        assert results[0][5:] == ["—", "not run", "changes .copier-answers.yml, .gitignore"]
        assert results[1][5:] == ["—", "not run", "v1.1.0 changes none of its files"]
        summary = str(screen.query_one("#fleet-results-summary", Static).content)
        assert summary == "Dry run of v1.1.0 on 2 projects: 1 current, 1 updated · Esc back"
        await pilot.press("escape")
        drift = _cells(screen.query_one("#fleet-drift", DataTable))
        assert [row[0] for row in drift] == ["[x]", "[x]"]  # still selected after a dry run
        assert [row[6] for row in drift] == ["dry run: updated", "dry run: current"]

    drive(PavedApp(fleet, start="fleet"), script)
    assert [_state(repo) for repo in repos] == before
    assert all("paved/update" not in state[2] for state in before)


def test_selection_keys(fleet):
    async def script(pilot):
        screen = await _checked(pilot)
        await pilot.press("b")
        assert screen.selected == {"orders_daily"}
        await pilot.press("a")
        assert screen.selected == {"orders_daily", "sales_job"}
        await pilot.press("a")
        assert screen.selected == set()
        await pilot.press("d")  # nothing selected: nothing runs
        await pilot.pause()
        assert screen.result is None and not screen.running

    drive(PavedApp(fleet, start="fleet"), script)


def test_rollout_asks_first_then_writes_update_branches(tmp_path: Path):
    fleet = _build_fleet(tmp_path)
    orders = tmp_path / "orders_daily"
    head = git(orders, "rev-parse", "HEAD")

    async def script(pilot):
        screen = await _checked(pilot)
        await pilot.press("b", "u")
        assert type(pilot.app.screen).__name__ == "ConfirmRollout"
        await pilot.press("escape")  # cancelled: nothing runs
        assert pilot.app.screen is screen and screen.result is None
        await pilot.press("u")
        pilot.app.screen.query_one("#confirm-yes").press()
        await wait_for(pilot, lambda: screen.result is not None)
        await pilot.pause()
        results = _cells(screen.query_one("#fleet-results", DataTable))
        assert [row[:5] for row in results] == [
            ["orders_daily", "updated", "v1.0.0", "v1.1.0", "paved/update-1.1.0"]
        ]
        await pilot.press("escape")  # back to the drift table, checked again
        await wait_for(pilot, lambda: not screen.checking)
        await pilot.pause()
        drift = _cells(screen.query_one("#fleet-drift", DataTable))
        assert drift[0][6] == "updated"

    drive(PavedApp(fleet, start="fleet"), script)
    assert git(orders, "rev-parse", "HEAD") == head  # the default branch is not touched
    assert git(orders, "branch", "--list", "paved/*") == "paved/update-1.1.0"
    assert "scratch/" in git(orders, "show", "paved/update-1.1.0:.gitignore")


def test_snapshot_fleet(snap_compare, fleet):
    async def run_before(pilot):
        await _checked(pilot)
        await pilot.press("b")
        await settle(pilot)

    assert snap_compare(PavedApp(fleet, start="fleet"), terminal_size=SMALL, run_before=run_before)


def test_snapshot_fleet_dry_run_results(snap_compare, fleet):
    async def run_before(pilot):
        screen = await _checked(pilot)
        await pilot.press("a", "d")
        await wait_for(pilot, lambda: screen.result is not None)
        await settle(pilot)

    assert snap_compare(PavedApp(fleet, start="fleet"), terminal_size=SMALL, run_before=run_before)


def test_snapshot_fleet_light(snap_compare, fleet):
    app = PavedApp(fleet, start="fleet")
    app.theme = "textual-light"

    async def run_before(pilot):
        await _checked(pilot)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_no_projects_says_so(workspace):
    async def script(pilot):
        screen = pilot.app.screen
        summary = screen.query_one("#fleet-summary", Static)
        await wait_for(pilot, lambda: "No projects" in str(summary.content))

    drive(PavedApp(workspace, start="fleet"), script)


def test_the_browser_checks_drift_for_the_selected_project_only(fleet):
    from portal.tui.screens.browser import CatalogBrowserScreen

    async def script(pilot):
        screen = pilot.app.screen
        assert isinstance(screen, CatalogBrowserScreen)
        await wait_for(pilot, lambda: screen.ready and screen.shown_filter == "")
        await pilot.press("slash", *"kind:project orders")
        await wait_for(pilot, lambda: screen.shown_entity == ("project", "orders_daily"))
        body = screen.query_one("#detail-body", Static)
        assert "drift: unknown (d to check)" in str(body.content)
        await pilot.press("enter", "d")  # from the filter box to the table, then d
        await wait_for(pilot, lambda: "checking" not in str(body.content))
        assert "drift: behind v1.1.0: an update changes its files" in str(body.content)

    drive(PavedApp(fleet, start="browser"), script)


def test_snapshot_fleet_confirm_rollout(snap_compare, fleet):
    async def run_before(pilot):
        await _checked(pilot)
        await pilot.press("b", "u")
        await settle(pilot)

    assert snap_compare(PavedApp(fleet, start="fleet"), terminal_size=SMALL, run_before=run_before)
