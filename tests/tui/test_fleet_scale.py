"""The fleet view on a real fleet of 50 repos: the list at once, each project's drift
filled in as it is computed by worker processes, input taken all along, and faults in
the background work said on screen, never a crash."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import DataTable, Static

from portal.cli.tui import run_app
from portal.tui.app import PavedApp
from portal.tui.screens import fleet as fleet_screen
from portal.tui.screens.fleet import FleetScreen
from tests.core.update.fleet import build_fleet, release_managed_change
from tests.tui.conftest import LARGE, drive, wait_for

SIZE = 50


@pytest.fixture(scope="module")
def big_fleet(tmp_path_factory: pytest.TempPathFactory, isolated_git):
    workspace, repos = build_fleet(tmp_path_factory.mktemp("fleet50"), SIZE)
    release_managed_change(workspace)
    return workspace


def _drift(table: DataTable) -> list[str]:
    return [str(table.get_row_at(n)[5]) for n in range(table.row_count)]


def test_fifty_projects_listed_at_once_and_filled_in_as_they_come(big_fleet):
    seen_partial = []

    async def script(pilot):
        screen = pilot.app.screen
        assert isinstance(screen, FleetScreen)
        table = screen.query_one("#fleet-drift", DataTable)

        def look() -> None:
            drift = _drift(table)
            if "checking…" in drift and any(cell != "checking…" for cell in drift):
                seen_partial.append(drift.count("checking…"))

        # Look at the table as each record lands, not only between pauses: drifts come
        # faster than a poll can be sure to catch.
        record_done = screen._record_done

        def looked(record) -> None:
            record_done(record)
            if table.row_count == SIZE:
                look()

        screen._record_done = looked
        await wait_for(pilot, lambda: table.row_count == SIZE)
        # Input is taken while the drift is computed: select the first row, move on.
        await pilot.press("space", "down", "space")
        while screen.checking:
            look()
            await pilot.pause(0.02)
        assert "checking…" not in _drift(table)
        assert len(screen.selected) == 2
        summary = str(screen.query_one("#fleet-summary", Static).content)
        behind = sum(1 for record in screen.records.values() if record.drift)
        assert summary == f"latest v1.1.0 · {SIZE} projects · {behind} behind · 2 selected"
        assert behind == SIZE  # the release changes a managed file of every path
        conflicts = [name for name, record in screen.records.items() if record.conflicts]
        assert len(conflicts) == SIZE // 5  # every fifth owner edited the released line
        assert "behind, conflicts" in _drift(table)

    drive(PavedApp(big_fleet, start="fleet"), script, size=LARGE)
    assert seen_partial, "the table never showed some projects done and others not yet"


def test_a_fault_in_the_drift_check_is_said_on_screen(big_fleet, monkeypatch):
    def failing(workspace, *, jobs, reporter, on_record):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fleet_screen, "fleet_status", failing)

    async def script(pilot):
        screen = pilot.app.screen
        summary = screen.query_one("#fleet-summary", Static)
        await wait_for(pilot, lambda: "No space left" in str(summary.content))
        assert summary.has_class("-fault")
        assert not screen.checking
        assert "checking…" not in _drift(screen.query_one("#fleet-drift", DataTable))
        await pilot.press("down", "space")  # the screen goes on
        assert len(screen.selected) == 1

    app = drive(PavedApp(big_fleet, start="fleet"), script, size=LARGE)
    assert app.return_code in (None, 0)


class _Crashing(App[None]):
    def on_mount(self) -> None:
        raise RuntimeError("a bug")


def test_a_crashed_app_gives_a_non_zero_exit_code():
    assert run_app(_Crashing()) == 1


def test_the_workers_are_plain_child_processes(big_fleet):
    """The drift of a fleet bigger than IN_PROCESS is computed by worker processes that
    stream results back (no multiprocessing pool, no fork of the app)."""
    from portal.core.update.status import fleet_status

    streamed = []
    records = fleet_status(big_fleet, jobs=2, on_record=streamed.append)
    assert [r.project for r in records] == sorted(r.project for r in streamed)
    assert len(records) == SIZE > fleet_screen.IN_PROCESS
    assert all(record.drift is not None for record in records)
