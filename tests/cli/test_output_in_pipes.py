"""Tables printed to a pipe or a CI log: every value whole, whatever the width the
environment claims, and no padding after the last column."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def test_a_table_in_a_pipe_holds_every_value_whole(workspace, tmp_path):
    summary = workspace.golden_path("etl-job").summary
    for columns in ("40", None):  # a narrow CI log; nothing set at all
        env = {key: value for key, value in os.environ.items() if key != "COLUMNS"}
        if columns:
            env["COLUMNS"] = columns
        done = subprocess.run(
            [BIN / "paved", "-w", workspace.root, "paths"],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        rows = done.stdout.splitlines()
        [etl] = [row for row in rows if row.lstrip().startswith("etl-job")]
        assert etl.endswith(" ".join(summary.split())), etl
        assert all(row == row.rstrip() for row in rows)
        assert "…" not in done.stdout
