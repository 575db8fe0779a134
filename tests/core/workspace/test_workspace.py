from pathlib import Path

import pytest

from portal.core.demo import find_workspace_or_demo
from portal.core.errors import MalformedFileError, VersionError, WorkspaceError
from portal.core.workspace.create import init_workspace
from portal.core.workspace.model import embedded_root
from portal.core.workspace.release import release
from tests.helpers import git


def test_init_makes_a_tagged_git_workspace(tmp_path: Path):
    workspace = init_workspace(tmp_path / "platform", version="2.3.0")
    root = workspace.root
    for item in (
        "paved.toml",
        "copier.yml",
        "golden_paths",
        "templates",
        "runtime",
        "catalog/groups.yaml",
    ):
        assert (root / item).exists(), item
    assert git(root, "tag", "--list").split() == ["runtime-v0.1.0", "v2.3.0"]
    assert git(root, "status", "--porcelain") == ""
    assert git(root, "rev-list", "--count", "HEAD") == "1"
    assert set(workspace.golden_paths) >= {"dataset-producer"}
    assert workspace.latest_tag() == "v2.3.0"


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(WorkspaceError, match="not empty"):
        init_workspace(tmp_path / "busy")
    assert [p.name for p in (tmp_path / "busy").iterdir()] == ["notes.txt"]


def test_init_refuses_a_version_that_is_not_pep440(tmp_path: Path):
    with pytest.raises(VersionError, match="PEP 440"):
        init_workspace(tmp_path / "ws", version="first")
    assert not (tmp_path / "ws").exists()


def test_release_tags_the_next_version(workspace):
    assert release(workspace, "1.1.0") == "v1.1.0"
    assert workspace.latest_tag() == "v1.1.0"
    assert [tag for _, tag in workspace.versions()] == ["v1.0.0", "v1.1.0"]


@pytest.mark.parametrize(
    ("version", "error", "match"),
    [
        ("1.0.0", VersionError, "not greater"),
        ("0.9.0", VersionError, "not greater"),
        ("next", VersionError, "PEP 440"),
    ],
)
def test_release_refuses_bad_versions(workspace, version, error, match):
    with pytest.raises(error, match=match):
        release(workspace, version)
    assert git(workspace.root, "tag", "--list").split() == ["runtime-v0.1.0", "v1.0.0"]


def test_release_refuses_a_dirty_workspace(workspace):
    (workspace.root / "templates" / "dataset-producer" / "NEW.md").write_text("draft")
    with pytest.raises(WorkspaceError, match="uncommitted changes: templates/"):
        release(workspace, "1.1.0")
    assert git(workspace.root, "tag", "--list").split() == ["runtime-v0.1.0", "v1.0.0"]


def test_versions_order_by_pep440_not_by_text(workspace):
    for version in ("1.2.0", "1.10.0"):
        release(workspace, version)
    assert workspace.latest_tag() == "v1.10.0"


def test_find_prefers_flag_then_env_then_parents_then_the_demo(
    workspace, demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    other = init_workspace(tmp_path / "other")
    nested = workspace.root / "catalog"
    assert find_workspace_or_demo(other.root, cwd=nested).root == other.root
    monkeypatch.setenv("PAVED_WORKSPACE", str(other.root))
    assert find_workspace_or_demo(cwd=nested).root == other.root
    monkeypatch.delenv("PAVED_WORKSPACE")
    assert find_workspace_or_demo(cwd=nested).root == workspace.root
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    assert find_workspace_or_demo(cwd=outside).root == demo.workspace.resolve()
    # paved's own checkout holds a paved.toml, but it is never a workspace.
    checkout = embedded_root() / "portal"
    assert find_workspace_or_demo(cwd=checkout).root == demo.workspace.resolve()


def test_find_names_a_folder_that_is_not_a_workspace(tmp_path: Path):
    with pytest.raises(WorkspaceError, match="no paved.toml"):
        find_workspace_or_demo(tmp_path)


def test_malformed_paved_toml_names_the_field(workspace):
    (workspace.root / "paved.toml").write_text('[workspace]\nname = "x"\ncolour = "blue"\n')
    with pytest.raises(MalformedFileError, match="colour"):
        type(workspace)(workspace.root)
