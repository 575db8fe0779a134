"""`paved init`: a new platform workspace, from the golden paths paved ships with."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import WorkspaceError
from ..filenames import CHANGELOG_FILE, CONFIG_FILE, COPIER_FILES, GOLDEN_PATHS_DIR
from ..git import commands as git
from . import config
from .changelog import TEMPLATE_CHANGELOG
from .model import Workspace, embedded_root
from .runtime import FOLDER as RUNTIME_FOLDER
from .runtime import release_runtime
from .versions import parse_version

# What `paved init` copies from the embedded workspace into a new one.
_CONTENT = (CONFIG_FILE, COPIER_FILES[0], GOLDEN_PATHS_DIR, "templates", RUNTIME_FOLDER)
_ROLLOUT_WORKFLOW = Path(__file__).parent / "rollout_workflow.yml"
_WAVE_WORKFLOW = Path(__file__).parent / "rollout_wave_workflow.yml"  # one wave, called
_GITIGNORE = "# The catalog index is derived from catalog/, never committed.\n.paved/\n"


def init_workspace(dest: Path, version: str = "1.0.0", name: str | None = None) -> Workspace:
    """Make a new platform workspace at `dest` from the built-in golden paths.

    The result is a git repo with one commit tagged with `version`.
    """
    parsed = parse_version(version)
    if name is not None:
        config.check_name(name)
    dest = dest.resolve()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise WorkspaceError(
            f"{dest} exists and is not empty", "choose a new folder for the workspace"
        )
    source = embedded_root()
    created = not dest.exists()
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for item in _CONTENT:
            origin = source / item
            if origin.is_dir():
                ignored = shutil.ignore_patterns("__pycache__", "*.egg-info", ".pytest_cache")
                shutil.copytree(origin, dest / item, symlinks=True, ignore=ignored)
            else:
                shutil.copy2(origin, dest / item)
        (dest / "catalog").mkdir()
        shutil.copy2(source / "catalog" / "groups.yaml", dest / "catalog" / "groups.yaml")
        (dest / ".gitignore").write_text(_GITIGNORE, "utf-8")
        first = f"\n## {parsed}\n\n- The first version of the workspace's golden paths.\n"
        (dest / CHANGELOG_FILE).write_text(TEMPLATE_CHANGELOG + first, "utf-8")
        workflows = dest / ".github" / "workflows"  # rollouts as a matrix of CI runners
        workflows.mkdir(parents=True)
        shutil.copy2(_ROLLOUT_WORKFLOW, workflows / "rollout.yml")
        shutil.copy2(_WAVE_WORKFLOW, workflows / "rollout-wave.yml")
        if name is not None:
            config.set_name(dest, name)
        git.init(dest)
        git.commit_all(dest, f"Platform workspace, template version {parsed}")
        git.tag(dest, f"v{parsed}", f"Template version {parsed}")
        release_runtime(dest)
    except BaseException:
        if created:
            shutil.rmtree(dest, ignore_errors=True)
        else:
            for child in dest.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise
    return Workspace(dest)
