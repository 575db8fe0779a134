"""The fleet view's edits screen, driven with Pilot on a real fleet: what owners keep
editing in managed files, the same rows as `paved status --edits`."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from portal.core.update.owner_edits import fleet_edits
from portal.core.update.rows import edit_row
from portal.tui.app import PavedApp
from portal.tui.screens.edits import EditsScreen
from portal.tui.screens.fleet import FleetScreen
from tests.core.update.fleet import build_fleet
from tests.tui.conftest import LARGE, drive, wait_for


@pytest.fixture(scope="module")
def edited_fleet(tmp_path_factory: pytest.TempPathFactory, isolated_git):
    workspace, _ = build_fleet(tmp_path_factory.mktemp("edits"), 4)
    return workspace


def test_the_edits_screen_shows_what_owners_keep_editing(edited_fleet):
    expected = [edit_row(file) for file in fleet_edits(edited_fleet).files]

    async def script(pilot):
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FleetScreen))
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, EditsScreen))
        screen = pilot.app.screen
        await wait_for(pilot, lambda: screen.report is not None)
        await pilot.pause()
        table = screen.query_one(DataTable)
        rows = [tuple(str(cell) for cell in table.get_row_at(n)) for n in range(table.row_count)]
        assert rows == expected  # the rows the CLI prints
        gitignore = rows.index(next(row for row in rows if row[:2] == ("etl-job", ".gitignore")))
        assert rows[gitignore][3] == "1 (100%)"
        table.move_cursor(row=gitignore)
        await pilot.pause()
        detail = str(screen.query_one("#edits-detail", Static).content)
        assert detail.startswith("etl-job: .gitignore: 1 of 1 repos edited it")
        assert "+scratch/" in detail
        summary = str(screen.query_one("#edits-summary", Static).content)
        assert summary.startswith("4 repos · ") and "edits to absorb" in summary
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FleetScreen))

    drive(PavedApp(edited_fleet, start="fleet"), script, size=LARGE)
