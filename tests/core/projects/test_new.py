from pathlib import Path

import pytest
import yaml

from portal.core.catalog.index import open_index
from portal.core.catalog.queries import show
from portal.core.errors import (
    BadInputError,
    DestinationError,
    DuplicateNameError,
    GenerationError,
    InvalidNameError,
    MalformedFileError,
    PortalError,
    UnknownGoldenPathError,
    UnknownOwnerError,
)
from portal.core.projects.new import NewProject, create, new_project, plan
from portal.core.workspace.release import release
from tests.helpers import git


def _request(tmp_path: Path, **changes) -> NewProject:
    fields = {
        "golden_path": "dataset-producer",
        "name": "orders_clean",
        "owner": "analytics",
        "dest": tmp_path / "orders_clean",
    }
    return NewProject(**{**fields, **changes})


def test_new_renders_commits_and_registers(workspace, tmp_path: Path):
    result = new_project(workspace, _request(tmp_path, description="Orders, cleaned"))
    repo = result.dest
    assert git(repo, "rev-list", "--count", "HEAD") == "1"
    assert git(repo, "status", "--porcelain") == ""
    answers = yaml.safe_load((repo / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v1.0.0"
    assert Path(answers["_src_path"]) == workspace.root
    assert answers["owner"] == "analytics" and answers["description"] == "Orders, cleaned"
    assert "contracts/orders_clean.odcs.yaml" in result.files
    contract = yaml.safe_load((repo / "contracts" / "orders_clean.odcs.yaml").read_text())
    assert (contract["apiVersion"], contract["kind"]) == ("v3.2.0", "DataContract")

    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        record = show(index, "orders_clean")
    assert record.owner == "analytics"
    assert record.golden_path == "dataset-producer"
    assert record.template_version == "v1.0.0"
    assert record.repo == str(repo)
    assert [(api.name, api.type, api.contract_version) for api in record.provides] == [
        ("orders_clean", "dataset", "1.0.0")
    ]
    # The catalog entry is committed to the workspace, which stays clean.
    assert git(workspace.root, "status", "--porcelain") == ""
    assert "register orders_clean" in git(workspace.root, "log", "-1", "--format=%s")


def test_new_uses_the_latest_release_or_the_one_asked_for(workspace, tmp_path: Path):
    readme = workspace.root / "templates" / "dataset-producer" / "README.md.jinja"
    readme.write_text(readme.read_text() + "\nReleased in 1.1.\n")
    git(workspace.root, "commit", "-qam", "README note")
    release(workspace, "1.1.0")
    latest = new_project(workspace, _request(tmp_path))
    assert "Released in 1.1." in (latest.dest / "README.md").read_text()
    older = new_project(
        workspace, _request(tmp_path, name="orders_old", dest=tmp_path / "old", version="1.0.0")
    )
    assert "Released in 1.1." not in (older.dest / "README.md").read_text()
    assert yaml.safe_load((older.dest / ".copier-answers.yml").read_text())["_commit"] == "v1.0.0"


def test_answers_reach_the_rendered_files(workspace, tmp_path: Path):
    data = {
        "dataset_name": "daily_orders",
        "refresh_schedule": "30 5 * * 1",
        "freshness_hours": "48",
    }
    result = new_project(workspace, _request(tmp_path, data=data))
    contract = yaml.safe_load((result.dest / "contracts" / "daily_orders.odcs.yaml").read_text())
    assert contract["slaProperties"][1]["value"] == 48
    assert '"30 5 * * 1"' in (result.dest / ".github" / "workflows" / "ci.yml").read_text()
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        assert show(index, "daily_orders").producer == "orders_clean"


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"name": "Orders-Clean"}, InvalidNameError, "invalid project name"),
        ({"name": "json"}, InvalidNameError, "standard module"),
        ({"name": "class"}, InvalidNameError, "keyword"),
        ({"owner": "marketing"}, UnknownOwnerError, "unknown owner"),
        ({"golden_path": "data-lake"}, UnknownGoldenPathError, "unknown golden path"),
        ({"data": {"freshness_hours": "soon"}}, BadInputError, "not an int"),
        ({"data": {"dataset_name": "Bad Name"}}, BadInputError, "lowercase identifier"),
        ({"data": {"colour": "blue"}}, BadInputError, "unknown question"),
        ({"consumes": ["anything"]}, BadInputError, "does not consume"),
        ({"version": "7.0.0"}, BadInputError, "no template version"),
    ],
)
def test_bad_input_writes_nothing(workspace, tmp_path: Path, changes, error, match):
    before = git(workspace.root, "rev-parse", "HEAD")
    with pytest.raises(error, match=match):
        new_project(workspace, _request(tmp_path, **changes))
    assert not (tmp_path / "orders_clean").exists()
    assert list(tmp_path.iterdir()) == [workspace.root]
    assert git(workspace.root, "rev-parse", "HEAD") == before
    assert git(workspace.root, "status", "--porcelain") == ""


