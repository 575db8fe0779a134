"""Answers as the template declares them: a question with no default is answered or
the command stops before writing anything (never the text "None"); every question is
answerable with -d under its own name; --name and --description fill the template's
own questions and say which; no message shows a Python repr."""

from __future__ import annotations

import json

import pytest

from tests.helpers import git


def _new(paved, workspace, dest, *extra: str):
    return paved(
        "-w", workspace.root, "new", "orglib", dest, "--name", "ledger_lib", "--owner", "growth",
        "--no-input", *extra,
    )  # fmt: skip


def test_a_question_with_no_default_must_be_answered_and_nothing_is_written(
    paved, org_workspace, tmp_path
):
    commits = git(org_workspace.root, "rev-list", "--count", "HEAD")
    result = _new(paved, org_workspace, tmp_path / "ledger_lib", "--json")
    assert result.code == 2 and result.out == "", result
    assert result.err.strip() == (
        "paved: error: the question team_channel has no default and was not answered: Chat "
        "channel of the owning team (no default: every team has its own) — answer it: "
        "-d team_channel=VALUE"
    )
    assert "None" not in result.err
    assert not (tmp_path / "ledger_lib").exists()
    assert not (org_workspace.root / "catalog" / "ledger_lib.yaml").exists()
    assert git(org_workspace.root, "rev-list", "--count", "HEAD") == commits
    made = _new(paved, org_workspace, tmp_path / "ledger_lib", "-d", "team_channel=#ledger")
    assert made.code == 0, made
    readme = (tmp_path / "ledger_lib" / "README.md").read_text()
    assert "Ask in #ledger" in readme and "None" not in readme


def test_every_question_answers_under_its_own_name_and_options_say_what_they_fill(
    paved, org_workspace, tmp_path
):
    result = _new(
        paved, org_workspace, tmp_path / "ledger_lib", "-d", "team_channel=#ledger",
        "-d", "project_description=Ledger entries, double-entry", "--json",
    )  # fmt: skip
    assert result.code == 0, result
    made = json.loads(result.out)
    assert made["filled"] == {"project_name": "--name"}
    pyproject = (tmp_path / "ledger_lib" / "pyproject.toml").read_text()
    assert 'description = "Ledger entries, double-entry"' in pyproject
    shown = paved("-w", org_workspace.root, "catalog", "show", "ledger_lib", "--json")
    assert "Ledger entries, double-entry" in shown.out

    described = paved(
        "-w", org_workspace.root, "new", "orgsvc", tmp_path / "billing", "--name", "billing",
        "--owner", "growth", "--no-input", "--description", "Bills customers",
    )  # fmt: skip
    assert described.code == 0, described
    assert (
        "The template's own questions answered by options: --name its project_name, "
        "--description its project_short_description." in described.out
    )
    assert "Bills customers" in (tmp_path / "billing" / "README.md").read_text()


@pytest.mark.parametrize(
    "extra,said",
    [
        (["-d", "project_name=other_name"], "-d project_name=other_name: the template's "
         "project_name question is answered by --name (ledger_lib)"),
        (["--description", "A", "-d", "project_description=B"], "answered by --description (A)"),
        (["-d", "colour=blue"], "unknown question 'colour'"),
    ],
    ids=["name", "description", "unknown"],
)  # fmt: skip
def test_an_answer_that_contradicts_an_option_is_refused_not_replaced(
    paved, org_workspace, tmp_path, extra, said
):
    result = _new(paved, org_workspace, tmp_path / "x", "-d", "team_channel=#x", *extra)
    assert result.code == 2 and said in result.err, result
    assert not (tmp_path / "x").exists()


def test_the_workspaces_own_paths_refuse_a_contradicting_answer_too(paved, workspace, tmp_path):
    result = paved(
        "-w", workspace.root, "new", "dataset-producer", tmp_path / "orders_daily",
        "--name", "orders_daily", "--owner", "analytics", "--no-input",
        "-d", "project_name=sales_daily",
    )  # fmt: skip
    assert result.code == 2, result
    assert "-d project_name=sales_daily says otherwise than --name" in result.err
    assert not (tmp_path / "orders_daily").exists()


def test_paths_json_lists_every_question_with_what_answers_it(paved, org_workspace):
    result = paved("-w", org_workspace.root, "paths", "--json")
    [orglib] = [path for path in json.loads(result.out) if path["name"] == "orglib"]
    questions = {question["name"]: question for question in orglib["questions"]}
    assert list(questions) == ["project_name", "project_description", "team_channel"]
    assert (questions["project_name"]["required"], questions["project_name"]["filled_by"]) == (
        True,
        "--name",
    )
    assert questions["project_description"]["filled_by"] == "--description"
    assert (questions["team_channel"]["required"], questions["team_channel"]["filled_by"]) == (
        True,
        None,
    )


def test_no_message_shows_none_or_a_python_repr(paved, workspace, tmp_path):
    for extra in (
        ["-d", "freshness_hours=soon"],
        ["-d", "freshness_hours=0"],
    ):
        result = paved(
            "-w", workspace.root, "new", "dataset-producer", tmp_path / "orders_daily",
            "--name", "orders_daily", "--owner", "analytics", "--no-input", *extra,
        )  # fmt: skip
        assert result.code == 2, result
        for bad in ("None", "{'", "PosixPath", "<"):
            assert bad not in result.err, (extra, result.err)
