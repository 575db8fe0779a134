"""A forecast before the release: what `paved release VERSION` would do to every project.

The release is rehearsed in a scratch clone of the workspace (`workspace.release.
rehearsal`: its runtime version, its changelog, its tag), and the fleet's status taken
against it, exactly as `paved status` takes it after the real release: each project
unchanged, updated cleanly (its files), or conflicting (its files and lines), with the
checks a rollout would run. Nothing is tagged and nothing of the workspace or the
repos is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..reporting import Reporter
from ..workspace.model import Workspace
from ..workspace.release import rehearsal
from ..workspace.runtime import releases
from .status import DriftRecord, fleet_status


@dataclass
class Forecast:
    """The release a forecast rehearsed, and the fleet's status against it."""

    version: str  # the tag the release would make
    previous: str | None  # the latest tag now
    runtime: str | None  # the runtime tag the release would make, if any
    records: list[DriftRecord]


def forecast_release(
    workspace: Workspace,
    version: str,
    *,
    message: str = "",
    jobs: int = 1,
    reporter: Reporter | None = None,
    on_record: Callable[[DriftRecord], None] | None = None,
) -> Forecast:
    """`paved release VERSION --dry-run`: the status every project would have."""
    previous = workspace.latest_tag()
    runtime_before = releases(workspace.root)
    with rehearsal(workspace, version, message) as rehearsed:
        tag = rehearsed.require_latest_tag()
        runtime_after = releases(rehearsed.root)
        records = fleet_status(rehearsed, jobs=jobs, reporter=reporter, on_record=on_record)
    runtime = runtime_after[-1][1] if runtime_after != runtime_before else None
    return Forecast(tag, previous, runtime, records)
