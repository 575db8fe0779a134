"""`paved demo`, and the demo as the default: used only when no workspace is given or
found, and nothing ever written into paved's own checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.core.workspace.create import init_workspace

ROOT = Path(__file__).resolve().parents[2]
PAVED = str(Path(sys.executable).parent / "paved")


def _paved(*args: str, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [PAVED, *args], cwd=cwd, capture_output=True, text=True, env=env or dict(os.environ)
    )


def test_paved_demo_says_where_it_is_and_how_to_use_a_real_workspace(demo, tmp_path):
    done = _paved("demo", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"The demo workspace is in {demo.workspace}" in done.stdout
    assert "paved init DIR" in done.stdout and "PAVED_WORKSPACE" in done.stdout
    shown = json.loads(_paved("demo", "--json", cwd=tmp_path).stdout)
    assert shown == {
        "workspace": str(demo.workspace),
        "projects": str(demo.projects),
        "built": False,
    }


def test_paved_demo_reset_rebuilds_it(tmp_path):
    env = {**os.environ, "PAVED_DATA_DIR": str(tmp_path / "data")}
    first = json.loads(_paved("demo", "--json", cwd=tmp_path, env=env).stdout)
    scratch = Path(first["projects"]) / "orders_raw" / "scratch.txt"
    scratch.write_text("made by hand")
    again = json.loads(_paved("demo", "--json", cwd=tmp_path, env=env).stdout)
    assert first["built"] and not again["built"] and scratch.exists()
    reset = json.loads(_paved("demo", "--reset", "--json", cwd=tmp_path, env=env).stdout)
    assert reset["built"] and not scratch.exists()


def test_an_unwritable_data_directory_is_one_line_and_exit_2(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    env = {**os.environ, "PAVED_DATA_DIR": str(blocker / "paved")}
    done = _paved("demo", cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "cannot build the demo workspace" in done.stderr and "PAVED_DATA_DIR" in done.stderr
    assert list(tmp_path.iterdir()) == [blocker]


@pytest.mark.parametrize(
    "args",
    [
        ("paths",),
        ("catalog", "list"),
        ("catalog", "show", "orders_raw", "--kind", "project"),
        ("catalog", "consumers", "orders_raw", "--transitive", "--json"),
        ("status", "--json"),
        ("update", "--all", "--dry-run", "--json"),
        ("--help",),
    ],
)
def test_commands_run_from_the_checkout_use_the_demo_and_write_nothing_there(demo, args):
    before = _checkout_state()
    done = _paved(*args, cwd=ROOT)
    assert done.returncode in (0, 1), done.stderr  # 1: the dry run finds the conflict
    assert "Traceback" not in done.stderr
    if args != ("--help",) and "--json" not in args:
        assert "demo-platform" in done.stdout or "orders" in done.stdout  # the demo's
    assert _checkout_state() == before


def _checkout_state() -> tuple[str, bool]:
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return status, (ROOT / ".paved").exists()


def test_a_workspace_paved_finds_wins_over_the_demo(demo, tmp_path):
    mine = init_workspace(tmp_path / "mine")
    listed = json.loads(_paved("catalog", "list", "--json", cwd=mine.root / "catalog").stdout)
    assert listed == []
    env = {**os.environ, "PAVED_WORKSPACE": str(mine.root)}
    assert json.loads(_paved("catalog", "list", "--json", cwd=tmp_path, env=env).stdout) == []
    flagged = _paved("-w", str(mine.root), "catalog", "list", "--json", cwd=ROOT)
    assert json.loads(flagged.stdout) == []
    demo_listed = json.loads(_paved("catalog", "list", "--json", cwd=tmp_path).stdout)
    assert len(demo_listed) >= 12
