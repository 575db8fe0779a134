"""Fleet update: `paved update --all` against a loop of `copier update`, side by side.

Builds a platform workspace and a fleet of generated repos across the golden paths,
each with owners' edits committed (managed and owned files edited, files added and
deleted; every fifth repo edits a line the release changes, so it conflicts), copies
the fleet, and releases a template version that changes managed files of every path.
Then, in one run:
- paved: `paved update --all --jobs N` over the fleet (a branch per repo);
- copier: `copier update --defaults --vcs-ref <version>` in a shell-style loop over
  the copies, one repo after another, as a platform team would otherwise do it;
and compares the resulting trees repo by repo (paved's update branch against
copier's work tree) for every repo without conflicts. Peak memory is the largest
resident set of the whole process tree, sampled every 20 ms.

Usage: python bench/fleet_update.py [--repos 200] [--jobs 2]
Target: paved at least 20 times faster, with identical trees.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.update.fleet import (  # noqa: E402
    branch_tree,
    build_fleet,
    git,
    release_managed_change,
    tree,
)

BIN = Path(sys.executable).parent
VERSION = "v1.1.0"
BRANCH = "paved/update-1.1.0"


def measured(commands: list[list[str]], cwd: list[Path] | None = None) -> tuple[float, float]:
    """Run commands one after another; return (seconds, peak MB of any moment)."""
    peak = 0.0
    start = time.perf_counter()
    for number, command in enumerate(commands):
        process = subprocess.Popen(
            command,
            cwd=cwd[number] if cwd else None,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        sampler = _Sampler(process.pid)
        sampler.start()
        process.wait()
        sampler.stop()
        peak = max(peak, sampler.peak)
    return time.perf_counter() - start, peak


class _Sampler(threading.Thread):
    """Samples the resident memory of a process and all its descendants."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self._done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.02):
            self.peak = max(self.peak, _tree_rss(self.pid))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree_rss(root: int) -> float:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError):
                continue
    members, total = {root}, 0.0
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if parent in members and pid not in members:
                members.add(pid)
                changed = True
    for pid in members:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="paved-bench-fleet-"))
    try:
        started = time.perf_counter()
        print(f"Building a fleet of {args.repos} repos in {base} ...", file=sys.stderr)
        workspace, repos = build_fleet(base / "paved", args.repos)
        copies = base / "copier"
        for repo in repos:
            shutil.copytree(repo, copies / repo.name, symlinks=True)
        release_managed_change(workspace)
        print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)

        print("Running paved update --all ...", file=sys.stderr)
        paved_time, paved_peak = measured(
            [
                [
                    str(BIN / "paved"),
                    "-w",
                    str(workspace.root),
                    "update",
                    "--all",
                    "--jobs",
                    str(args.jobs),
                    "--json",
                ]
            ]
        )
        print("Running copier update in a loop ...", file=sys.stderr)
        copier_time, copier_peak = measured(
            [[str(BIN / "copier"), "update", "--defaults", "--vcs-ref", VERSION, "--quiet"]]
            * len(repos),
            [copies / repo.name for repo in repos],
        )

        identical = different = conflicts = 0
        for repo in repos:
            if not git(repo, "branch", "--list", BRANCH):
                conflicts += 1
                continue
            same = branch_tree(repo, BRANCH, base / "trees") == tree(copies / repo.name)
            identical += same
            different += not same
            if not same:
                print(f"  trees differ: {repo.name}", file=sys.stderr)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    rows = [
        ("paved update --all", paved_time, paved_peak),
        ("copier update (loop)", copier_time, copier_peak),
    ]
    print(f"\nFleet update: {len(repos)} repos, {args.jobs} jobs, {os.cpu_count()} cores\n")
    print(f"{'tool':<22} {'wall time':>10} {'per repo':>10} {'peak memory':>12}")
    for name, seconds, peak in rows:
        print(f"{name:<22} {seconds:>9.1f}s {seconds / len(repos) * 1000:>8.0f}ms {peak:>10.0f}MB")
    speedup = copier_time / paved_time
    print(f"\nspeedup: {speedup:.1f}x (target >= 20x): {'met' if speedup >= 20 else 'MISSED'}")
    print(
        f"trees: {identical} identical, {different} different, "
        f"{conflicts} left for their owners (conflicts)"
    )


if __name__ == "__main__":
    main()
