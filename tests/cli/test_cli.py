"""The CLI as a user meets it: exit codes, one-line errors, --json on stdout."""

import json
from pathlib import Path

import pytest

from tests.helpers import git


def _new(paved, workspace, dest: Path, *extra: str):
    return paved(
        "--workspace",
        workspace.root,
        "new",
        "dataset-producer",
        dest,
        "--name",
        dest.name,
        "--owner",
        "analytics",
        "--no-input",
        *extra,
    )


def test_help_lists_the_commands(paved):
    result = paved("--help")
    assert result.code == 0
    for command in ("init", "release", "paths", "new", "catalog"):
        assert command in result.out


def test_paths_lists_titles_and_summaries(paved, workspace):
    result = paved("--workspace", workspace.root, "paths", "--json")
    assert result.code == 0
    paths = {path["name"]: path for path in json.loads(result.out)}
    assert paths["dataset-producer"]["title"] == "Dataset producer"
    assert "ODCS" in paths["dataset-producer"]["summary"]
    table = paved("--workspace", workspace.root, "paths")
    assert "Dataset producer" in table.out and "v1.0.0" in table.out


def test_init_then_new_then_catalog(paved, tmp_path: Path):
    assert paved("init", tmp_path / "ws", "--version", "1.2.0").code == 0
    ws = tmp_path / "ws"
    created = paved(
        "new",
        "dataset-producer",
        tmp_path / "sales",
        "--name",
        "sales",
        "--owner",
        "growth",
        "--no-input",
        "--json",
        cwd=ws,
    )
    assert created.code == 0, created.err
    result = json.loads(created.out)
    assert result["template_version"] == "v1.2.0"
    assert Path(result["dest"]) == tmp_path / "sales"
    assert any("pytest" in step for step in result["next_steps"])

    listed = json.loads(paved("catalog", "list", "--json", cwd=ws).out)
    assert [(p["name"], p["owner"], p["template_version"]) for p in listed] == [
        ("sales", "growth", "v1.2.0")
    ]
    assert json.loads(paved("catalog", "list", "--owner", "analytics", "--json", cwd=ws).out) == []
    shown = json.loads(paved("catalog", "show", "sales", "--json", cwd=ws).out)
    assert shown["repo"] == str(tmp_path / "sales")
    assert shown["provides"][0]["name"] == "sales"
    assert shown["kind"] == "project"  # the project first: its dataset shares its name
    human = paved("catalog", "show", "sales", cwd=ws)
    assert "growth" in human.out and "dataset-producer" in human.out
    assert "`paved catalog show sales --kind dataset`" in human.out
    dataset = json.loads(
        paved("catalog", "show", "sales", "--kind", "dataset", "--json", cwd=ws).out
    )
    assert (dataset["kind"], dataset["producer"]) == ("dataset", "sales")
    assert "--kind" not in paved("catalog", "show", "sales", "--kind", "dataset", cwd=ws).out
    wrong = paved("catalog", "show", "sales", "--kind", "model", cwd=ws)
    assert wrong.code == 2 and wrong.out == ""
    assert wrong.err.count("\n") == 1 and "use --kind project, dataset" in wrong.err


def test_new_prints_next_steps(paved, workspace, tmp_path: Path):
    result = _new(paved, workspace, tmp_path / "orders")
    assert result.code == 0, result.err
    assert "Created orders" in result.out
    assert "catalog/orders.yaml" in result.out
    assert ".venv/bin/pip install -e '.[dev]'" in result.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "Bad-Name", "--owner", "analytics"], "invalid project name"),
        (["--name", "orders", "--owner", "nobody"], "unknown owner 'nobody'"),
        (["--name", "orders", "--owner", "analytics", "-d", "freshness_hours"], "not key=value"),
        (["--owner", "analytics"], "missing the project name"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    paved, workspace, tmp_path: Path, args, message
):
    result = paved(
        "--workspace",
        workspace.root,
        "new",
        "dataset-producer",
        tmp_path / "orders",
        *args,
        "--no-input",
    )
    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("paved: error: ") and message in lines[0]
    assert not (tmp_path / "orders").exists()
    assert git(workspace.root, "status", "--porcelain") == ""


def test_unknown_golden_path_lists_the_paths(paved, workspace, tmp_path: Path):
    result = paved(
        "--workspace",
        workspace.root,
        "new",
        "lakehouse",
        tmp_path / "x",
        "--name",
        "xyz",
        "--owner",
        "analytics",
        "--no-input",
    )
    assert result.code == 2
    assert "unknown golden path 'lakehouse'" in result.err and "dataset-producer" in result.err


def test_existing_destination_and_taken_name(paved, workspace, tmp_path: Path):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "a.txt").write_text("keep")
    result = paved(
        "--workspace",
        workspace.root,
        "new",
        "dataset-producer",
        busy,
        "--name",
        "busy",
        "--owner",
        "analytics",
        "--no-input",
    )
    assert result.code == 2 and "not empty" in result.err
    assert _new(paved, workspace, tmp_path / "orders").code == 0
    again = paved(
        "--workspace",
        workspace.root,
        "new",
        "dataset-producer",
        tmp_path / "o2",
        "--name",
        "orders",
        "--owner",
        "analytics",
        "--no-input",
    )
    assert again.code == 2 and "already in the catalog" in again.err
    assert not (tmp_path / "o2").exists()


def test_release_via_cli(paved, workspace):
    ok = paved("--workspace", workspace.root, "release", "1.1.0", "--json")
    assert ok.code == 0 and json.loads(ok.out)["tag"] == "v1.1.0"
    older = paved("--workspace", workspace.root, "release", "1.0.5")
    assert older.code == 2 and "not greater than the latest, v1.1.0" in older.err
    bad = paved("--workspace", workspace.root, "release", "one")
    assert bad.code == 2 and "PEP 440" in bad.err


def test_catalog_show_suggests_close_names(paved, workspace, tmp_path: Path):
    _new(paved, workspace, tmp_path / "orders")
    result = paved("--workspace", workspace.root, "catalog", "show", "order")
    assert result.code == 2 and "did you mean orders?" in result.err


def test_catalog_list_for_unknown_team(paved, workspace):
    result = paved("--workspace", workspace.root, "catalog", "list", "--owner", "nobody")
    assert result.code == 2 and "the teams are: analytics" in result.err


def test_usage_error_is_one_line(paved):
    result = paved("new", "--frobnicate")
    assert result.code == 2
    assert result.err.strip().count("\n") == 0 and "--frobnicate" in result.err


def test_workspace_flag_that_is_not_a_workspace(paved, tmp_path: Path):
    result = paved("--workspace", tmp_path, "paths")
    assert result.code == 2 and "not a platform workspace" in result.err
