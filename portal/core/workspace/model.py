"""The platform workspace: a git repo whose root is a copier template.

It holds `paved.toml`, `copier.yml`, `golden_paths/`, `templates/` and `catalog/`.
Its template versions are its PEP 440 git tags (`v1.4.0`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..embedded import embedded_folder
from ..errors import VersionError, WorkspaceError
from ..filenames import CONFIG_FILE, INDEX_DIR
from ..git import commands as git
from . import config
from .locate import ENV_VAR, locate
from .versions import parse_version, tagged_versions

if TYPE_CHECKING:
    from packaging.version import Version

    from ..golden_paths.models import GoldenPath
    from ..reporting import Reporter


class Workspace:
    """A platform workspace on disk: its configuration, read once, its golden paths,
    loaded once and checked (on first use), and its template versions.

    It pickles with what it has loaded, so worker processes receive it whole."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.data_root = self.root  # where its catalog and derived data are
        where = str(self.root / CONFIG_FILE)
        self.settings = config.read_file(self.root)
        self.config = config.workspace_table(self.settings, where)

    def __repr__(self) -> str:
        return f"Workspace({self.root})"

    def with_template_from(self, root: Path) -> Workspace:
        """This workspace with its template (versions, golden paths, runtime) read from
        another checkout of it at `root`; its catalog and derived data stay this one's."""
        other = Workspace(root)
        other.data_root = self.data_root
        return other

    @property
    def catalog_dir(self) -> Path:
        return self.data_root / self.config.catalog

    @property
    def index_dir(self) -> Path:
        return self.data_root / INDEX_DIR

    @cached_property
    def golden_paths(self) -> dict[str, GoldenPath]:
        from ..golden_paths.loading import load_golden_paths  # pydantic: only when needed

        return load_golden_paths(self.root)

    def golden_path(self, name: str) -> GoldenPath:
        from ..golden_paths.loading import get_golden_path

        return get_golden_path(self.golden_paths, name)

    def forget_golden_paths(self) -> None:
        """Load the golden paths again on next use (one was added or removed)."""
        self.__dict__.pop("golden_paths", None)

    @property
    def trusted_sources(self) -> list[str]:
        return config.trust_table(self.settings, str(self.root / CONFIG_FILE))

    @property
    def is_repo(self) -> bool:
        return git.is_repo(self.root)

    def versions(self) -> list[tuple[Version, str]]:
        """Template versions, oldest first, as (version, tag)."""
        return tagged_versions(self.root) if self.is_repo else []

    def latest_tag(self) -> str | None:
        versions = self.versions()
        return versions[-1][1] if versions else None

    def require_latest_tag(self) -> str:
        tag = self.latest_tag()
        if tag is None:
            raise WorkspaceError(
                f"the workspace {self.root} has no template version yet",
                "tag one with `paved release 1.0.0`, or make a workspace with `paved init DIR`",
            )
        return tag

    def tag_for(self, version: str) -> str:
        """The tag of a version given as `1.2.0` or `v1.2.0`."""
        wanted = parse_version(version)
        for found, tag in self.versions():
            if found == wanted:
                return tag
        known = ", ".join(tag for _, tag in self.versions()) or "none"
        raise VersionError(f"no template version {version}", f"the versions are: {known}")


# What builds the demo workspace when none is found: (reporter) -> the demo's root.
DemoBuilder = Callable[["Reporter | None"], Path]


def find_workspace(
    explicit: Path | None = None,
    cwd: Path | None = None,
    reporter: Reporter | None = None,
    demo: DemoBuilder | None = None,
) -> Workspace:
    """`--workspace`, else $PAVED_WORKSPACE, else the nearest parent with paved.toml,
    else the demo workspace, built by `demo` (reporting to `reporter`) when missing."""
    folder, source = locate(explicit, None if cwd is None else str(cwd))
    if source in ("--workspace", ENV_VAR):
        return _open(Path(folder), source)
    if source == "demo":
        if demo is None:
            raise WorkspaceError(
                "no platform workspace here (no paved.toml in this folder or above)",
                "point --workspace at a folder with paved.toml, or make one with `paved init DIR`",
            )
        return Workspace(demo(reporter))
    return Workspace(Path(folder))


def embedded_root() -> Path:
    """The default workspace shipped with paved: packaged in a wheel, or this checkout."""
    return Path(embedded_folder())


def _open(path: Path, source: str) -> Workspace:
    if not (path / CONFIG_FILE).is_file():
        raise WorkspaceError(
            f"{path} (from {source}) is not a platform workspace: it has no {CONFIG_FILE}",
            "point it at a folder with paved.toml, or make one with `paved init DIR`",
        )
    return Workspace(path)
