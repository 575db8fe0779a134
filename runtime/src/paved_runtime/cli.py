"""The command lines generated repos expose: `python -m <package> run|check|fixtures`
for a job, `python -m <package> build|check` for a dataset producer.

Exit codes: 0 ok, 1 the data breaks its contract, 2 the project cannot run (the
message on stderr names the file to fix).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import flow, producer
from .checks import Violation, failing
from .config import load_job, project_root, shown
from .errors import FlowError
from .inputs import write_fixtures


def job_main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """The command line of an ETL job."""
    parser = argparse.ArgumentParser(prog=prog, description="Run this ETL job.")
    parser.add_argument("--root", type=Path, default=None, help="project folder")
    commands = parser.add_subparsers(dest="command", required=True)
    run_parser = commands.add_parser(
        "run", help="read the inputs, build the output, check it against its contract, write it"
    )
    run_parser.add_argument(
        "--fixtures", action="store_true", help="read fixtures, write to output/fixtures/"
    )
    run_parser.add_argument("--dry-run", action="store_true", help="build and check, write nothing")
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
            result = flow.run(job, fixtures=args.fixtures, write=not args.dry_run)
            violations = result.violations
            summary = f"{result.dataset}: {result.new_rows} new rows, {result.rows} in all"
            if result.output:
                summary += f" -> {shown(job.root, result.output)}"
            for name, location in result.published.items():
                summary += f"\n{name}: published -> {shown(job.root, location)}"
        elif args.command == "check":
            violations = flow.check_output(job, fixtures=args.fixtures)
            summary = f"{job.output_dataset}: the output meets its contract"
        else:
            written = write_fixtures(job)
            violations = []
            summary = "\n".join(f"wrote {shown(job.root, path)}" for path in written)
            summary = summary or "every pinned input already has a fixture file"
    except FlowError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return _report(job.output_dataset, violations, summary)


def producer_main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """The command line of a dataset producer."""
    parser = argparse.ArgumentParser(
        prog=prog, description="Build this project's datasets and check them."
    )
    parser.add_argument("command", choices=["build", "check"])
    parser.add_argument("--root", type=Path, default=None, help="project folder")
    parser.add_argument("--dataset", action="append", help="only this dataset (repeatable)")
    args = parser.parse_args(argv)
    failed = False
    try:
        root = producer.project_root(args.root)
        for name in args.dataset or producer.datasets(root):
            if args.command == "build":
                result = producer.build(root, name)
                violations = result.violations
                summary = f"{name}: {result.rows} rows"
                if result.output:
                    summary += f" -> {shown(root, result.output)}"
            else:
                violations = producer.check_output(root, name)
                summary = f"{name}: output meets its contract"
            failed = bool(_report(name, violations, summary)) or failed
    except FlowError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 1 if failed else 0


def _report(dataset: str, violations: list[Violation], summary: str) -> int:
    if failing(violations):
        print(f"{dataset}: breaks its contract", file=sys.stderr)
    for violation in violations:
        print(f"  - {violation}", file=sys.stderr)
    if failing(violations):
        return 1
    print(summary)
    return 0
