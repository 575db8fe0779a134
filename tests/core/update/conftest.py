"""Fleets for the update tests: real repos, owners' edits, a real template release."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from portal.core.workspace.model import Workspace
from tests.core.update.fleet import build_fleet, release_managed_change

COPIER = str(Path(sys.executable).parent / "copier")


@pytest.fixture
def fleet(tmp_path: Path) -> tuple[Workspace, list[Path]]:
    """Seven repos across the golden paths at v1.0.0 with owners' edits (repo 4
    edits a line v1.1.0 changes), and v1.1.0 released."""
    workspace, repos = build_fleet(tmp_path / "fleet", 7)
    release_managed_change(workspace)
    return workspace, repos
