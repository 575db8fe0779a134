"""The last bad inputs: names that would not read back, empty values read as "the
latest", a filter naming nothing, an emptied catalog file. Each is one line and exit 2,
nothing written; or, where the value is fine, it reads back as it was given."""

from __future__ import annotations

import json

import pytest

from portal.core.workspace.model import Workspace


@pytest.mark.parametrize("name", ['Data "platform"', "back\\slash", "it's"])
def test_a_workspace_name_with_quotes_reads_back_the_same(paved, tmp_path, name):
    result = paved("init", tmp_path / "ws", "--name", name, "--json")
    assert result.code == 0, result
    assert json.loads(result.out)["name"] == name
    assert Workspace(tmp_path / "ws").config.name == name
    listed = paved("-w", tmp_path / "ws", "paths")
    assert listed.code == 0 and f"Golden paths of {name}" in listed.out


@pytest.mark.parametrize("name", ["two\nlines", "tab\there", "", "  "])
def test_a_workspace_name_on_more_than_one_line_is_refused_and_leaves_no_folder(
    paved, tmp_path, name
):
    result = paved("init", tmp_path / "ws", "--name", name)
    assert result.code == 2, result
    assert result.err.startswith("paved: error: invalid workspace name")
    assert len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "ws").exists()


def test_a_team_name_with_a_newline_is_refused(paved, workspace):
    groups = (workspace.root / "catalog" / "groups.yaml").read_bytes()
    result = paved("-w", workspace.root, "catalog", "team", "add", "data-eng\n")
    assert result.code == 2 and "invalid team name" in result.err, result
    assert (workspace.root / "catalog" / "groups.yaml").read_bytes() == groups
    new = paved(
        "-w", workspace.root, "new", "dataset-producer", workspace.root.parent / "p",
        "--name", "orders_daily\n", "--owner", "analytics", "--no-input",
    )  # fmt: skip
    assert new.code == 2 and "invalid project name" in new.err, new


@pytest.mark.parametrize(
    "command",
    [
        ["update", "--all", "--to", ""],
        ["update", "--all", "--dry-run", "--to", " "],
        ["update", "--all", "--shard", ""],
        ["update", "--resume", ""],
        ["new", "dataset-producer", "x", "--name", "orders_daily", "--owner", "analytics",
         "--no-input", "--version", ""],
        ["adopt", ".", "--owner", "analytics", "--version", ""],
        ["paths", "add", "lib", ".", "--ref", ""],
    ],  # fmt: skip
    ids=lambda command: " ".join(command[:2]) + " " + command[-2],
)
def test_an_empty_version_ref_or_shard_is_refused_not_read_as_the_latest(
    paved, workspace, tmp_path, command
):
    result = paved("-w", workspace.root, *command, cwd=tmp_path)
    assert result.code == 2, result
    assert "it is empty" in result.err and len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_catalog_list_of_a_golden_path_that_is_not_there_names_those_that_are(paved, workspace):
    result = paved("-w", workspace.root, "catalog", "list", "--path", "dataset-producr")
    assert result.code == 2, result
    assert "unknown golden path 'dataset-producr'" in result.err
    assert "dataset-producer, etl-job, model-service" in result.err


def test_an_emptied_entity_file_is_reported_by_list_status_and_validate(
    paved, workspace, tmp_path
):
    made = paved(
        "-w", workspace.root, "new", "dataset-producer", tmp_path / "orders_raw",
        "--name", "orders_raw", "--owner", "analytics", "--no-input",
    )  # fmt: skip
    assert made.code == 0, made
    entity = workspace.root / "catalog" / "orders_raw.yaml"
    entity.write_text("")
    for command in (["catalog", "list"], ["status"], ["catalog", "validate"]):
        result = paved("-w", workspace.root, *command)
        assert result.code == 2, (command, result)
        assert f"{entity}: empty, it holds no entity" in result.err, (command, result)
