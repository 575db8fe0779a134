"""The `paved` entry point: the console script calls `main`."""

from __future__ import annotations

import sys


def run(argv: list[str] | None = None) -> int:
    from .app import run as run_command

    return run_command(argv)


def main() -> None:
    sys.exit(run())
