"""Command line of this project: `python -m <package> build` or `check`.

Managed by the platform (paved) and updated by its rollouts (paved update). The work is
done by the platform runtime, paved_runtime.
"""

from paved_runtime import producer_main


def main(argv: list[str] | None = None) -> int:
    return producer_main(argv, prog=__package__)


if __name__ == "__main__":
    raise SystemExit(main())
