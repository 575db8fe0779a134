"""The runtime's version, its tags, and the pin generated repos carry (core/runtime.py)."""

from __future__ import annotations

import pytest

from portal.core.errors import MalformedFileError
from portal.core.projects.new import NewProject, new_project
from portal.core.update.project import Engine, plan_update
from portal.core.workspace import runtime
from portal.core.workspace.release import release
from tests.helpers import git


def _project(workspace, tmp_path, name="orders_daily"):
    request = NewProject(
        golden_path="dataset-producer", name=name, owner="analytics", dest=tmp_path / name
    )
    return new_project(workspace, request).dest


def _commit(root, message="change"):
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", message)


def _configure(workspace, table: str) -> None:
    config = workspace.root / "paved.toml"
    config.write_text(config.read_text() + "\n[runtime]\n" + table + "\n")
    _commit(workspace.root, "Install the runtime from elsewhere")


def test_a_new_project_pins_the_runtime_of_its_template_version(workspace, tmp_path):
    repo = _project(workspace, tmp_path)
    url = runtime.checkout_url(workspace.root)
    expected = f"paved-runtime @ {url}@runtime-v0.1.0#subdirectory=runtime"
    assert f'    "{expected}",\n' in (repo / "pyproject.toml").read_text()
    assert f"paved_runtime: {expected}" in (repo / ".copier-answers.yml").read_text()
    assert not (repo / "src" / "orders_daily" / "contract.py").exists()


@pytest.mark.parametrize(
    ("table", "pin"),
    [
        ('requirement = "paved-runtime=={version}"', "paved-runtime==0.1.0"),
        (
            'git = "https://git.example.com/platform.git"',
            "paved-runtime @ git+https://git.example.com/platform.git@runtime-v0.1.0"
            "#subdirectory=runtime",
        ),
    ],
)
def test_paved_toml_sets_how_repos_install_the_runtime(workspace, tmp_path, table, pin):
    _configure(workspace, table)
    release(workspace, "1.1.0")
    assert runtime.requirement(workspace.root, "v1.1.0") == pin
    repo = _project(workspace, tmp_path)
    assert f'"{pin}"' in (repo / "pyproject.toml").read_text()


@pytest.mark.parametrize(
    ("table", "match"),
    [
        ('requirement = "paved-runtime"', "must hold {version}"),
        ('requirement = "x=={version}"\ngit = "https://x"', "either requirement or git"),
        ('index = "https://x"', "index"),
    ],
)
def test_a_bad_runtime_table_is_one_clear_error(workspace, table, match):
    _configure(workspace, table)
    with pytest.raises(MalformedFileError, match=match) as caught:
        runtime.requirement(workspace.root, "HEAD")
    assert "paved.toml: [runtime]" in caught.value.message


def test_a_release_that_leaves_the_runtime_alone_touches_no_repo(workspace, tmp_path):
    repo = _project(workspace, tmp_path)
    (workspace.root / "docs.md").write_text("notes\n")  # not a template, not the runtime
    _commit(workspace.root)
    release(workspace, "1.1.0")
    assert [tag for _, tag in runtime.releases(workspace.root)] == ["runtime-v0.1.0"]
    with Engine.open(workspace) as engine:
        assert plan_update(engine, repo, "v1.1.0").current


def test_a_runtime_change_is_a_new_version_and_a_one_line_pin_change(workspace, tmp_path):
    repo = _project(workspace, tmp_path)
    # The owner edits their pyproject everywhere but the pin: a dependency, a tool table.
    pyproject = repo / "pyproject.toml"
    text = pyproject.read_text().replace(
        "    # Your own dependencies, one a line:\n",
        '    # Your own dependencies, one a line:\n    "polars>=1",\n',
    )
    pyproject.write_text(text.replace('version = "0.1.0"', 'version = "0.2.0"') + "\n[tool.x]\n")
    _commit(repo, "Owner's edits")
    fix = workspace.root / "runtime" / "src" / "paved_runtime" / "sql.py"
    fix.write_text(fix.read_text() + "\n# a fix\n")
    _commit(workspace.root, "Fix the runtime")

    assert release(workspace, "1.1.0") == "v1.1.0"
    assert [tag for _, tag in runtime.releases(workspace.root)][-1] == "runtime-v0.1.1"
    assert 'version = "0.1.1"' in (workspace.root / "runtime" / "pyproject.toml").read_text()
    assert git(workspace.root, "status", "--porcelain") == ""
    assert git(workspace.root, "rev-parse", "runtime-v0.1.1^{commit}") == git(
        workspace.root, "rev-parse", "v1.1.0^{commit}"
    )
    with Engine.open(workspace) as engine:
        update = plan_update(engine, repo, "v1.1.0")
    assert sorted(update.changed) == [".copier-answers.yml", "pyproject.toml"]
    assert update.conflicts == []
    merged = update.merge.changes["pyproject.toml"].data.decode()
    assert "@runtime-v0.1.1#subdirectory=runtime" in merged
    assert '"polars>=1"' in merged and 'version = "0.2.0"' in merged and "[tool.x]" in merged


def test_a_runtime_version_raised_by_hand_is_kept(workspace):
    project = workspace.root / "runtime" / "pyproject.toml"
    project.write_text(project.read_text().replace('version = "0.1.0"', 'version = "1.0.0"'))
    _commit(workspace.root, "Runtime 1.0.0: a breaking change")
    release(workspace, "2.0.0")
    assert runtime.version_at(workspace.root, "v2.0.0").public == "1.0.0"
    assert "runtime-v1.0.0" in git(workspace.root, "tag", "--list").split()


def test_paved_release_says_when_the_runtime_got_a_version(workspace, paved):
    fix = workspace.root / "runtime" / "src" / "paved_runtime" / "sql.py"
    fix.write_text(fix.read_text() + "\n# a fix\n")
    _commit(workspace.root, "Fix the runtime")
    result = paved("--workspace", workspace.root, "release", "1.1.0", "--json")
    assert result.code == 0, result.err
    assert '"runtime": "runtime-v0.1.1"' in result.out
    result = paved("--workspace", workspace.root, "release", "1.2.0")
    assert result.code == 0 and "runtime" not in result.out.split("\n")[0]
