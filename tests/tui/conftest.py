"""Running the paved TUI in tests: a workspace, the app on it, and Pilot at a fixed size.

pytest-asyncio is not a dependency: `drive` runs an async Pilot script to the end
from a plain test function.

    def test_home_opens_the_wizard(paved_app):
        async def script(pilot):
            await pilot.press("n")
            assert pilot.app.screen.__class__.__name__ == "WizardScreen"
        drive(paved_app("home"), script)
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from portal.core.workspace.model import Workspace
from portal.tui.app import PavedApp

SMALL = (80, 24)
LARGE = (120, 40)

Script = Callable[[Pilot], Awaitable[None]]


@pytest.fixture
def paved_app(workspace: Workspace) -> Callable[..., PavedApp]:
    """paved_app(start="home") -> a PavedApp on a fresh workspace (tests/conftest.py)."""

    def make(start: str = "home") -> PavedApp:
        return PavedApp(workspace, start=start)

    return make


def drive(app: PavedApp, script: Script, size: tuple[int, int] = SMALL) -> PavedApp:
    """Run `app` headless at `size`, let it settle, run `script(pilot)`; return the app."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(main())
    return app


async def wait_for(pilot: Pilot, condition: Callable[[], bool], timeout: float = 60.0) -> None:
    """Pause until `condition()` holds (a worker finished, a screen opened)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {condition}")
        await pilot.pause(0.05)
