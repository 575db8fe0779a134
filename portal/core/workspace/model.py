"""The platform workspace: a git repo whose root is a copier template.

It holds `paved.toml`, `copier.yml`, `golden_paths/`, `templates/` and `catalog/`.
Its template versions are its PEP 440 git tags (`v1.4.0`).
"""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from packaging.version import InvalidVersion, Version

from ..errors import MalformedFileError, VersionError, WorkspaceError
from ..git import commands as git
from .locate import CONFIG_FILE, ENV_VAR, embedded_folder, locate

if TYPE_CHECKING:
    from ..golden_paths.models import GoldenPath
    from ..reporting import Reporter

# What `paved init` copies from the embedded workspace into a new one.
_WORKSPACE_CONTENT = ("paved.toml", "copier.yml", "golden_paths", "templates", "runtime")
_ROLLOUT_WORKFLOW = Path(__file__).parent / "rollout_workflow.yml"
_WORKSPACE_GITIGNORE = "# The catalog index is derived from catalog/, never committed.\n.paved/\n"


@dataclass(frozen=True)
class WorkspaceConfig:
    """The `[workspace]` table of paved.toml."""

    name: str
    description: str = ""
    catalog: str = "catalog"


class Workspace:
    """A platform workspace on disk."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.config = _read_config(self.root / CONFIG_FILE)

    def __repr__(self) -> str:
        return f"Workspace({self.root})"

    @property
    def catalog_dir(self) -> Path:
        return self.root / self.config.catalog

    @property
    def index_dir(self) -> Path:
        return self.root / ".paved"

    @cached_property
    def golden_paths(self) -> dict[str, GoldenPath]:
        from ..golden_paths.models import load_golden_paths  # pydantic: only when needed

        return load_golden_paths(self.root)

    def golden_path(self, name: str) -> GoldenPath:
        from ..golden_paths.models import get_golden_path

        return get_golden_path(self.golden_paths, name)

    @property
    def is_repo(self) -> bool:
        return git.is_repo(self.root)

    def versions(self) -> list[tuple[Version, str]]:
        """Template versions, oldest first, as (version, tag)."""
        if not self.is_repo:
            return []
        found = []
        for tag in git.tags(self.root):
            version = parse_version(tag, strict=False)
            if version is not None:
                found.append((version, tag))
        return sorted(found)

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


def find_workspace(
    explicit: Path | None = None, cwd: Path | None = None, reporter: Reporter | None = None
) -> Workspace:
    """`--workspace`, else $PAVED_WORKSPACE, else the nearest parent with paved.toml,
    else the demo workspace, built first (reporting to `reporter`) when it is missing."""
    folder, source = locate(explicit, None if cwd is None else str(cwd))
    if source in ("--workspace", ENV_VAR):
        return _open(Path(folder), source)
    if source == "demo":
        from ..demo import ensure_demo

        return Workspace(ensure_demo(reporter).workspace)
    return Workspace(Path(folder))


def embedded_root() -> Path:
    """The default workspace shipped with paved: packaged in a wheel, or this checkout."""
    return Path(embedded_folder())


def init_workspace(dest: Path, version: str = "1.0.0", name: str | None = None) -> Workspace:
    """Make a new platform workspace at `dest` from the built-in golden paths.

    The result is a git repo with one commit tagged with `version`.
    """
    parsed = parse_version(version)
    dest = dest.resolve()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise WorkspaceError(
            f"{dest} exists and is not empty", "choose a new folder for the workspace"
        )
    source = embedded_root()
    created = not dest.exists()
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for item in _WORKSPACE_CONTENT:
            origin = source / item
            if origin.is_dir():
                ignored = shutil.ignore_patterns("__pycache__", "*.egg-info", ".pytest_cache")
                shutil.copytree(origin, dest / item, symlinks=True, ignore=ignored)
            else:
                shutil.copy2(origin, dest / item)
        (dest / "catalog").mkdir()
        shutil.copy2(source / "catalog" / "groups.yaml", dest / "catalog" / "groups.yaml")
        (dest / ".gitignore").write_text(_WORKSPACE_GITIGNORE, "utf-8")
        workflows = dest / ".github" / "workflows"  # rollouts as a matrix of CI runners
        workflows.mkdir(parents=True)
        shutil.copy2(_ROLLOUT_WORKFLOW, workflows / "rollout.yml")
        if name:
            _rename_workspace(dest / CONFIG_FILE, name)
        git.init(dest)
        git.commit_all(dest, f"Platform workspace, template version {parsed}")
        git.tag(dest, f"v{parsed}", f"Template version {parsed}")
        from .runtime import release_runtime  # pydantic: not for catalog lookups

        release_runtime(dest)
    except BaseException:
        if created:
            shutil.rmtree(dest, ignore_errors=True)
        else:
            for child in dest.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise
    return Workspace(dest)


def release(workspace: Workspace, version: str, message: str = "") -> str:
    """Tag the next template version; return the tag.

    When the runtime changed since its last version, it gets a new one first (a commit
    that raises runtime/pyproject.toml's version, and its `runtime-v` tag), so the
    template version renders the new pin.
    """
    parsed = parse_version(version)
    if not workspace.is_repo:
        raise WorkspaceError(
            f"{workspace.root} is not a git repo", "run `paved init DIR` to make a workspace"
        )
    dirty = git.dirty_paths(workspace.root)
    if dirty:
        shown = ", ".join(dirty[:3]) + (f" and {len(dirty) - 3} more" if len(dirty) > 3 else "")
        raise WorkspaceError(
            f"the workspace has uncommitted changes: {shown}",
            "commit or stash them first: a release tags what is committed",
        )
    _ = workspace.golden_paths  # a path whose settings reach another is not released
    from ..sources.trust import require_no_own_code

    require_no_own_code(workspace.root, "HEAD")  # nor a version paved would refuse to render
    versions = workspace.versions()
    if versions and parsed <= versions[-1][0]:
        raise VersionError(
            f"version {parsed} is not greater than the latest, {versions[-1][1]}",
            f"choose a version above {versions[-1][0]}",
        )
    tag = f"v{parsed}"
    from .runtime import release_runtime  # pydantic: not for catalog lookups

    release_runtime(workspace.root)
    git.tag(workspace.root, tag, message or f"Template version {parsed}")
    return tag


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


def _read_config(path: Path) -> WorkspaceConfig:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise WorkspaceError(
            f"{path.parent} is not a platform workspace (no {CONFIG_FILE})",
            "point --workspace at a folder with paved.toml, or make one with `paved init DIR`",
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise MalformedFileError(f"{path}: {error}", "fix the TOML") from None
    except UnicodeDecodeError:
        raise MalformedFileError(
            f"{path}: not UTF-8 text", "restore it from git (`git checkout paved.toml`)"
        ) from None
    table = data.get("workspace")
    if not isinstance(table, dict):
        raise MalformedFileError(f"{path}: no [workspace] table", "add [workspace] with a name")
    allowed = {field.name for field in fields(WorkspaceConfig)}
    for key, value in table.items():
        if key not in allowed:
            raise MalformedFileError(
                f"{path}: [workspace] {key}: unknown field",
                f"the fields are: {', '.join(sorted(allowed))}",
            )
        if not isinstance(value, str):
            raise MalformedFileError(f"{path}: [workspace] {key}: must be a string", "quote it")
    if not table.get("name"):
        raise MalformedFileError(f"{path}: [workspace] name: missing", 'add name = "..."')
    return WorkspaceConfig(**table)


def _open(path: Path, source: str) -> Workspace:
    if not (path / CONFIG_FILE).is_file():
        raise WorkspaceError(
            f"{path} (from {source}) is not a platform workspace: it has no {CONFIG_FILE}",
            "point it at a folder with paved.toml, or make one with `paved init DIR`",
        )
    return Workspace(path)


def _rename_workspace(config: Path, name: str) -> None:
    lines = config.read_text("utf-8").splitlines(keepends=True)
    renamed = [f'name = "{name}"\n' if line.startswith("name = ") else line for line in lines]
    config.write_text("".join(renamed), "utf-8")
