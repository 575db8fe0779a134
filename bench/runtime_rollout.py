"""A runtime fix across a fleet: what each repo sees, and what it costs.

Builds a platform workspace and a fleet of generated repos across the golden paths (the
owners' edits of tests/core/update/fleet.py committed), then makes two releases:
- 1.1.0 changes neither the runtime nor any template: `paved status` must show every
  repo current, and `paved update --all` must touch none;
- 1.2.0 changes one line of the runtime: every repo must get a branch that changes
  exactly its pin (pyproject.toml) and its answers file, with no conflict.
Prints, for each release, the time of `paved status` and of `paved update --all`, and
what the rollout did, as a table (files changed, with how many repos; a README.md is
made again where its owner deleted it, as copier does with a deleted owned file).

Usage: python bench/runtime_rollout.py [--repos 30] [--jobs 2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from portal.core.workspace.release import release  # noqa: E402

from tests.core.update.fleet import build_fleet  # noqa: E402
from tests.helpers import git  # noqa: E402

PAVED = str(Path(sys.executable).parent / "paved")


def timed(*args: str) -> tuple[float, object]:
    start = time.perf_counter()
    result = subprocess.run([PAVED, *args, "--json"], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return seconds, json.loads(result.stdout) if result.stdout.strip() else result.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="paved-bench-runtime-") as scratch:
        workspace, repos = build_fleet(Path(scratch), args.repos, conflicts=False)
        ws = ["--workspace", str(workspace.root)]
        rows = []
        (workspace.root / "NOTES.md").write_text("Release notes.\n")
        git(workspace.root, "add", "--all")
        git(workspace.root, "commit", "--quiet", "--message", "Notes only")
        release(workspace, "1.1.0")
        rows.append(_measure("1.1.0: nothing a repo renders", ws, args.jobs, repos))
        fix = workspace.root / "runtime" / "src" / "paved_runtime" / "sql.py"
        fix.write_text(fix.read_text() + "\n# A fix.\n")
        git(workspace.root, "commit", "--quiet", "--all", "--message", "A runtime fix")
        release(workspace, "1.2.0")
        rows.append(_measure("1.2.0: a runtime fix", ws, args.jobs, repos))
    header = ("release", "repos", "status s", "drifting", "update s", "branches", "files changed")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for row in rows:
        print(" | ".join(str(cell) for cell in row))
    return 0


def _measure(label: str, ws: list[str], jobs: int, repos: list[Path]) -> tuple:
    status_seconds, status = timed(*ws, "status", "--jobs", str(jobs))
    drifting = sum(1 for record in status if record["drift"])
    update_seconds, rollout = timed(*ws, "update", "--all", "--jobs", str(jobs))
    results = rollout["results"]
    branches = sum(1 for result in results if result.get("branch"))
    counts: dict[str, int] = {}
    for result in results:
        for file in result.get("changed", []):
            counts[file] = counts.get(file, 0) + 1
    changed = [f"{file} x{count}" for file, count in sorted(counts.items())]
    return (
        label,
        len(repos),
        f"{status_seconds:.1f}",
        drifting,
        f"{update_seconds:.1f}",
        branches,
        ", ".join(changed) or "none",
    )


if __name__ == "__main__":
    raise SystemExit(main())
