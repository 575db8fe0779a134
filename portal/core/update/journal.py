"""The journal of a rollout: what was asked, and each repo's result as it finished.

A rollout lives in `.paved/rollouts/<id>/` of the workspace (derived state, never
committed): `rollout.json` holds the request and the selected projects (and its waves),
`journal.jsonl` one line per finished repo, appended and synced before the next
result is taken, so a rollout killed at any moment knows exactly what is done, and
`events.jsonl` what happened to the rollout as a whole: each wave started, each gate
passed, stopped or forced, each resume and what it changed. `pull-requests/` holds
the description of each branch it made (`describe`).
"""

from __future__ import annotations

import functools
import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import BadInputError
from .merge import Conflict

ROLLOUTS = "rollouts"
PULL_REQUESTS = "pull-requests"  # in a rollout's folder: each branch's description
# Whether a repo's checks ran on its update branch, and how they ended.
CHECKS_PASSED, CHECKS_FAILED, CHECKS_NOT_RUN = "passed", "failed", "not run"
# The results that count against a wave's gate (`--max-failed`).
FAILED = frozenset({"conflict", "check-failed", "error"})


@dataclass
class RepoResult:
    """One repo's outcome in a rollout, said plainly: what the update did, whether its
    branch is on the remote, and whether its checks passed, failed or did not run."""

    project: str
    repo: str | None
    status: str  # updated, current, conflict, check-failed, skipped, error
    from_version: str | None
    to_version: str
    branch: str | None = None
    changed: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    detail: str = ""
    diff: str = ""  # a dry run's unified diff, when asked for
    pushed: bool = False  # its branch is on its remote (pushed now or by an earlier run)
    checks: str = CHECKS_NOT_RUN
    check_results: dict[str, bool] = field(default_factory=dict)  # each check: passed?
    marks: dict[str, str] = field(default_factory=dict)  # each changed file: A, M or D
    kept: list[str] = field(default_factory=list)  # files whose owner's edits it keeps
    reconcile: list[str] = field(default_factory=list)  # edited, dropped by the version
    base: str | None = None  # the default branch its branch starts from
    remote: str | None = None  # the URL of the remote its branch was pushed to
    wave: int | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RepoResult:
        conflicts = [
            Conflict(
                item["file"],
                [tuple(hunk) for hunk in item["hunks"]],
                list(item.get("excerpts", [])),
            )
            for item in data.get("conflicts", [])
        ]
        return cls(**{**data, "conflicts": conflicts})


