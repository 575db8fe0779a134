"""How a rollout's results, its waves and the fleet's edits read: one presentation of
each record, the rows and lines the CLI's tables and the TUI's screens both show (plain
text, no UI)."""

from __future__ import annotations

from typing import Any

from ..reporting import tally
from .journal import CHECKS_NOT_RUN, RepoResult
from .owner_edits import ManagedFile
from .waves import WaveReport

RESULT_COLUMNS = ("project", "result", "from", "to", "branch", "pushed", "checks", "detail")


def result_row(repo: RepoResult) -> tuple[str, ...]:
    """A repo's result: what happened, whether its branch is on its remote and whether
    its checks passed, failed or did not run."""
    return (
        repo.project,
        repo.status,
        repo.from_version or "?",
        repo.to_version,
        repo.branch or "—",
        pushed(repo),
        repo.checks or CHECKS_NOT_RUN,
        detail(repo),
    )


def pushed(repo: RepoResult) -> str:
    if not repo.branch:
        return "—"
    return "yes" if repo.pushed else "no"


def detail(repo: RepoResult) -> str:
    """The result's own words, else the files it changes; conflicts with their lines."""
    said = repo.detail
    if not said and repo.changed:
        shown = ", ".join(repo.changed[:3])
        more = f" and {len(repo.changed) - 3} more" if len(repo.changed) > 3 else ""
        said = f"changes {shown}{more}"
    if repo.conflicts:
        hunks = "; ".join(
            f"{c.file} lines {', '.join(f'{start}-{end}' for start, end in c.hunks)}"
            for c in repo.conflicts
        )
        said = f"{said} ({hunks})" if said else hunks
    return said


def wave_line(wave: WaveReport) -> str:
    """`wave 1 (v1.1.0): 5 repos, 5 done, 1 failed (2 allowed): passed`."""
    version = f" ({wave.version})" if wave.version else ""
    gate = f": {wave.gate}" if wave.gate else ""
    return (
        f"wave {wave.number}{version}: {wave.size} repo{'' if wave.size == 1 else 's'}, "
        f"{wave.done} done, {len(wave.failed)} failed ({wave.allowed} allowed){gate}"
    )


def stop_lines(rollout_id: str, wave: WaveReport, waiting: int, waves: int) -> list[str]:
    """What a stopped rollout says: which repos failed and why, and how to go on."""
    lines = [
        f"rollout {rollout_id} stopped after wave {wave.number} of {waves}: "
        f"{len(wave.failed)} of its repos failed, {wave.allowed} allowed (--max-failed); "
        f"{waiting} repo{'' if waiting == 1 else 's'} of later waves left untouched",
    ]
    lines += [f"  {failure}" for failure in wave.failed]
    lines.append(
        f"release a fix, then `paved update --all --resume {rollout_id}` (what is left takes "
        "the newest version), or go on anyway with `--resume "
        f"{rollout_id} --force-wave`"
    )
    return lines


def summary_markdown(result: Any) -> str:
    """A rollout's report in markdown (a CI job's summary): its waves and each repo."""
    what = " (dry run)" if result.dry_run else ""
    lines = [f"## Rollout {result.id} to {result.to_version}{what}", ""]
    lines += [f"{tally(r.status for r in result.results) or 'No projects selected'}.", ""]
    if result.waves:
        lines += [f"- {wave_line(wave)}" for wave in result.waves] + [""]
    if result.stopped is not None:
        wave = result.waves[result.stopped - 1]
        lines += [f"**Stopped after wave {wave.number}:**", ""]
        lines += [f"- {failure}" for failure in wave.failed] + [""]
    lines += ["| " + " | ".join(RESULT_COLUMNS) + " |", "|" + " --- |" * len(RESULT_COLUMNS)]
    for repo in result.results:
        cells = (cell.replace("|", "\\|").replace("\n", " ") for cell in result_row(repo))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


EDIT_COLUMNS = (
    "golden path",
    "managed file",
    "repos",
    "edited",
    "deleted",
    "commonest edit",
    "suggests",
)


def edit_row(file: ManagedFile) -> tuple[str, ...]:
    """A managed file: how many repos edited it, and its commonest edit in brief."""
    top = file.edits[0] if file.edits else None
    commonest = ""
    if top is not None:
        lines = top.hunk.splitlines()
        first = next((line for line in lines if line[1:].strip()), lines[0] if lines else "")
        more = " …" if len(lines) > 1 else ""
        commonest = f"{top.repos}× {first}{more}"
    share = f"{file.edited} ({round(100 * file.edited / file.repos)}%)" if file.repos else "0"
    return (
        file.golden_path,
        file.file,
        str(file.repos),
        share,
        str(file.deleted),
        commonest,
        file.suggests,
    )


def edit_lines(file: ManagedFile) -> list[str]:
    """A managed file's commonest edits in full: each hunk, and who made it."""
    lines = [f"{file.golden_path}: {file.file}: {file.edited} of {file.repos} repos edited it"]
    for edit in file.edits:
        named = ", ".join(edit.examples) + (" …" if edit.repos > len(edit.examples) else "")
        lines.append(f"  {edit.repos} repo{'' if edit.repos == 1 else 's'} ({named}):")
        lines += [f"      {line}" for line in edit.hunk.splitlines()]
    return lines