def test_unknown_owner_lists_the_teams(workspace, tmp_path: Path):
    with pytest.raises(UnknownOwnerError) as error:
        new_project(workspace, _request(tmp_path, owner="marketing"))
    assert "analytics, data-platform" in error.value.hint


def test_destination_that_is_not_empty_is_refused(workspace, tmp_path: Path):
    dest = tmp_path / "busy"
    dest.mkdir()
    (dest / "keep.txt").write_text("owner's file")
    with pytest.raises(DestinationError, match="not empty"):
        new_project(workspace, _request(tmp_path, dest=dest))
    assert [path.name for path in dest.iterdir()] == ["keep.txt"]


def test_an_empty_destination_is_fine(workspace, tmp_path: Path):
    dest = tmp_path / "empty"
    dest.mkdir()
    assert (new_project(workspace, _request(tmp_path, dest=dest)).dest / "pyproject.toml").is_file()


def test_a_name_already_in_the_catalog_is_refused(workspace, tmp_path: Path):
    new_project(workspace, _request(tmp_path))
    with pytest.raises(DuplicateNameError, match="already in the catalog"):
        new_project(workspace, _request(tmp_path, dest=tmp_path / "again"))
    with pytest.raises(DuplicateNameError, match="dataset or API named 'orders_clean'"):
        new_project(
            workspace,
            _request(
                tmp_path,
                name="orders_copy",
                dest=tmp_path / "copy",
                data={"dataset_name": "orders_clean"},
            ),
        )
    assert not (tmp_path / "again").exists() and not (tmp_path / "copy").exists()


def test_a_failure_while_rendering_leaves_nothing(workspace, tmp_path: Path):
    broken = workspace.root / "templates" / "dataset-producer" / "broken.txt.jinja"
    broken.write_text("{{ project_name | no_such_filter }}\n")
    git(workspace.root, "add", "-A")
    git(workspace.root, "commit", "-qm", "a broken template")
    release(workspace, "1.1.0")
    head = git(workspace.root, "rev-parse", "HEAD")
    with pytest.raises(GenerationError, match="generating orders_clean failed"):
        new_project(workspace, _request(tmp_path))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ws"]
    assert not (workspace.catalog_dir / "orders_clean.yaml").exists()
    assert git(workspace.root, "rev-parse", "HEAD") == head


def test_a_failure_while_registering_removes_the_repo(workspace, tmp_path: Path):
    # A catalog file that no longer parses: registering must fail, and undo the repo.
    request = _request(tmp_path)
    planned = plan(workspace, request)
    (workspace.catalog_dir / "groups.yaml").write_text("kind: [broken\n")
    with pytest.raises(MalformedFileError, match="groups.yaml"):
        create(workspace, planned)
    assert not request.dest.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["ws"]


def test_a_refused_catalog_commit_leaves_nothing_staged(workspace, tmp_path: Path):
    # The workspace refuses to move its branch (a hook `--no-verify` does not skip),
    # so the registration commit fails after its file was staged.
    hook = workspace.root / ".git" / "hooks" / "reference-transaction"
    hook.write_text('#!/bin/sh\n[ "$1" = prepared ] && exit 1\nexit 0\n')
    hook.chmod(0o755)
    head = git(workspace.root, "rev-parse", "HEAD")
    request = _request(tmp_path)
    with pytest.raises(PortalError):
        new_project(workspace, request)
    assert not request.dest.exists()
    assert not (workspace.catalog_dir / "orders_clean.yaml").exists()
    assert git(workspace.root, "status", "--porcelain") == ""
    assert git(workspace.root, "rev-parse", "HEAD") == head


@pytest.mark.parametrize("path_name", ["dataset-producer", "etl-job", "model-service"])
def test_descriptions_with_quotes_and_colons_keep_files_valid(workspace, tmp_path, path_name):
    import tomllib

    description = 'Orders: "cleaned" \\ daily & <checked> # really'
    result = new_project(
        workspace,
        _request(
            tmp_path,
            golden_path=path_name,
            description=description,
            name=f"{path_name.replace('-', '_')}_x",
            dest=tmp_path / path_name,
        ),
    )
    repo = result.dest
    assert tomllib.loads((repo / "pyproject.toml").read_text())["project"]["description"] == (
        description
    )
    info = next(yaml.safe_load_all((repo / "catalog-info.yaml").read_text()))
    assert info["metadata"]["description"] == description
    for source in repo.rglob("*.py"):
        compile(source.read_text(), str(source), "exec")
