"""Every benchmark script starts: its imports resolve and it prints its usage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
SCRIPTS = sorted(path.name for path in BENCH.glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_bench_script_starts(script):
    result = subprocess.run(
        [sys.executable, str(BENCH / script), "--help"],
        cwd=BENCH,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "usage:" in result.stdout
