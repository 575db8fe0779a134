"""Command line of this job: `python -m <package> run`, `check` or `fixtures`.

Managed by the platform (paved) and updated by its rollouts (paved update). The work is
done by the platform runtime, paved_runtime.
"""

from paved_runtime import job_main


def main(argv: list[str] | None = None) -> int:
    return job_main(argv, prog=__package__)


if __name__ == "__main__":
    raise SystemExit(main())
