"""The app shell and the home screen: what `paved` opens on."""

from __future__ import annotations

import pytest

from portal.tui.app import PavedApp
from portal.tui.screens.home import HomeScreen
from tests.tui.conftest import LARGE, SMALL, drive, wait_for


def test_home_lists_new_project_catalog_and_fleet(paved_app):
    async def script(pilot):
        assert isinstance(pilot.app.screen, HomeScreen)
        menu = pilot.app.screen.query_one("#home-menu")
        assert [option.id for option in menu.options] == ["wizard", "browser", "fleet"]
        assert pilot.app.sub_title == pilot.app.workspace.config.name

    drive(paved_app(), script)


def test_q_quits_from_home(paved_app):
    async def script(pilot):
        await pilot.press("q")
        await pilot.pause()
        assert not pilot.app.is_running

    app = drive(paved_app(), script)
    assert app.return_code == 0


def test_ctrl_c_quits_from_home(paved_app):
    async def script(pilot):
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not pilot.app.is_running

    drive(paved_app(), script)


def test_an_unknown_start_screen_is_refused(workspace):
    with pytest.raises(ValueError, match="start must be one of"):
        PavedApp(workspace, start="nowhere")


async def _counted(pilot) -> None:
    """The home screen once its counts (read in a worker) are shown."""
    counts = pilot.app.screen.query_one("#home-counts")
    await wait_for(pilot, lambda: "projects" in str(counts.render()))
    await pilot.pause()


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_snapshot_home(snap_compare, paved_app, size):
    assert snap_compare(paved_app(), terminal_size=size, run_before=_counted)


def test_paved_without_a_terminal_prints_the_help_instead_of_opening_the_tui(paved):
    result = paved()
    assert result.code == 0 and "Usage:" in result.out and "tui" in result.out


def test_catalog_browse_without_a_terminal_fails_with_one_line(paved, workspace):
    result = paved("-w", workspace.root, "catalog", "browse")
    assert result.code == 2 and result.out == ""
    assert result.err.strip() == (
        "paved: error: `paved catalog browse` needs a terminal, and stdin or stdout is not one"
        " — run it in a terminal; in scripts use the commands (see `paved --help`)"
    )


def test_new_without_a_terminal_still_asks_for_the_golden_path(paved, workspace):
    result = paved("-w", workspace.root, "new")
    assert result.code == 2 and "missing the golden path" in result.err


def test_snapshot_home_light(snap_compare, paved_app):
    async def light(pilot):
        await _counted(pilot)
        pilot.app.theme = "textual-light"
        await pilot.pause()

    assert snap_compare(paved_app(), terminal_size=SMALL, run_before=light)
