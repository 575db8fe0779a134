"""Waves: a release tried on a few repos before the fleet, each wave gated by the last.

`--waves 5,25%,100%` splits the selected repos into waves by cumulative size (a count,
or a share of the selection; the last is always 100%). The order is stable across
runs and machines (a hash of each project's name), and the first wave is chosen to
cover every golden path the release changes, so every changed template meets its checks
before the fleet does. A wave starts only when the last one's failures (conflicts,
failed checks, errors) stay within `--max-failed` (a count, or a share of the wave).
"""

from __future__ import annotations

import hashlib
import math
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..catalog.index import open_index
from ..errors import BadInputError
from ..git import commands as git
from ..git import objects as git_objects
from ..workspace.model import Workspace
from ..workspace.runtime import FOLDER as RUNTIME_FOLDER
from .journal import FAILED, RepoResult

# A gate's outcomes: the next wave may start, it may not, or it was told to anyway.
PASSED, STOPPED, FORCED = "passed", "stopped", "forced"
# What touches every golden path's renders when it changes between two versions.
_SHARED = ("copier.yml", RUNTIME_FOLDER)


@dataclass(frozen=True)
class Size:
    """A wave's reach, counted from the start of the rollout: repos, or a percentage."""

    count: int | None = None
    share: float | None = None

    def of(self, total: int) -> int:
        if self.count is not None:
            return min(self.count, total)
        assert self.share is not None
        return math.ceil(total * self.share / 100)


@dataclass
class WaveReport:
    """One wave as a report shows it: its repos, the version they went to, how many
    of them failed against how many it allows, and its gate."""

    number: int
    size: int  # repos in the wave, across every shard
    version: str | None = None
    done: int = 0  # its repos with a result (in the journals reported)
    failed: list[str] = field(default_factory=list)  # "project: status (detail)"
    allowed: int = 0
    gate: str = ""  # passed, stopped, forced; empty: not decided (last wave, or running)


def parse_sizes(text: str) -> list[Size]:
    """`5,25%,100%`: cumulative sizes, growing, ending at 100%."""
    sizes = []
    for item in (part.strip() for part in text.split(",")):
        sizes.append(_size(item, f"invalid --waves {text!r}", allow_zero=False))
    if sizes[-1] != Size(share=100.0):
        raise BadInputError(
            f"invalid --waves {text!r}: the last wave must be 100%",
            "waves end with the whole selection, e.g. --waves 5,25%,100%",
        )
    for before, after in zip(sizes, sizes[1:], strict=False):
        counts = before.count is not None and after.count is not None
        shares = before.share is not None and after.share is not None
        if (counts and after.count <= before.count) or (shares and after.share <= before.share):
            raise BadInputError(
                f"invalid --waves {text!r}: each wave must reach further than the last",
                "give growing counts or shares, e.g. --waves 5,25%,100%",
            )
    return sizes


def parse_max_failed(text: str) -> Size:
    """`--max-failed`: a count (0 and up) or a share of a wave (`10%`)."""
    return _size(text.strip(), f"invalid --max-failed {text!r}", allow_zero=True)


def _size(item: str, message: str, allow_zero: bool) -> Size:
    hint = "give a count (5) or a share (25%)"
    try:
        if item.endswith("%"):
            share = float(item[:-1])
            if not (0 <= share <= 100) or (share == 0 and not allow_zero) or math.isnan(share):
                raise ValueError
            return Size(share=share)
        count = int(item)
        if count < (0 if allow_zero else 1):
            raise ValueError
        return Size(count=count)
    except ValueError:
        raise BadInputError(message, hint) from None


def allowed(max_failed: Size, wave_size: int) -> int:
    """How many of a wave's repos may fail before the next wave is held back."""
    if max_failed.count is not None:
        return max_failed.count
    assert max_failed.share is not None
    return math.floor(wave_size * max_failed.share / 100)


def _order(name: str) -> bytes:
    return hashlib.sha256(name.encode()).digest()


