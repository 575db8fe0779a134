"""Command line of this job: `python -m <package> run`, `check` or `fixtures`.

Managed by the platform (paved): a template update may change this file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import JobError, load_job, project_root
from .contract import ContractError
from .job import check_output, run, write_fixtures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=__package__, description="Run this ETL job.")
    parser.add_argument("--root", type=Path, default=None, help="project folder")
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser(
        "run", help="read the inputs, build the output, check it against its contract, write it"
    )
    run_parser.add_argument(
        "--fixtures", action="store_true", help="read fixtures, write to output/fixtures/"
    )
    run_parser.add_argument(
        "--dry-run", action="store_true", help="build and check, but write nothing"
    )
    check_parser = commands.add_parser(
        "check", help="check the written output against its contract"
    )
    check_parser.add_argument(
        "--fixtures", action="store_true", help="check the output of a run on fixtures"
    )
    commands.add_parser(
        "fixtures", help="write made-up rows to tests/fixtures/ for inputs that have no file"
    )
    args = parser.parse_args(argv)
    try:
        job = load_job(project_root(args.root))
        if args.command == "run":
            result = run(job, fixtures=args.fixtures, write=not args.dry_run)
            violations = result.violations
            summary = f"{result.dataset}: {result.new_rows} new rows, {result.rows} in all"
            if result.output:
                summary += f" -> {_shown(result.output, job.root)}"
        elif args.command == "check":
            violations = check_output(job, fixtures=args.fixtures)
            summary = f"{job.output_dataset}: the output meets its contract"
        else:
            written = write_fixtures(job)
            violations = []
            summary = "\n".join(f"wrote {_shown(path, job.root)}" for path in written)
            summary = summary or "every pinned input already has a fixture file"
    except (ContractError, JobError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if violations:
        print(f"{job.output_dataset}: the output breaks its contract", file=sys.stderr)
        for violation in violations:
            print(f"  - {violation}", file=sys.stderr)
        return 1
    print(summary)
    return 0


def _shown(location: str | Path, root: Path) -> str:
    """A location relative to the project when it is inside it."""
    path = Path(location)
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(location)


if __name__ == "__main__":
    raise SystemExit(main())
