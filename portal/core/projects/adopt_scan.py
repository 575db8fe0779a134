"""`paved adopt --scan DIR` (or `--from FILE`): every git repo of an organisation into
the catalog in one run.

Each repo is adopted as `paved adopt` adopts one (`adopt`): linked where it records a
template that is a golden path, registered plain otherwise; its owner is the one its
own files name (`catalog-info.yaml`, then CODEOWNERS), else the one given. A repo that
cannot be adopted is reported and the others go on; the catalog gets every adopted
repo in one commit of the workspace. A rerun changes nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from ..catalog.index import open_index
from ..errors import BadInputError, DuplicateNameError, ExitCode, PortalError
from ..reporting import NullReporter, Reporter
from ..workspace.model import Workspace
from .adopt import (
    Adoption,
    AdoptRequest,
    apply_to_repo,
    check_in_catalog,
    inspect_repo,
    register,
    undo_in_repo,
    would,
)

_T = TypeVar("_T")
_R = TypeVar("_R")


class ScannedRepo(BaseModel):
    """One repo's part in a bulk adoption."""

    repo: Path
    # adopted, updated (adopted before: linked now, or its catalog-info changed),
    # unchanged, error; a dry run's "would adopt", "would update"
    status: str
    name: str | None = None
    owner: str | None = None
    owner_from: str | None = None  # catalog-info.yaml spec.owner, CODEOWNERS, --owner
    golden_path: str | None = None
    template_version: str | None = None
    committed: list[str] = Field(default_factory=list)
    detail: str = ""  # why it failed; or a template it records that is no golden path


class ScanResult(BaseModel):
    dry_run: bool
    repos: list[ScannedRepo]

    @property
    def exit_code(self) -> ExitCode:
        failed = any(repo.status == "error" for repo in self.repos)
        return ExitCode.PARTIAL if failed else ExitCode.OK


def repos_below(folder: Path) -> list[Path]:
    """Every git repo below `folder` (itself included), in name order; a repo's own
    folders are not looked into, nor hidden ones."""
    folder = folder.expanduser().resolve()
    if not folder.is_dir():
        raise BadInputError(f"{folder} is not a folder", "give --scan the folder holding the repos")
    found = []
    for top, dirs, _ in os.walk(folder):
        if os.path.exists(os.path.join(top, ".git")):
            found.append(Path(top))
            dirs[:] = []
            continue
        dirs[:] = sorted(name for name in dirs if not name.startswith("."))
    return sorted(found)


def repos_listed(listing: Path) -> list[Path]:
    """The repos a file lists, one folder a line (relative ones from the file's folder;
    blank lines and `#` comments left out)."""
    try:
        lines = listing.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BadInputError(
            f"cannot read {listing}: {error}", "give a text file of repo folders"
        ) from None
    folders = [line.split("#", 1)[0].strip() for line in lines]
    return [(listing.parent / folder).resolve() for folder in folders if folder]


def adopt_many(
    workspace: Workspace,
    repos: list[Path],
    owner: str | None,
    dry_run: bool = False,
    jobs: int = 2,
    reporter: Reporter | None = None,
) -> ScanResult:
    """Adopt every repo of `repos`; `owner` for those whose files name none."""
    reporter = reporter or NullReporter()
    reporter.start(f"Adopting {len(repos)} repos", total=2 * len(repos))
    entries: dict[Path, ScannedRepo] = {}
    try:
        planned = _plan_all(workspace, repos, owner, jobs, reporter, entries)
        if dry_run:
            for adoption in planned:
                entries[adoption.repo] = _entry(adoption, would(workspace, adoption))
                reporter.advance(adoption.name)
            return ScanResult(dry_run=True, repos=[entries[repo] for repo in _order(repos)])
        applied = _apply_all(planned, jobs, reporter, entries)
        commits = {adoption.repo: commit for adoption, commit in applied}
        kept = [adoption for adoption, _ in applied]
        try:
            statuses = register(workspace, kept, _message(kept))
        except BaseException:
            for adoption, commit in applied:
                undo_in_repo(adoption, commit)
            raise
        for adoption, status in zip(kept, statuses, strict=True):
            entries[adoption.repo] = _entry(adoption, status, commits[adoption.repo])
    finally:
        reporter.finish()
    return ScanResult(dry_run=False, repos=[entries[repo] for repo in _order(repos)])


