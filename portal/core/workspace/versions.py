"""Template versions: the workspace's PEP 440 git tags (`v1.4.0`)."""

from __future__ import annotations

from pathlib import Path

from packaging.version import InvalidVersion, Version

from ..errors import VersionError
from ..git import commands as git


def parse_version(text: str, strict: bool = True) -> Version | None:
    """A PEP 440 version from `1.2.0` or `v1.2.0`; None (or an error) when it is not one."""
    try:
        return Version(text)
    except InvalidVersion:
        if not strict:
            return None
        raise VersionError(
            f"{text!r} is not a PEP 440 version", "use a version like 1.4.0 or 2.0.0rc1"
        ) from None


def tagged_versions(repo: Path) -> list[tuple[Version, str]]:
    """The PEP 440 tags of a repo, oldest first, as (version, tag)."""
    found = []
    for tag in git.tags(repo):
        version = parse_version(tag, strict=False)
        if version is not None:
            found.append((version, tag))
    return sorted(found)
