"""The pull request a rollout's branch explains itself with, in markdown.

For each branch it makes, a rollout writes a description an owner can act on without
asking: the versions from and to, the changelog entries between them (template and
runtime), the files changed, the owner's edits kept, each conflict with its file, its
hunk and how to resolve it, and the checks' results. `paved update report ID --repo
NAME --format markdown` prints the same text; the rollout workflow opens or updates
the pull request with it.
"""

from __future__ import annotations

from ..workspace import changelog, runtime
from ..workspace.model import Workspace
from .journal import (
    CHECKS_FAILED,
    CHECKS_NOT_RUN,
    CHECKS_PASSED,
    PULL_REQUESTS,
    RepoResult,
    open_journals,
)

_MARKS = {"A": "added", "M": "changed", "D": "deleted"}


def title(result: RepoResult) -> str:
    """The pull request's title: the update's commit title."""
    return f"Update the template from {result.from_version} to {result.to_version}"


def description(
    workspace: Workspace, rollouts: list[str], result: RepoResult, files: bool = False
) -> str:
    """The description the rollout wrote for the repo's branch; for a repo it made no
    branch in (a conflict left as it was), one made now from its result."""
    golden_path = None
    for journal in open_journals(workspace.index_dir, rollouts, files):
        written = journal.folder / PULL_REQUESTS / f"{result.project}.md"
        if written.is_file():
            return written.read_text("utf-8")
        for name, _, path, _ in journal.meta["projects"]:
            golden_path = path if name == result.project else golden_path
    return Describer(workspace).describe(result, golden_path)


class Describer:
    """Descriptions of a workspace's rollout results; changelogs read once per pair of
    versions."""

    def __init__(self, workspace: Workspace) -> None:
        self.root = workspace.root
        self.outside = {name for name, path in workspace.golden_paths.items() if path.source}
        self._notes: dict[tuple[str | None, str], list[str]] = {}

    def describe(self, result: RepoResult, golden_path: str | None = None) -> str:
        lines = [f"## {title(result)}", ""]
        lines += [
            f"A rollout of the platform's templates made this branch (`{result.branch}` "
            f"from `{result.base}`)."
            if result.branch
            else "The rollout left this repo as it was: nothing was committed.",
            "It changes only files the platform manages, and keeps your edits to them.",
            "",
        ]
        if golden_path in self.outside:
            lines += ["### What changed", "", "See the changelog of the template's own repo.", ""]
        else:
            lines += self._changes(result.from_version, result.to_version)
        lines += _files(result)
        lines += _kept(result)
        lines += _conflicts(result)
        lines += _checks(result)
        lines += [_state(result)]
        return "\n".join(lines).rstrip("\n") + "\n"

    def _changes(self, old: str | None, new: str) -> list[str]:
        if (old, new) not in self._notes:
            self._notes[old, new] = self._read_changes(old, new)
        return self._notes[old, new]

    def _read_changes(self, old: str | None, new: str) -> list[str]:
        from ..filenames import CHANGELOG_FILE

        lines = ["### What changed in the template", ""]
        found = changelog.between(changelog.read_at(self.root, new, CHANGELOG_FILE), old, new)
        lines += _sections(found) or ["No changelog entries between these versions.", ""]
        before = runtime.version_at(self.root, old) if old else None
        after = runtime.version_at(self.root, new)
        if after is not None and before != after:
            lines += [f"### What changed in the runtime ({before or 'none'} → {after})", ""]
            text = changelog.read_at(self.root, new, runtime.CHANGELOG)
            notes = changelog.between(text, str(before) if before else None, str(after))
            lines += _sections(notes) or ["No changelog entries between these versions.", ""]
        return lines


def _sections(sections: list[changelog.Section]) -> list[str]:
    lines = []
    for section in sections:
        lines += [f"#### {section.version}", "", section.text or "(no entries)", ""]
    return lines


def _files(result: RepoResult) -> list[str]:
    if not result.changed:
        return []
    lines = ["### Files changed", "", "| file | change |", "| --- | --- |"]
    for path in result.changed:
        lines.append(f"| `{path}` | {_MARKS.get(result.marks.get(path, 'M'), 'changed')} |")
    return [*lines, ""]


def _kept(result: RepoResult) -> list[str]:
    lines = []
    if result.kept:
        lines += ["### Your edits, kept", ""]
        lines += ["You had changed these platform-managed files; the update keeps your changes:"]
        lines += [""] + [f"- `{path}`" for path in result.kept] + [""]
    if result.reconcile:
        lines += ["### To reconcile by hand", ""]
        lines += [
            f"- `{path}`: you edited it, and {result.to_version} no longer has it (its work "
            "moved to the platform's runtime): carry your change over, then delete it."
            for path in result.reconcile
        ]
        lines.append("")
    return lines


def _conflicts(result: RepoResult) -> list[str]:
    if not result.conflicts:
        return []
    lines = ["### Conflicts", ""]
    if result.branch:
        how = (
            f"Each hunk is committed to `{result.branch}` with markers: between "
            "`<<<<<<< before updating` and `=======` are your lines, between `=======` and "
            "`>>>>>>> after updating` the template's. Keep what each side needs, delete the "
            "markers, then commit to this branch."
        )
    else:
        how = (
            f"Nothing was committed. In your repo, run `paved update . --to "
            f"{result.to_version}`: it writes the update with these markers into your work "
            "tree (your lines under `before updating`, the template's under `after "
            "updating`). Keep what each side needs, delete the markers, commit, and open a "
            "pull request."
        )
    lines += [how, ""]
    for conflict in result.conflicts:
        for number, (start, end) in enumerate(conflict.hunks):
            lines += [f"#### `{conflict.file}`, lines {start}-{end}", ""]
            if number < len(conflict.excerpts):
                text = conflict.excerpts[number]
                fence = "````" if "```" in text else "```"
                lines += [fence, text, fence, ""]
    return lines


def _checks(result: RepoResult) -> list[str]:
    lines = ["### Checks", ""]
    if result.check_results:
        lines += ["| check | result |", "| --- | --- |"]
        for name, passed in result.check_results.items():
            lines.append(f"| {name} | {'passed' if passed else 'failed'} |")
    elif result.checks == CHECKS_FAILED:
        lines.append(f"Failed in an earlier rollout: {result.detail}.")
    elif result.checks == CHECKS_NOT_RUN:
        lines.append("Not run by the rollout: this repo's own CI runs them on this pull request.")
    elif result.checks == CHECKS_PASSED:
        lines.append("Passed.")
    return [*lines, ""]


def _state(result: RepoResult) -> str:
    if not result.branch:
        return f"Result: {result.status}."
    where = f"pushed to {result.remote}" if result.pushed else "not pushed"
    return f"Result: {result.status}; branch `{result.branch}` {where}."
