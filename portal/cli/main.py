"""The `paved` entry point.

A catalog lookup stats every entity file before it answers (see
`core.catalog.freshness`): at 100,000 entities that is about 0.1 s, as long as
importing and parsing the command line. So when the arguments name a lookup, the scan
starts first, in a forked child on another core, and the lookup collects it
(`core.catalog.index.ask`). Commands that write the catalog scan under its lock instead.
"""

from __future__ import annotations

import os
import sys

# The catalog commands that only read it (the TUI's `browse` keeps its own pace).
_LOOKUPS = frozenset({"list", "show", "owner", "consumers", "impact", "validate", "graph"})


def run(argv: list[str] | None = None) -> int:
    # paved's own process, not a caller's: forking it is ours to do. PAVED_SCAN_AHEAD=0
    # turns it off (bench/scan_ahead.py measures what it saves).
    if argv is None and os.environ.get("PAVED_SCAN_AHEAD") != "0":
        _scan_catalog_ahead(sys.argv[1:])
    from .app import run as run_command

    return run_command(argv)


def main() -> None:
    sys.exit(run())


def _scan_catalog_ahead(args: list[str]) -> None:
    """Start the catalog scan when `args` are `[-w DIR] catalog SUBCOMMAND ...`.

    A guess, never a decision: `typer` parses the arguments afterwards as always, and a
    scan nobody collects costs only a core's spare time.
    """
    workspace = None
    words = iter(args)
    for word in words:
        if word in ("-w", "--workspace"):
            workspace = next(words, None)
        elif word.startswith("--workspace="):
            workspace = word.partition("=")[2]
        elif word.startswith("-w") and len(word) > 2:
            workspace = word[2:]
        elif word == "catalog":
            break
        else:
            return
    else:
        return
    rest = list(words)
    if not rest or "-h" in rest or "--help" in rest:
        return
    if rest[0] not in _LOOKUPS and rest[:2] != ["team", "list"]:
        return
    folder = _catalog_folder(workspace)
    if folder is not None:
        from ..core.catalog.freshness import scan_ahead

        scan_ahead(folder)


def _catalog_folder(workspace: str | None) -> str | None:
    """The catalog folder the command will most likely use, or None when in doubt.

    The workspace as `core.workspace` finds it, and its `catalog/` folder: a workspace
    whose paved.toml names another folder gets no scan ahead (reading TOML would cost
    as much as the scan saves), its command scans as usual.
    """
    from ..core.locate import locate

    try:
        root, _ = locate(workspace)
    except Exception:  # noqa: BLE001 - a guess: whatever is wrong, the command says it
        return None
    folder = os.path.join(root, "catalog")
    return folder if os.path.isdir(folder) else None
