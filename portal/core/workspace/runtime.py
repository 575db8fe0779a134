"""The platform runtime: its version, its tags, and the pin generated repos carry.

The runtime is the distribution in the workspace's `runtime/` folder (`paved-runtime`,
imported as `paved_runtime`). Its version is the one in `runtime/pyproject.toml`, and
each released version has a tag of its own, `runtime-v<version>`, beside the workspace's
template tags. `paved release` gives it a new version only when something under
`runtime/` changed since the last one, so a release that leaves the runtime alone
leaves every repo's pin alone.

A generated repo pins the runtime with a PEP 508 requirement, answered for it by paved
(the `paved_runtime` answer) from the template version it renders:
- `[runtime] requirement = "paved-runtime=={version}"` in paved.toml: from an index;
- `[runtime] git = "https://git.example.com/platform.git"`: from that repo, at the
  runtime's tag, in its `runtime/` folder;
- neither: from the workspace's own checkout (`git+file://localhost/...`), which pip
  (23 included) and uv install offline; for tests, the demo and a workspace that is not
  published yet.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.version import InvalidVersion, Version

from ..errors import VersionError
from ..filenames import CHANGELOG_FILE, CONFIG_FILE
from ..git import commands as git
from .changelog import name_release
from .config import RuntimeConfig, parse, runtime_table

DISTRIBUTION = "paved-runtime"
FOLDER = "runtime"
TAG_PREFIX = "runtime-v"
PROJECT_FILE = f"{FOLDER}/pyproject.toml"
CHANGELOG = f"{FOLDER}/{CHANGELOG_FILE}"  # what a repo sees when its pin moves
ANSWER = "paved_runtime"

_VERSION_LINE = re.compile(r'^version = "([^"]+)"$', re.MULTILINE)


def read_config(text: str, where: str = CONFIG_FILE) -> RuntimeConfig:
    """The [runtime] table of a paved.toml's text (empty when it has none)."""
    return runtime_table(parse(text, where), where)


def version_at(root: Path, ref: str) -> Version | None:
    """The runtime's version in the workspace at `ref` (None: it has no runtime)."""
    text = git.run(root, "show", f"{ref}:{PROJECT_FILE}", check=False)
    return _version_in(text, f"{PROJECT_FILE} at {ref}") if text else None


def requirement(root: Path, ref: str, src_path: str | None = None) -> str | None:
    """The requirement a project rendered from `ref` pins the runtime with (None: the
    workspace at `ref` has no runtime). `src_path` is where the project's template comes
    from (its answers' `_src_path`): the workspace checkout the fallback installs from."""
    version = version_at(root, ref)
    if version is None:
        return None
    config = read_config(git.run(root, "show", f"{ref}:{CONFIG_FILE}", check=False))
    if config.requirement:
        return config.requirement.format(version=version)
    tag = f"{TAG_PREFIX}{version}"
    source = config.git or src_path or str(root)
    if "://" in source:  # a git URL: configured, or the template's own source
        url = source if source.startswith("git+") else f"git+{source}"
    else:
        url = checkout_url(Path(source))
    return f"{DISTRIBUTION} @ {url}@{tag}#subdirectory={FOLDER}"


def checkout_url(folder: Path) -> str:
    """A git URL of a local checkout that pip and uv both take: with a host
    (`file://localhost/...`), as pip before 24 refuses a git+file URL without one."""
    return "git+" + folder.resolve().as_uri().replace("file:///", "file://localhost/", 1)


def releases(root: Path) -> list[tuple[Version, str]]:
    """The runtime's released versions, oldest first, as (version, tag)."""
    found = []
    for tag in git.tags(root):
        if tag.startswith(TAG_PREFIX):
            try:
                found.append((Version(tag.removeprefix(TAG_PREFIX)), tag))
            except InvalidVersion:
                continue
    return sorted(found)


def release_runtime(root: Path) -> str | None:
    """Give the runtime a new version when it changed since its last one; return its tag.

    The first release tags the version runtime/pyproject.toml holds. A later one, when
    something under runtime/ changed, takes that version if it was raised by hand, else
    the next patch version, which it writes and commits. None: nothing to release.
    """
    if not (root / PROJECT_FILE).is_file():
        return None
    project = root / PROJECT_FILE
    current = _version_in(project.read_text("utf-8"), PROJECT_FILE)
    previous = releases(root)
    if previous:
        last_version, last_tag = previous[-1]
        if not git.run(root, "diff", "--name-only", last_tag, "HEAD", "--", FOLDER):
            return None
        written = []
        if current <= last_version:
            current = Version(f"{last_version.major}.{last_version.minor}.{last_version.micro + 1}")
            text = project.read_text("utf-8")
            raised = _VERSION_LINE.sub(f'version = "{current}"', text, count=1)
            if raised == text:
                raise VersionError(
                    f'{PROJECT_FILE}: no line `version = "..."` to raise to {current}',
                    "write the runtime's version on a line of its own, or raise it by hand",
                )
            project.write_text(raised, "utf-8")
            written.append(PROJECT_FILE)
        if name_release(root, CHANGELOG, str(current)):
            written.append(CHANGELOG)
        if written:
            git.commit_paths(root, f"runtime: version {current}", written)
    # A lightweight tag: `git describe`, which names the template version copier records
    # (`_commit`), prefers the annotated template tag on the same commit.
    tag = f"{TAG_PREFIX}{current}"
    git.run(root, "tag", tag)
    return tag


def _version_in(text: str, where: str) -> Version:
    try:
        return Version(str(tomllib.loads(text)["project"]["version"]))
    except (tomllib.TOMLDecodeError, KeyError, InvalidVersion) as error:
        raise VersionError(
            f"{where}: no valid [project] version ({error})",
            'give the runtime a PEP 440 version, e.g. version = "0.1.0"',
        ) from None
