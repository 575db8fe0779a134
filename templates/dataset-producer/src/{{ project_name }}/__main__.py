"""Command line of this project: `python -m <package> build` or `check`.

Managed by the platform (paved): a template update may change this file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .build import build, check_output, datasets, project_root
from .contract import ContractError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=__package__, description=__doc__)
    parser.add_argument("command", choices=["build", "check"])
    parser.add_argument("--root", type=Path, default=None, help="project folder")
    parser.add_argument("--dataset", action="append", help="only this dataset (repeatable)")
    args = parser.parse_args(argv)
    try:
        root = project_root(args.root)
        names = args.dataset or datasets(root)
        failed = False
        for name in names:
            if args.command == "build":
                result = build(root, name)
                violations = result.violations
                summary = f"{name}: {result.rows} rows"
                if result.output:
                    summary += f" -> {result.output.relative_to(root)}"
            else:
                violations = check_output(root, name)
                summary = f"{name}: output meets its contract"
            if violations:
                failed = True
                print(f"{name}: breaks its contract", file=sys.stderr)
                for violation in violations:
                    print(f"  - {violation}", file=sys.stderr)
            else:
                print(summary)
    except (ContractError, FileNotFoundError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
