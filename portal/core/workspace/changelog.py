"""The changelogs a release speaks through: the template's and the runtime's.

`CHANGELOG.md` at the workspace root records the template versions (`paved init` writes
it), `runtime/CHANGELOG.md` the runtime's. Each version is a `## <version>` section.
The platform team writes what a change does for repos under `## Unreleased`, in the
commit that makes it; `paved release` names that section after the version it tags
(adding its `--message` as an entry), and gives the runtime's its new version when the
runtime gets one. A rollout's pull requests quote the sections between a repo's version
and the one it goes to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from ..git import commands as git

UNRELEASED = "Unreleased"
_HEADING = re.compile(r"^## +(\S+)[^\n]*$", re.MULTILINE)
_NO_NOTES = "- No notes were written for this version."

TEMPLATE_CHANGELOG = f"""# Template changelog

What the repos of each golden path see when a rollout takes them to a version; a
rollout's pull requests quote it. Write what a change does for repos under
`## {UNRELEASED}`, in the commit that makes it: `paved release VERSION` names that
section after the version it tags (its `--message` becomes an entry too).

## {UNRELEASED}
"""


@dataclass
class Section:
    """One version's entries, as written (markdown)."""

    version: str
    text: str


def sections(text: str) -> list[Section]:
    """Every `## <version>` section of a changelog, as written, in file order."""
    found = []
    matches = list(_HEADING.finditer(text))
    for number, match in enumerate(matches):
        end = matches[number + 1].start() if number + 1 < len(matches) else len(text)
        found.append(Section(match.group(1), text[match.end() : end].strip("\n")))
    return found


def between(text: str, old: str | None, new: str) -> list[Section]:
    """The sections of the versions after `old` up to `new` (all up to `new` when
    `old` is None), newest first; sections that are no version are left out."""
    top, bottom = _version(new), _version(old) if old else None
    if top is None:
        return []
    chosen = []
    for section in sections(text):
        version = _version(section.version)
        if version is not None and version <= top and (bottom is None or version > bottom):
            chosen.append((version, section))
    return [section for _, section in sorted(chosen, key=lambda item: item[0], reverse=True)]


def read_at(root: Path, ref: str, path: str) -> str:
    """A changelog as it is at `ref` of the workspace (empty when it has none there)."""
    return git.run(root, "show", f"{ref}:{path}", check=False)


def name_release(root: Path, path: str, version: str, message: str = "") -> bool:
    """Name the `Unreleased` section of the changelog at `root/path` after `version`
    (a section of its own when there is none), with `message` as an entry; whether the
    file changed (the caller commits it). No file: nothing to do."""
    file = root / path
    if not file.is_file():
        return False
    text = file.read_text("utf-8")
    entry = f"- {' '.join(message.split())}" if message.strip() else ""
    existing = {section.version: section for section in sections(text)}
    if version in existing or f"v{version}" in existing:
        return False
    unreleased = existing.get(UNRELEASED)
    body = "\n".join(part for part in (entry, unreleased.text if unreleased else "") if part)
    section = f"## {version}\n\n{body or _NO_NOTES}\n"
    if unreleased is not None:
        start = re.search(rf"^## +{UNRELEASED}\b[^\n]*$", text, re.MULTILINE)
        assert start is not None
        after = text[start.end() :].lstrip("\n")
        following = _HEADING.search(after)
        rest = after[following.start() :] if following else ""
        named = f"{text[: start.start()]}## {UNRELEASED}\n\n{section}" + (
            f"\n{rest}" if rest else ""
        )
    else:
        first = _HEADING.search(text)
        cut = first.start() if first else len(text)
        head = text[:cut].rstrip("\n") + "\n\n"
        named = head + section + (f"\n{text[cut:]}" if first else "")
    file.write_text(named, "utf-8")
    return True


def add_entry(root: Path, path: str, entry: str) -> None:
    """Write an entry (markdown, `- ...`) at the end of the changelog's `Unreleased`
    section, made at the top when there is none."""
    file = root / path
    text = file.read_text("utf-8")
    start = re.search(rf"^## +{UNRELEASED}\b[^\n]*$", text, re.MULTILINE)
    if start is None:
        first = _HEADING.search(text)
        cut = first.start() if first else len(text)
        text = f"{text[:cut].rstrip()}\n\n## {UNRELEASED}\n\n{text[cut:]}"
        start = re.search(rf"^## +{UNRELEASED}\b[^\n]*$", text, re.MULTILINE)
        assert start is not None
    following = _HEADING.search(text, start.end())
    cut = following.start() if following else len(text)
    body = text[start.end() : cut].strip("\n")
    body = f"{body}\n{entry.strip()}" if body else entry.strip()
    rest = f"\n{text[cut:]}" if following else ""
    file.write_text(f"{text[: start.end()]}\n\n{body}\n{rest}", "utf-8")


def _version(text: str | None) -> Version | None:
    try:
        return Version(text or "")
    except InvalidVersion:
        return None
