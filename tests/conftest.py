"""Fixtures that build real things in tmp dirs: workspaces, projects, catalogs.

Git identity and configuration are isolated per test session; nothing touches the
network but the package index, which the generated repos' environments install from.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from portal.cli.main import run
from portal.core.workspace.create import init_workspace
from portal.core.workspace.model import Workspace


@pytest.fixture(scope="session", autouse=True)
def isolated_git(tmp_path_factory: pytest.TempPathFactory) -> None:
    home = tmp_path_factory.mktemp("home")
    config = home / ".gitconfig"
    config.write_text(
        "[user]\n\tname = Test Owner\n\temail = owner@example.com\n"
        "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n"
    )
    os.environ["GIT_CONFIG_GLOBAL"] = str(config)
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    os.environ.pop("PAVED_WORKSPACE", None)
    # paved's data directory (the demo workspace): one per session, never the user's.
    os.environ["PAVED_DATA_DIR"] = str(tmp_path_factory.mktemp("paved-data"))


@pytest.fixture(scope="session")
def demo(isolated_git: None):
    """The demo workspace, built once per session in the session's data directory;
    read it, don't change it (tests that change a demo build their own)."""
    from portal.core.demo import ensure_demo

    return ensure_demo()


@pytest.fixture(scope="session")
def pristine_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace made once per session by `init_workspace`; copy it, don't change it."""
    return init_workspace(tmp_path_factory.mktemp("pristine") / "ws").root


@pytest.fixture
def workspace(pristine_workspace: Path, tmp_path: Path) -> Workspace:
    """A fresh platform workspace (git repo tagged v1.0.0) for one test."""
    return copied_workspace(pristine_workspace, tmp_path)


def copied_workspace(pristine: Path, tmp_path: Path) -> Workspace:
    """A copy of a workspace built once per session, in tmp_path/ws, for one test."""
    root = tmp_path / "ws"
    shutil.copytree(pristine, root, symlinks=True)
    return Workspace(root)


class PavedResult:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"PavedResult(code={self.code}, out={self.out!r}, err={self.err!r})"


@pytest.fixture
def paved(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run the `paved` CLI in-process: paved("new", ...) -> PavedResult."""
    monkeypatch.setenv("COLUMNS", "200")

    def invoke(*args: str | Path, cwd: Path | None = None) -> PavedResult:
        capsys.readouterr()
        if cwd is not None:
            monkeypatch.chdir(cwd)
        code = run([str(arg) for arg in args])
        captured = capsys.readouterr()
        return PavedResult(code, captured.out, captured.err)

    return invoke


@pytest.fixture(scope="session")
def outside_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A copier and a cookiecutter template, each a git repo tagged v1.0.0 and v2.0.0;
    built once per session, never changed."""
    from tests.outside_templates import (
        COOKIECUTTER_V1,
        COOKIECUTTER_V2,
        COPIER_V1,
        COPIER_V2,
        build_template_repo,
    )

    folder = tmp_path_factory.mktemp("outside")
    return {
        "copier": build_template_repo(folder / "copier-lib", COPIER_V1, COPIER_V2),
        "cookiecutter": build_template_repo(
            folder / "cc-service", COOKIECUTTER_V1, COOKIECUTTER_V2
        ),
    }


@pytest.fixture(scope="session")
def pristine_outside_workspace(
    pristine_workspace: Path, outside_templates: dict[str, Path], tmp_path_factory
) -> Path:
    """A workspace with the outside templates added as golden paths `lib` (copier) and
    `svc` (cookiecutter), both trusted; copy it, don't change it."""
    paths = {"lib": outside_templates["copier"], "svc": outside_templates["cookiecutter"]}
    return _with_paths(pristine_workspace, tmp_path_factory.mktemp("pristine-outside"), paths)


def _with_paths(pristine: Path, folder: Path, paths: dict[str, Path]) -> Path:
    """A copy of the pristine workspace in `folder`, with `paths` (name -> template
    repo) added as trusted golden paths."""
    from portal.core.sources.registry import add_path

    root = folder / "ws"
    shutil.copytree(pristine, root, symlinks=True)
    workspace = Workspace(root)
    for name, source in paths.items():
        add_path(workspace, name, str(source), trust=True)
    return root


@pytest.fixture
def outside_workspace(pristine_outside_workspace: Path, tmp_path: Path) -> Workspace:
    return copied_workspace(pristine_outside_workspace, tmp_path)


@pytest.fixture(scope="session")
def org_templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """An organisation's own templates (tests/organisation.py), each a git repo tagged
    v1.0.0 and v2.0.0; built once per session, never changed."""
    from tests.organisation import build_org_templates

    return build_org_templates(tmp_path_factory.mktemp("org-templates"))


@pytest.fixture(scope="session")
def pristine_org_workspace(
    pristine_workspace: Path, org_templates: dict[str, Path], tmp_path_factory
) -> Path:
    """A workspace with the organisation's templates as golden paths `orglib` (copier,
    its own answers file), `orgsvc` (cookiecutter, printing hooks) and `printing`
    (copier, a printing task), all trusted; copy it, don't change it."""
    names = {"copier": "orglib", "cookiecutter": "orgsvc", "printing": "printing"}
    paths = {names[kind]: source for kind, source in org_templates.items()}
    return _with_paths(pristine_workspace, tmp_path_factory.mktemp("pristine-org"), paths)


@pytest.fixture
def org_workspace(pristine_org_workspace: Path, tmp_path: Path) -> Workspace:
    return copied_workspace(pristine_org_workspace, tmp_path)
