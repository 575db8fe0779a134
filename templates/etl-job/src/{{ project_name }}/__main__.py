"""Command line of this job: `python -m <package> run`, `check` or `fixtures`.

Managed by the platform (paved); rollouts update it. The runtime, paved_runtime, does the work.
"""

from paved_runtime import job_main


def main(argv: list[str] | None = None) -> int:
    return job_main(argv, prog=__package__)


if __name__ == "__main__":
    raise SystemExit(main())
