"""Command line of this project: `python -m <package> build` or `check`.

Managed by the platform (paved); rollouts update it. The runtime, paved_runtime, does the work.
"""

from paved_runtime import producer_main


def main(argv: list[str] | None = None) -> int:
    return producer_main(argv, prog=__package__)


if __name__ == "__main__":
    raise SystemExit(main())
