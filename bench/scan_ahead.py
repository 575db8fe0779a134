"""Did scanning the catalog ahead (a forked child, started before the CLI imports) pay?

paved once forked a child at start-up that stat-ed the catalog's files while the
parent imported and parsed. This runs the same lookups as whole processes with this
checkout (no scan ahead) and with the last commit that had it (--ref, which could turn
it off with PAVED_SCAN_AHEAD=0), alternating run by run so that load hits all alike,
on a synthetic catalog (`bench/catalog_scale.py` builds it) at two sizes, with
`python -c pass` as the floor. docs/platform-guide.md records the runs and why the
scan ahead went.

Usage: python bench/scan_ahead.py [--ref 7438c9c] [--projects 25000 2500] [--runs 9]
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
from portal.core.workspace.create import init_workspace  # noqa: E402

from portal.core.catalog.freshness import RACY_WINDOW_NS  # noqa: E402

# paved's console script, run from one source tree.
LAUNCH = "import sys; sys.path.insert(0, {tree!r}); from portal.cli.main import main; main()"
LOOKUPS = (
    ("catalog owner project_00123", ["catalog", "owner", "project_00123", "--json"]),
    ("catalog consumers ds_00010_a", ["catalog", "consumers", "ds_00010_a", "--json"]),
    ("catalog impact ds_00010_a", ["catalog", "impact", "ds_00010_a", "--json"]),
)
MODES = ("this checkout", "--ref, scan ahead off", "--ref, scan ahead on")


def run_once(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(projects: int, runs: int, base: Path, ref_tree: Path) -> list[tuple[str, ...]]:
    workspace = init_workspace(base / f"ws-{projects}")
    entities = build_catalog(workspace.catalog_dir, projects, max(5, projects // 50))
    files = len(list(workspace.catalog_dir.glob("*.yaml")))
    time.sleep(RACY_WINDOW_NS / 1e9)
    trees = {MODES[0]: ROOT, MODES[1]: ref_tree, MODES[2]: ref_tree}
    envs = {
        MODES[0]: dict(os.environ),
        MODES[1]: {**os.environ, "PAVED_SCAN_AHEAD": "0"},
        MODES[2]: {**os.environ, "PAVED_SCAN_AHEAD": "1"},
    }
    rows = []
    for label, argv in LOOKUPS:
        commands = {
            mode: [sys.executable, "-c", LAUNCH.format(tree=str(trees[mode])), *argv]
            for mode in MODES
        }
        for mode in MODES:  # warm: the index and the downstream graph built
            run_once(commands[mode], workspace.root, envs[mode])
        times: dict[str, list[float]] = {mode: [] for mode in MODES}
        for _ in range(runs):
            for mode in MODES:
                times[mode].append(run_once(commands[mode], workspace.root, envs[mode]))
        now, off, on = (statistics.median(times[mode]) for mode in MODES)
        rows.append(
            (
                f"{entities:,} in {files:,} files",
                label,
                f"{now:.3f} s",
                f"{off:.3f} s",
                f"{on:.3f} s",
                f"{(off - on) / off:+.0%}",
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="7438c9c", help="a commit with the scan ahead")
    parser.add_argument("--projects", type=int, nargs="+", default=[25_000, 2_500])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="paved-bench-scan-"))
    ref_tree = base / "ref"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--quiet", "--detach", str(ref_tree), args.ref],
        check=True,
    )
    try:
        floor = statistics.median(
            run_once([sys.executable, "-c", "pass"], base, dict(os.environ))
            for _ in range(args.runs)
        )
        rows = [
            row
            for projects in args.projects
            for row in measure(projects, args.runs, base, ref_tree)
        ]
        header = ("catalog entities", "lookup (median)", *MODES, "saved by it")
        print(f"\n`python -c pass`: {floor:.3f} s; median of {args.runs} runs each\n")
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
        for row in [header, tuple("-" * w for w in widths), *rows]:
            print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    finally:
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(ref_tree)], check=False
        )
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