def _order(repos: list[Path]) -> list[Path]:
    return list(dict.fromkeys(repo.expanduser().resolve() for repo in repos))


def _plan_all(
    workspace: Workspace,
    repos: list[Path],
    owner: str | None,
    jobs: int,
    reporter: Reporter,
    entries: dict[Path, ScannedRepo],
) -> list[Adoption]:
    """Each repo looked at (in `jobs` threads), then checked against the catalog and
    the names they take against one another, in the order given."""
    _ = workspace.golden_paths  # loaded once, before the threads

    def inspect(repo: Path) -> Adoption | PortalError:
        try:
            return inspect_repo(workspace, AdoptRequest(repo=repo, owner=owner), True)
        except PortalError as error:
            return error

    outcomes = list(_parallel(inspect, _order(repos), jobs))
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        for number, (repo, outcome) in enumerate(outcomes):
            if isinstance(outcome, Adoption):
                try:
                    check_in_catalog(index, outcome)
                except PortalError as error:
                    outcomes[number] = (repo, error)
    planned = []
    taken: dict[tuple[str, str], Path] = {}
    for repo, outcome in outcomes:
        reporter.advance(repo.name)
        if isinstance(outcome, PortalError):
            entries[repo] = _failed(repo, outcome)
            continue
        clash = next((taken[key] for key in outcome.entity_names if key in taken), None)
        if clash is not None:
            error = DuplicateNameError(f"{outcome.name!r} is taken by {clash} in this run", "")
            entries[repo] = _failed(repo, error)
            continue
        taken.update({key: repo for key in outcome.entity_names})
        planned.append(outcome)
    return planned


def _apply_all(
    planned: list[Adoption], jobs: int, reporter: Reporter, entries: dict[Path, ScannedRepo]
) -> list[tuple[Adoption, str | None]]:
    def apply(adoption: Adoption) -> str | None | PortalError:
        try:
            return apply_to_repo(adoption)
        except PortalError as error:
            return error

    applied = []
    for adoption, outcome in _parallel(apply, planned, jobs):
        reporter.advance(adoption.name)
        if isinstance(outcome, PortalError):
            entries[adoption.repo] = _failed(adoption.repo, outcome)
        else:
            applied.append((adoption, outcome))
    return applied


def _parallel(work: Callable[[_T], _R], items: list[_T], jobs: int) -> Iterator[tuple[_T, _R]]:
    """`work` on each item in `jobs` threads (git does the work, in its own processes);
    results in the items' order."""
    if jobs <= 1 or len(items) <= 1:
        yield from ((item, work(item)) for item in items)
        return
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        yield from zip(items, pool.map(work, items), strict=True)


def _entry(adoption: Adoption, status: str, commit: Any = None) -> ScannedRepo:
    return ScannedRepo(
        repo=adoption.repo,
        status=status,
        name=adoption.name,
        owner=adoption.owner,
        owner_from=adoption.owner_from,
        golden_path=adoption.path.name if adoption.path else None,
        template_version=adoption.version,
        committed=sorted(adoption.files) if commit or status.startswith("would") else [],
        detail=unlinked_note(adoption.repo, adoption.unlinked_source)
        if adoption.unlinked_source
        else "",
    )


def _failed(repo: Path, error: PortalError) -> ScannedRepo:
    detail = error.message + (f" ({error.hint})" if error.hint else "")
    return ScannedRepo(repo=repo, status="error", detail=detail)


def unlinked_note(repo: Path, source: str) -> str:
    """What to do about a repo whose template is no golden path."""
    name = suggested_path_name(source)
    return (
        f"its template {source} is no golden path: `paved paths add {name} {source}` adds it, "
        f"then `paved adopt {repo}` links it"
    )


def suggested_path_name(source: str) -> str:
    """A golden path name for a template source: its repository's name, as paved spells
    golden path names (`cookiecutter-Service.git` -> `cookiecutter-service`)."""
    last = source.rstrip("/").rpartition("/")[2].rpartition(":")[2].removesuffix(".git")
    name = re.sub(r"[^a-z0-9]+", "-", last.lower()).strip("-")
    return name if name[:1].isalpha() else f"t-{name}" if name else "template"


def _message(adoptions: list[Adoption]) -> str:
    names = [adoption.name for adoption in adoptions]
    shown = ", ".join(names[:10]) + (f" and {len(names) - 10} more" if len(names) > 10 else "")
    return f"catalog: adopt {len(names)} repo(s): {shown}"