class Journal:
    """One rollout's folder: its request, its selection and its results so far."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.id = folder.name

    @classmethod
    def create(cls, index_dir: Path, meta: dict[str, Any]) -> Journal:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        folder = index_dir / ROLLOUTS / f"{stamp}-{secrets.token_hex(2)}"
        folder.mkdir(parents=True)
        journal = cls(folder)
        meta = {"id": journal.id, "created": datetime.now(UTC).isoformat(), **meta}
        temporary = folder / "rollout.json.tmp"
        temporary.write_text(json.dumps(meta, indent=2), "utf-8")
        os.replace(temporary, folder / "rollout.json")
        (folder / "journal.jsonl").touch()
        return journal

    @classmethod
    def open(cls, index_dir: Path, rollout_id: str) -> Journal:
        candidate = Path(rollout_id)
        folder = (
            candidate if _is_file(candidate / "rollout.json") else index_dir / ROLLOUTS / rollout_id
        )
        if not _is_file(folder / "rollout.json"):
            known = ", ".join(j.id for j in all_journals(index_dir)[-5:]) or "none yet"
            raise BadInputError(
                f"no rollout {rollout_id!r} in {index_dir / ROLLOUTS}",
                f"the latest are: {known}",
            )
        return cls(folder)

    @classmethod
    def from_path(cls, path: Path) -> Journal:
        """A journal by its folder, or its `rollout.json` or `journal.jsonl` file."""
        folder = path.parent if path.name in ("rollout.json", "journal.jsonl") else path
        if not _is_file(folder / "rollout.json"):
            raise BadInputError(
                f"{path} is not a rollout journal (no rollout.json in {folder})",
                "give the folders that `paved update --all` wrote in .paved/rollouts/",
            )
        journal = cls(folder)
        _ = journal.meta  # a damaged one is said now, by its file
        return journal

    @functools.cached_property
    def meta(self) -> dict[str, Any]:
        """What the rollout was asked, as `create` wrote it; a damaged file is one line."""
        path = self.folder / "rollout.json"
        try:
            meta = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError) as error:  # UnicodeDecodeError is a ValueError
            raise _damaged(path, str(error).splitlines()[0]) from None
        if not (
            isinstance(meta, dict)
            and isinstance(meta.get("to_version"), str)
            and isinstance(meta.get("request"), dict)
            and isinstance(meta.get("projects"), list)
            and all(isinstance(item, list) and len(item) == 4 for item in meta["projects"])
        ):
            raise _damaged(path, "not the request and projects a rollout records")
        return meta

    def results(self) -> dict[str, RepoResult]:
        """Finished repos by project; a line cut short by a kill (or damaged) is ignored."""
        found: dict[str, RepoResult] = {}
        path = self.folder / "journal.jsonl"
        if not _is_file(path):
            return found
        for line in path.read_bytes().splitlines():
            try:
                result = RepoResult.from_json(json.loads(line))
            except (ValueError, TypeError, KeyError, AttributeError):
                continue
            if isinstance(result.project, str):
                found[result.project] = result
        return found

    def record(self, result: RepoResult) -> None:
        _append(self.folder / "journal.jsonl", asdict(result))

    def write_description(self, project: str, text: str) -> Path:
        """The pull request description of a project's branch, as the workflow reads it
        (`pull-requests/<project>.md`)."""
        folder = self.folder / PULL_REQUESTS
        folder.mkdir(exist_ok=True)
        path = folder / f"{project}.md"
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(text, "utf-8")
        os.replace(temporary, path)
        return path

    def record_event(self, event: dict[str, Any]) -> None:
        """What happened to the rollout as a whole (a wave, a gate, a resume)."""
        _append(self.folder / "events.jsonl", {"at": datetime.now(UTC).isoformat(), **event})

    def events(self) -> list[dict[str, Any]]:
        """The rollout's events, oldest first; a line cut short by a kill is ignored."""
        path = self.folder / "events.jsonl"
        found = []
        for line in path.read_bytes().splitlines() if _is_file(path) else []:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict) and isinstance(event.get("event"), str):
                found.append(event)
        return found


def _append(path: Path, value: dict[str, Any]) -> None:
    """One JSON line appended and synced; a line a kill cut short stays on its own."""
    line = json.dumps(value, separators=(",", ":")).encode() + b"\n"
    with open(path, "a+b") as handle:
        if handle.seek(0, os.SEEK_END):
            handle.seek(-1, os.SEEK_END)
            if handle.read(1) != b"\n":
                line = b"\n" + line
        handle.write(line)
        handle.flush()
        os.fsync(handle.fileno())


def open_journals(index_dir: Path, rollouts: list[str], files: bool = False) -> list[Journal]:
    """Journals by rollout id, or (`files`) by folder or file (CI artifacts)."""
    if files:
        return [Journal.from_path(Path(path)) for path in rollouts]
    return [Journal.open(index_dir, rollout_id) for rollout_id in rollouts]


def _damaged(path: Path, why: str) -> BadInputError:
    return BadInputError(
        f"{path} is damaged ({why})",
        "that rollout cannot be resumed or reported; start a new one with "
        "`paved update --all` (what it did is on its branches)",
    )


def _is_file(path: Path) -> bool:
    """Whether `path` is a file; a name the system refuses (too long...) is not one."""
    try:
        return path.is_file()
    except OSError:
        return False


def all_journals(index_dir: Path) -> list[Journal]:
    """Every rollout of the workspace, oldest first."""
    folder = index_dir / ROLLOUTS
    if not folder.is_dir():
        return []
    return [Journal(path) for path in sorted(folder.iterdir()) if (path / "rollout.json").is_file()]


def last_results(index_dir: Path) -> dict[str, RepoResult]:
    """Each project's result in the latest rollout that reached it (dry runs left out)."""
    found: dict[str, RepoResult] = {}
    for journal in all_journals(index_dir):
        try:
            if journal.meta["request"].get("dry_run"):
                continue
        except BadInputError:  # derived state: a damaged journal is left out
            continue
        found.update(journal.results())
    return found
