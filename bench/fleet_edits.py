"""Owners' edits across the fleet: `paved status --edits` on 2,000 repos, timed.

Uses the fleet of `fleet_update.py` (repos across the golden paths, each with owners'
edits committed). With `--keep DIR`, a fleet kept there (`DIR/pristine-N`, built by
`fleet_update.py --keep DIR` or by this bench) is copied, never changed: the copy's
catalog is pointed at the copied repos. Then, as a whole `paved` process,
`paved status --edits --json --jobs N`, its wall time, cost per repo and peak memory
(the largest resident set of the process tree, sampled every 20 ms), and a check that
its counts are the fleet's: for each managed file, the repos whose commits since
`paved new` changed it, counted with git.

Usage: python bench/fleet_edits.py [--repos 2000] [--jobs 2] [--keep DIR]
Target: 2,000 repos in under a minute on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from fleet_update import fleet, measured  # noqa: E402

from portal.core.filenames import INDEX_DIR  # noqa: E402
from portal.core.workspace.model import Workspace  # noqa: E402
from tests.core.update.fleet import edited_by_commits  # noqa: E402
from tests.helpers import git  # noqa: E402

BIN = Path(sys.executable).parent
TARGET = 60.0  # seconds, at 2,000 repos


def copied(pristine: Path, base: Path) -> Path:
    """A copy of a kept fleet in `base`, its catalog pointing at the copied repos."""
    shutil.copytree(pristine, base, symlinks=True)
    root = base / "ws"
    shutil.rmtree(root / INDEX_DIR, ignore_errors=True)  # derived: made again here
    sample = next((root / "catalog").glob("*.yaml")).read_text()
    where = next(
        line.split(": ", 1)[1] for line in sample.splitlines() if "paved.dev/repo:" in line
    )
    built = str(Path(where).parent.parent)  # the folder the fleet was built in
    for entity_file in (root / "catalog").glob("*.yaml"):
        entity_file.write_text(entity_file.read_text().replace(built, str(base)))
    git(root, "commit", "--quiet", "--all", "--message", "The fleet, copied")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--keep", type=Path, help="a folder of kept fleets (DIR/pristine-N)")
    args = parser.parse_args()
    keep = args.keep.resolve() if args.keep else None
    base = Path(tempfile.mkdtemp(prefix="paved-bench-edits-"))
    try:
        pristine = keep / f"pristine-{args.repos}" if keep else None
        started = time.perf_counter()
        if pristine is not None and pristine.is_dir():
            print(f"Copying the fleet kept in {pristine} ...", file=sys.stderr)
            workspace = copied(pristine, base / "fleet")
        else:
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
            workspace, _ = fleet(base / "fleet", args.repos, keep)
            if keep is not None:  # built into keep: measure a copy, leave the kept one be
                workspace = copied(keep / f"pristine-{args.repos}", base / "copy")
        repos = sorted(path for path in (workspace.parent / "repos").iterdir())
        print(f"  ready in {time.perf_counter() - started:.0f} s", file=sys.stderr)

        out = base / "edits.json"
        command = [
            str(BIN / "paved"),
            "-w",
            str(workspace),
            "status",
            "--edits",
            "--json",
            "--jobs",
            str(args.jobs),
        ]
        load_before = os.getloadavg()
        print("Running paved status --edits ...", file=sys.stderr)
        # The report is kept (its stdout into a file), the process measured as it is.
        shell = ["sh", "-c", f'exec "$@" > {shlex.quote(str(out))}', "sh", *command]
        seconds, peak = measured([shell])
        load_after = os.getloadavg()
        report = json.loads(out.read_text())

        print("Checking the counts against the fleet's commits ...", file=sys.stderr)
        expected = edited_by_commits(Workspace(workspace), repos)
        got = {(f["golden_path"], f["file"]): f["edited"] for f in report["files"] if f["edited"]}
        agree = got == dict(expected)

        count = report["repos"]
        print(f"\nOwners' edits: {count} repos, {args.jobs} jobs, {os.cpu_count()} cores\n")
        print(f"{'command':<32}{'repos':>7}{'wall time':>11}{'per repo':>10}{'peak memory':>13}")
        print(
            f"{'paved status --edits --json':<32}{count:>7}{seconds:>10.1f}s"
            f"{1000 * seconds / max(count, 1):>8.0f}ms{peak:>11.0f}MB"
        )
        met = "met" if seconds < TARGET * count / 2000 else "MISSED"
        print(f"\ntarget: {count} repos in under {TARGET * count / 2000:.0f} s: {met}")
        print(f"counts equal to the fleet's commits: {'yes' if agree else 'NO'}")
        edited = sorted(report["files"], key=lambda f: -f["edited"])[:5]
        for file in edited:
            top = file["edits"][0] if file["edits"] else None
            said = f"; commonest edit in {top['repos']} repos" if top else ""
            print(f"  {file['golden_path']}: {file['file']}: {file['edited']} edited{said}")
        print(
            "load average (1, 5, 15 min): before "
            + " ".join(f"{x:.2f}" for x in load_before)
            + ", after "
            + " ".join(f"{x:.2f}" for x in load_after)
        )
        if not agree:
            sys.exit(1)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
