"""`paved status --edits`: what owners keep editing in the files the platform manages."""

from __future__ import annotations

from typing import Any

from ..core.errors import ExitCode


def show_edits(
    state: Any,
    owner: str | None,
    golden_path: str | None,
    only: list[str] | None,
    jobs: int,
    as_json: bool,
) -> ExitCode:
    from ..core.update.owner_edits import fleet_edits
    from ..core.update.rows import EDIT_COLUMNS, edit_lines, edit_row

    output = state.output
    report = fleet_edits(
        state.workspace,
        owner=owner,
        golden_path=golden_path,
        only=only or (),
        jobs=jobs,
        reporter=output.progress(enabled=not as_json),
    )
    if as_json:
        output.json(report)
        return ExitCode.OK
    if not report.files:
        output.line("No managed files: no projects on the workspace's golden paths.")
        return ExitCode.OK
    output.table(
        EDIT_COLUMNS,
        [edit_row(file) for file in report.files],
        title=f"Owners' edits to managed files ({report.repos} repos)",
    )
    for file in report.files:
        if file.edits:
            output.line()
            for line in edit_lines(file):
                output.line(line)
    for skipped in report.skipped:
        output.warn(f"not read: {skipped}")
    return ExitCode.OK
