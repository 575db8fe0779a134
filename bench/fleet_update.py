"""Fleet update: `paved update --all` against a loop of `copier update`, side by side.

Builds a platform workspace and a fleet of generated repos across the golden paths,
each with owners' edits committed (managed and owned files edited, files added and
deleted; every fifth repo edits a line the release changes, so it conflicts), copies
the fleet, and releases a template version that changes managed files of every path.
Then, in one run:
- paved: `paved update --all --jobs N` over the fleet (a branch per repo);
- copier: `copier update --defaults --vcs-ref <version>` in a shell-style loop over
  the copies, one repo after another, as a platform team would otherwise do it (the
  template is a local repo, so copier's clone of it is as warm as it gets);
and compares the resulting trees repo by repo (paved's update branch against
copier's work tree) for every repo without conflicts. Peak memory is the largest
resident set of the whole process tree, sampled every 20 ms.

With `--large N`, paved alone then rolls the same release out over a fleet of N repos
(a copier loop over it would take hours: its per-repo cost is the one measured on the
smaller fleet), reporting time, peak memory and the cost per repo. `--keep DIR` keeps
the built fleets in DIR and reuses them on the next run (building 2,000 repos takes
minutes; the timed runs always start from a pristine copy).

Usage: python bench/fleet_update.py [--repos 200] [--jobs 2] [--large 2000] [--keep DIR]
Target: paved at least 50 times faster at 200 repos, with identical trees.
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

from tests.core.update.fleet import branch_tree, build_fleet, release_managed_change  # noqa: E402
from tests.helpers import git, tree  # noqa: E402

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


def fleet(base: Path, count: int, keep: Path | None) -> tuple[Path, list[Path]]:
    """A fleet of `count` repos at v1.0.0 with v1.1.0 released, in `base`; built once
    into `keep` (a pristine copy beside it) when given. Returns (workspace, repos)."""
    if keep is not None:
        built, pristine = keep / f"fleet-{count}", keep / f"pristine-{count}"
        if pristine.is_dir():
            shutil.rmtree(built, ignore_errors=True)
            shutil.copytree(pristine, built, symlinks=True)
            repos = sorted(path for path in (built / "repos").iterdir())
            return built / "ws", repos
        base = built
    started = time.perf_counter()
    print(f"Building a fleet of {count} repos in {base} ...", file=sys.stderr)
    workspace, repos = build_fleet(base, count)
    release_managed_change(workspace)
    print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if keep is not None:
        shutil.copytree(base, keep / f"pristine-{count}", symlinks=True)
    return workspace.root, repos


def rollout(workspace: Path, jobs: int) -> tuple[float, float]:
    command = [str(BIN / "paved"), "-w", str(workspace), "update", "--all"]
    return measured([[*command, "--jobs", str(jobs), "--json"]])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--large", type=int, default=0, help="then paved alone on N repos")
    parser.add_argument("--keep", type=Path, help="keep built fleets here, for reruns")
    args = parser.parse_args()
    keep = args.keep.resolve() if args.keep else None
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)

    base = Path(tempfile.mkdtemp(prefix="paved-bench-fleet-"))
    try:
        workspace, repos = fleet(base / "paved", args.repos, keep)
        copies = base / "copier"
        for repo in repos:
            shutil.copytree(repo, copies / repo.name, symlinks=True)

        print("Running paved update --all ...", file=sys.stderr)
        paved_time, paved_peak = rollout(workspace, args.jobs)
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
            same = branch_tree(repo, BRANCH, base / "trees") == tree(copies / repo.name, modes=True)
            identical += same
            different += not same
            if not same:
                print(f"  trees differ: {repo.name}", file=sys.stderr)
        shutil.rmtree(copies, ignore_errors=True)

        large = None
        if args.large:
            large_workspace, large_repos = fleet(base / "large", args.large, keep)
            print(f"Running paved update --all on {args.large} repos ...", file=sys.stderr)
            large_time, large_peak = rollout(large_workspace, args.jobs)
            updated = sum(bool(git(repo, "branch", "--list", BRANCH)) for repo in large_repos)
            large = (len(large_repos), large_time, large_peak, updated)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    count = len(repos)
    print(f"\nFleet update: {count} repos, {args.jobs} jobs, {os.cpu_count()} cores\n")
    print(f"{'tool':<22} {'repos':>6} {'wall time':>10} {'per repo':>10} {'peak memory':>12}")
    rows = [
        ("paved update --all", count, paved_time, paved_peak),
        ("copier update (loop)", count, copier_time, copier_peak),
    ]
    if large is not None:
        rows.append(("paved update --all", large[0], large[1], large[2]))
    for name, repos_in, seconds, peak in rows:
        print(
            f"{name:<22} {repos_in:>6} {seconds:>9.1f}s "
            f"{seconds / repos_in * 1000:>8.0f}ms {peak:>10.0f}MB"
        )
    speedup = copier_time / paved_time
    verdict = "met" if speedup >= 50 else "MISSED"
    print(f"\nspeedup at {count}: {speedup:.1f}x (target >= 50x): {verdict}")
    print(
        f"trees: {identical} identical, {different} different, "
        f"{conflicts} left for their owners (conflicts)"
    )
    if large is not None:
        estimate = copier_time / count * large[0]
        print(
            f"at {large[0]}: {large[3]} update branches; a copier loop at its per-repo cost "
            f"above would take about {estimate / 60:.0f} min ({estimate / large[1]:.0f}x)"
        )


if __name__ == "__main__":
    main()
