"""Template sources: an outside golden path's template, in its own git repo.

paved keeps a mirror of each source in the workspace's `.paved/sources/` (derived
data, never committed), fetched when a command needs the newest versions, and checks
versions out of it. A source's versions are its PEP 440 tags; a source without any
has its commits as versions, named as `git describe --tags --always` names them
(which is what copier records as `_commit`).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..errors import TemplateNotFoundError, VersionError
from ..filenames import COOKIECUTTER_FILE, COPIER_FILES
from ..git import commands as git
from ..workspace.versions import parse_version

SOURCES = "sources"


class TemplateSource:
    """One outside template: its URL and the workspace's mirror of it."""

    def __init__(self, index_dir: Path, name: str, url: str) -> None:
        self.name = name
        self.url = url
        self.mirror = index_dir / SOURCES / f"{name}.git"

    def fetch(self) -> None:
        """Make or refresh the mirror; a source that cannot be read is bad input."""
        if (self.mirror / "HEAD").is_file() and self._mirrors() != self.url:
            shutil.rmtree(self.mirror)  # left by a path of the same name, since removed
        if (self.mirror / "HEAD").is_file():
            args = ["-C", str(self.mirror), "remote", "update", "--prune"]
        else:
            self.mirror.parent.mkdir(parents=True, exist_ok=True)
            args = ["clone", "--quiet", "--mirror", self.url, str(self.mirror)]
        result = subprocess.run(["git", *args], capture_output=True, text=True)
        if result.returncode != 0:
            if not (self.mirror / "HEAD").is_file():
                shutil.rmtree(self.mirror, ignore_errors=True)
            detail = (result.stderr.strip().splitlines() or ["git failed"])[-1]
            raise TemplateNotFoundError(
                f"cannot read the template source {self.url}: {detail}",
                "give a git URL or the folder of a local git repo holding the template",
            )

    def _mirrors(self) -> str:
        return git.run(self.mirror, "config", "--get", "remote.origin.url", check=False)

    def ensure(self) -> None:
        """The mirror, fetched once if this workspace has none yet."""
        if not (self.mirror / "HEAD").is_file():
            self.fetch()

    def versions(self, last: int | None = None) -> list[str]:
        """The versions, oldest first: PEP 440 tags, else the commits of HEAD (the
        `last` ones, when given: a template's history can be long)."""
        self.ensure()
        tagged = self._tagged()
        if tagged:
            return tagged[-last:] if last else tagged
        limit = [f"--max-count={last}"] if last else []
        commits = git.run(self.mirror, "rev-list", "--first-parent", *limit, "HEAD").split()
        return [self.describe(commit) for commit in reversed(commits)]

    def _tagged(self) -> list[str]:
        found = []
        for tag in git.tags(self.mirror):
            version = parse_version(tag, strict=False)
            if version is not None:
                found.append((version, tag))
        return [tag for _, tag in sorted(found)]

    def newest(self, ref: str | None = None) -> str:
        """The version new projects and updates use: `ref` when the path pins one."""
        if ref:
            return self.resolve(ref)
        newest = self.versions(last=1)
        if not newest:
            raise TemplateNotFoundError(f"{self.url} has no commits", "commit the template first")
        return newest[-1]

    def resolve(self, version: str) -> str:
        """A version as given (`1.2.0`, `v1.2.0`, a branch, a commit) as paved names it."""
        self.ensure()
        wanted = parse_version(version, strict=False)
        for tag in self._tagged():
            if tag == version or (wanted is not None and parse_version(tag, False) == wanted):
                return tag
        if self.commit(version, required=False) is None:
            known = ", ".join(self.versions(last=5)) or "none"
            raise VersionError(
                f"no version {version} of the {self.name} golden path",
                f"the latest versions are: {known}",
            )
        tagged = version in git.tags(self.mirror)
        return version if tagged else self.describe(version)

    def commit(self, ref: str, required: bool = True) -> str | None:
        found = git.run(
            self.mirror, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False
        )
        if not found and required:
            raise VersionError(f"no version {ref} of the {self.name} golden path", "see `git tag`")
        return found or None

    def describe(self, ref: str) -> str:
        return git.run(self.mirror, "describe", "--tags", "--always", ref)

    def checkout(self, ref: str, dest: Path) -> Path:
        """The template at `ref`, checked out in `dest` (a new folder)."""
        self.ensure()
        failed = git.check_out_copy(self.mirror, self.commit(ref), dest)
        if failed is not None:
            raise TemplateNotFoundError(f"cannot check out {ref} of {self.url}", failed)
        return dest


def template_kind(folder: Path) -> str:
    """`copier` or `cookiecutter`, from the template's own configuration file."""
    if any((folder / name).is_file() for name in COPIER_FILES):
        return "copier"
    if (folder / COOKIECUTTER_FILE).is_file():
        return "cookiecutter"
    raise TemplateNotFoundError(
        f"{folder.name} holds neither a copier.yml nor a cookiecutter.json at its root",
        "point SOURCE at the repo of a copier or cookiecutter template",
    )
