"""A new user's first minute: building the demo, the TUI's first paint, and start-up.

Side by side in one run, each as a whole process (median of --runs, worst in brackets):
- `paved demo --reset`: the demo workspace built from the golden paths (target: 30 s);
- the TUI's first paint on the demo, read off a real terminal (tmux), beside a
  hello-world Textual app painted the same way (the floor for any Textual app);
- `paved --help` and `paved catalog list` on the demo, beside `python -c pass`.

Usage: python bench/first_run.py [--runs 5]
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
import uuid
from pathlib import Path

PAVED = str(Path(sys.executable).parent / "paved")
HELLO = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Hello(App):\n"
    "    def compose(self):\n"
    "        yield Static('New project')\n"
    "Hello().run()\n"
)


def whole_process(command: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def first_paint(command: list[str], env: dict[str, str], cwd: Path, text: str) -> float:
    """Seconds from starting `command` in a 100x30 tmux pane to `text` on screen."""
    socket = f"paved-bench-{uuid.uuid4().hex[:8]}"
    tmux = ["tmux", "-L", socket]
    env = {**env, "TERM": "xterm-256color"}
    for leaked in ("TMUX", "COLUMNS", "LINES"):
        env.pop(leaked, None)
    start = time.perf_counter()
    subprocess.run(
        [*tmux, "new-session", "-d", "-x", "100", "-y", "30", "-c", str(cwd), *command],
        env=env,
        check=True,
    )
    try:
        while True:
            shown = subprocess.run(
                [*tmux, "capture-pane", "-p"], capture_output=True, text=True
            ).stdout
            if text in shown:
                return time.perf_counter() - start
            if time.perf_counter() - start > 30:
                raise RuntimeError(f"{text!r} never appeared:\n{shown}")
            time.sleep(0.005)
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def summary(times: list[float]) -> str:
    return f"{statistics.median(times):.3f} s (max {max(times):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="paved-bench-first-"))
    env = {**os.environ, "PAVED_DATA_DIR": str(base / "data")}
    env.pop("PAVED_WORKSPACE", None)
    rows = []
    try:
        builds = [
            whole_process([PAVED, "demo", "--reset", "--json"], env, base)
            for _ in range(max(1, args.runs // 2))
        ]
        rows.append(("paved demo --reset (build the demo)", summary(builds), "-", "30 s"))
        hello = base / "hello.py"
        hello.write_text(HELLO)
        paints: dict[str, list[float]] = {"paved": [], "hello": []}
        for _ in range(args.runs):  # alternate, so load hits both alike
            paints["paved"].append(first_paint([PAVED], env, base, "New project  [n]"))
            paints["hello"].append(
                first_paint([sys.executable, str(hello)], env, base, "New project")
            )
        rows.append(
            (
                "TUI first paint on the demo (tmux)",
                summary(paints["paved"]),
                f"{summary(paints['hello'])} hello-world Textual app",
                "1 s",
            )
        )
        floor = [whole_process([sys.executable, "-c", "pass"], env, base) for _ in range(args.runs)]
        for label, argv in (
            ("paved --help", ["--help"]),
            ("paved catalog list (demo)", ["catalog", "list"]),
            ("paved catalog list --json (demo)", ["catalog", "list", "--json"]),
        ):
            times = [whole_process([PAVED, *argv], env, base) for _ in range(args.runs)]
            rows.append((label, summary(times), f"{summary(floor)} python -c pass", "-"))
    finally:
        shutil.rmtree(base, ignore_errors=True)
    header = ("what (whole process)", "paved", "beside it", "target")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    print(f"\n{os.cpu_count()} cores; median of {args.runs} runs (demo: of {len(builds)})\n")
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