def plan(
    workspace: Workspace,
    projects: list[tuple[str, str | None]],
    sizes: list[Size],
    to_tag: str,
    outside: dict[str, str],
) -> list[list[str]]:
    """The projects of each wave, by name: `projects` are (name, golden path), the
    whole selection (every shard); the first wave covers every changed golden path."""
    ordered = sorted(projects, key=lambda project: _order(project[0]))
    changed = changed_paths(workspace, {path for _, path in projects if path}, to_tag, outside)
    first: list[str] = []
    for path in sorted(changed):
        first += [name for name, on in ordered if on == path][:1]
    rest = [name for name, _ in ordered if name not in first]
    waves, taken = [], 0
    for number, size in enumerate(sizes):
        reach = size.of(len(ordered))
        members = first if number == 0 else []
        while taken < len(rest) and len(members) + _assigned(waves) < reach:
            members = [*members, rest[taken]]
            taken += 1
        waves.append(members)
    return waves


def _assigned(waves: list[list[str]]) -> int:
    return sum(len(wave) for wave in waves)


def changed_paths(
    workspace: Workspace, paths: set[str], to_tag: str, outside: dict[str, str]
) -> set[str]:
    """The golden paths among `paths` whose template the release changes for some of
    their projects: from each project's version in the catalog to `to_tag` (an outside
    path: to its own target version)."""
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        versions: dict[str, set[str | None]] = {}
        for row in index.entities(kind="Component"):
            if row["golden_path"] in paths:
                versions.setdefault(row["golden_path"], set()).add(row["template_version"])
    changed = set()
    diffs: dict[str, set[str]] = {}
    for path in sorted(paths):
        for version in versions.get(path, {None}):
            if path in outside:
                hit = version != outside[path]
            elif version is None or version == to_tag:
                hit = version is None
            else:
                if version not in diffs:
                    diffs[version] = _paths_changed_between(workspace.root, version, to_tag)
                hit = path in diffs[version]
            if hit:
                changed.add(path)
                break
    return changed


def _paths_changed_between(root: Path, old: str, new: str) -> set[str]:
    """The workspace's golden paths whose template differs between two versions: a
    file under templates/<path> or golden_paths/<path>, a file a template links to, or
    what every path renders with (copier.yml, the runtime's pin)."""
    files = git.run(
        root, "diff", "--name-only", old, new, "--", "templates", "golden_paths", *_SHARED
    ).splitlines()
    folders = git.run(root, "ls-tree", "-d", "--name-only", f"{new}:templates").splitlines()
    names = set(folders)
    if any(file == shared or file.startswith(f"{shared}/") for file in files for shared in _SHARED):
        return names
    found = {file.split("/")[1] for file in files if file.count("/") >= 2}
    links = _links(root, new)
    for file in files:
        found |= links.get(file, set())
    return found & names


def _links(root: Path, ref: str) -> dict[str, set[str]]:
    """Each file a template's symlink points at, and the golden paths linking to it."""
    listing = git_objects.tree_listing(root, f"{ref}:templates")
    symlinks = {path: sha for path, (mode, sha) in listing.items() if mode == "120000"}
    targets = git_objects.read_blobs(root, sorted(set(symlinks.values())))
    found: dict[str, set[str]] = {}
    for path, sha in symlinks.items():
        target = targets.get(sha, b"").decode("utf-8", "replace")
        resolved = posixpath.normpath(posixpath.join("templates", posixpath.dirname(path), target))
        found.setdefault(resolved, set()).add(path.split("/")[0])
    return found


def reports(
    waves: list[list[str]],
    results: dict[str, RepoResult],
    events: Iterable[dict[str, Any]],
    max_failed: Size,
) -> list[WaveReport]:
    """Each wave as it stands: its results so far and its gate's last word."""
    gates = {event["wave"]: event for event in events if event["event"] == "gate"}
    found = []
    for number, names in enumerate(waves, start=1):
        done = [results[name] for name in names if name in results]
        failed = [describe_failure(result) for result in done if result.status in FAILED]
        versions = sorted({result.to_version for result in done})
        report = WaveReport(
            number,
            len(names),
            ", ".join(versions) or None,
            len(done),
            failed,
            allowed(max_failed, len(names)),
        )
        if number in gates:
            report.gate = gates[number].get("gate", "")
        found.append(report)
    return found


def describe_failure(result: RepoResult) -> str:
    return f"{result.project}: {result.status}" + (f" ({result.detail})" if result.detail else "")
