"""Does scanning the catalog ahead (a forked child, started before the CLI imports) pay?

The same lookups as whole processes, with the scan ahead and without it
(PAVED_SCAN_AHEAD=0), alternating run by run so that load hits both alike, on a
synthetic catalog (`bench/catalog_scale.py` builds it) at two sizes, with
`python -c pass` as the floor. The scan ahead stays only while it saves 20% or more of
a command's whole-process time at the catalog size paved is built for (100,000
entities); docs/platform-guide.md records the runs and the decision.

Usage: python bench/scan_ahead.py [--projects 25000 2500] [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from catalog_scale import build_catalog  # noqa: E402

from portal.core.catalog.freshness import RACY_WINDOW_NS  # noqa: E402
from portal.core.workspace import init_workspace  # noqa: E402

PAVED = str(Path(sys.executable).parent / "paved")
LOOKUPS = (
    ("catalog owner project_00123", ["catalog", "owner", "project_00123", "--json"]),
    ("catalog consumers ds_00010_a", ["catalog", "consumers", "ds_00010_a", "--json"]),
    ("catalog impact ds_00010_a", ["catalog", "impact", "ds_00010_a", "--json"]),
)
MODES = {"without (PAVED_SCAN_AHEAD=0)": "0", "with the scan ahead": "1"}


def run_once(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(projects: int, runs: int, base: Path) -> list[tuple[str, ...]]:
    workspace = init_workspace(base / f"ws-{projects}")
    entities = build_catalog(workspace.catalog_dir, projects, max(5, projects // 50))
    files = len(list(workspace.catalog_dir.glob("*.yaml")))
    time.sleep(RACY_WINDOW_NS / 1e9)
    rows = []
    for label, argv in LOOKUPS:
        envs = {mode: {**os.environ, "PAVED_SCAN_AHEAD": flag} for mode, flag in MODES.items()}
        for env in envs.values():  # warm: the index and the downstream graph built
            run_once([PAVED, *argv], workspace.root, env)
        times: dict[str, list[float]] = {mode: [] for mode in MODES}
        for _ in range(runs):
            for mode, env in envs.items():
                times[mode].append(run_once([PAVED, *argv], workspace.root, env))
        without, with_ = (statistics.median(times[mode]) for mode in MODES)
        rows.append(
            (
                f"{entities:,} in {files:,} files",
                label,
                f"{without:.3f} s",
                f"{with_:.3f} s",
                f"{(without - with_) / without:+.0%}",
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, nargs="+", default=[25_000, 2_500])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="paved-bench-scan-"))
    try:
        floor = statistics.median(
            run_once([sys.executable, "-c", "pass"], base, dict(os.environ))
            for _ in range(args.runs)
        )
        rows = [row for projects in args.projects for row in measure(projects, args.runs, base)]
        header = ("catalog entities", "lookup (median)", *MODES, "saved")
        print(f"\n`python -c pass`: {floor:.3f} s; median of {args.runs} runs each\n")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, tuple("-" * w for w in widths), *rows]:
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
