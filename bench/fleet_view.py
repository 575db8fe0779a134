"""The TUI's fleet view on a real fleet (500 repos by default), in a real terminal.

Builds a workspace and N generated repos with owners' edits (tests/core/update/fleet.py),
releases a version, then opens `paved` in tmux and presses `f`, timing from the key:
- the list of every project on screen (before any drift is known);
- the first project's drift filled in;
- a key pressed while the drift is computed (space: "1 selected") until it shows;
- every project's drift known;
beside `paved status --jobs 2` (what a user would otherwise run) over the same fleet.

Usage: python bench/fleet_view.py [--repos 500]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.core.update.fleet import build_fleet, release_managed_change  # noqa: E402

PAVED = str(Path(sys.executable).parent / "paved")


class Pane:
    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.tmux = ["tmux", "-L", f"paved-bench-{uuid.uuid4().hex[:8]}"]
        env = {**env, "TERM": "xterm-256color"}
        for leaked in ("TMUX", "COLUMNS", "LINES"):
            env.pop(leaked, None)
        subprocess.run(
            [*self.tmux, "new-session", "-d", "-x", "120", "-y", "40", "-c", str(cwd), PAVED],
            env=env,
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p"], capture_output=True, text=True
        ).stdout

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", *keys], check=True)

    def until(self, condition, timeout: float = 900) -> float:
        start = time.perf_counter()
        while True:
            shown = self.screen()
            if condition(shown):
                return time.perf_counter()
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"timed out; the screen shows:\n{shown}")
            time.sleep(0.01)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=500)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="paved-bench-view-"))
    try:
        start = time.perf_counter()
        workspace, _ = build_fleet(base, args.repos)
        release_managed_change(workspace)
        built = time.perf_counter() - start
        env = {**os.environ, "PAVED_WORKSPACE": str(workspace.root)}
        subprocess.run([PAVED, "catalog", "list", "--json"], env=env, capture_output=True)
        pane = Pane(workspace.root, env)
        try:
            pane.until(lambda shown: "New project  [n]" in shown, timeout=30)
            pressed = time.perf_counter()
            pane.keys("f")
            listed = pane.until(lambda shown: f"· {args.repos} projects ·" in shown)
            first = pane.until(lambda shown: " behind " in shown or " none " in shown)
            pane.keys("Space")
            keyed = time.perf_counter()
            selected = pane.until(lambda shown: "· 1 selected" in shown)
            computing = "compared" in pane.screen()
            done = pane.until(lambda shown: "compared" not in shown and " behind ·" in shown)
            errors = "Traceback" in pane.screen()
        finally:
            pane.close()
        start = time.perf_counter()
        subprocess.run(
            [PAVED, "status", "--jobs", "2", "--json"], env=env, capture_output=True, check=False
        )
        status = time.perf_counter() - start
    finally:
        shutil.rmtree(base, ignore_errors=True)
    rows = [
        ("fleet built (repos generated, edited, released)", f"{built:.1f} s"),
        ("f → every project listed", f"{listed - pressed:.2f} s"),
        ("f → first drift shown", f"{first - pressed:.2f} s"),
        (
            "space while computing → '1 selected' shown",
            f"{selected - keyed:.2f} s" + ("" if computing else " (drift was already done)"),
        ),
        ("f → every project's drift shown", f"{done - pressed:.1f} s"),
        ("paved status --jobs 2 (whole process, same fleet)", f"{status:.1f} s"),
        ("a traceback on screen", "yes" if errors else "no"),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"\n{args.repos} repos, {os.cpu_count()} cores\n")
    for label, value in rows:
        print(f"{label.ljust(width)}  {value}")


if __name__ == "__main__":
    main()
