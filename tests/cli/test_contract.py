"""`paved contract diff` and `paved contract check` in a producer's repo, against a
real workspace whose catalog has consumers with the columns they read: orders_clean
(analytics) is read by the ETL job daily (growth; its SQL reads order_date, amount and
status), whose output weekly (ml-platform) reads in turn."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from portal.core.catalog.registration import refresh_from_repos
from portal.core.projects.new import NewProject, new_project
from portal.core.workspace.create import init_workspace
from tests.core.contracts.conftest import edit_contract
from tests.helpers import git

CONTRACT = "contracts/orders_clean.odcs.yaml"


@pytest.fixture(scope="session")
def pristine_fleet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("contract-fleet")
    workspace = init_workspace(root / "ws")
    new_project(
        workspace,
        _request("dataset-producer", "orders_clean", "analytics", root / "orders_clean"),
    )
    daily = root / "daily"
    new_project(
        workspace,
        _request("etl-job", "daily", "growth", daily, ["orders_clean"]),
    )
    (daily / "sql" / "staging.sql").write_text(
        'create or replace view stg_orders_clean as select * from "orders_clean";\n'
    )
    (daily / "sql" / "daily.sql").write_text(
        "select order_date, sum(amount) as revenue from stg_orders_clean\n"
        "where status <> 'cancelled' group by order_date\n"
    )
    git(daily, "commit", "--quiet", "--all", "--message", "daily reads three columns")
    new_project(workspace, _request("etl-job", "weekly", "ml-platform", root / "weekly", ["daily"]))
    refresh_from_repos(workspace.catalog_dir, workspace.index_dir)
    return root


def _request(path: str, name: str, owner: str, dest: Path, consumes=()) -> NewProject:
    return NewProject(golden_path=path, name=name, owner=owner, dest=dest, consumes=list(consumes))


@pytest.fixture
def fleet(pristine_fleet: Path, tmp_path: Path) -> Path:
    root = tmp_path / "fleet"
    shutil.copytree(pristine_fleet, root, symlinks=True)
    return root


def _edit(repo: Path, change) -> None:
    edit_contract(repo, change, CONTRACT)


def _drop(name: str, version: str | None = None):
    def change(contract):
        properties = contract["schema"][0]["properties"]
        properties[:] = [p for p in properties if p["name"] != name]
        if version:
            contract["version"] = version

    return change


def _check(paved, fleet: Path, *args: str):
    return paved("-w", fleet / "ws", "contract", "check", *args, cwd=fleet / "orders_clean")


def test_a_breaking_change_a_consumer_reads_fails_and_names_who_to_tell(paved, fleet):
    _edit(fleet / "orders_clean", _drop("status"))
    result = _check(paved, fleet)
    assert result.code == 1, result
    assert "column-removed" in result.out
    assert "daily (team growth #growth-data, pins 1.0.0) reads status" in result.out
    assert "downstream: weekly (ml-platform) via daily" in result.out
    assert "major version was not bumped (1.0.0 -> 1.0.0)" in result.out


def test_markdown_for_a_pull_request_comment(paved, fleet):
    _edit(fleet / "orders_clean", _drop("status"))
    result = _check(paved, fleet, "--format", "markdown")
    assert result.code == 1
    assert result.out.startswith("## paved contract check")
    assert "| breaking | column-removed | status removed |" in result.out
    assert "| daily | growth | #growth-data | 1.0.0 | status | weekly (ml-platform) |" in result.out
    assert "**Failed:**" in result.out


def test_a_breaking_change_nobody_reads_passes_unless_strict(paved, fleet):
    _edit(fleet / "orders_clean", _drop("customer_id"))
    result = _check(paved, fleet)
    assert result.code == 0, result
    assert "no known impact: customer_id removed" in result.out
    strict = _check(paved, fleet, "--strict")
    assert strict.code == 1
    assert "the changes need a major version, and the version is 1.0.0 -> 1.0.0" in strict.out


def test_a_bumped_major_passes_and_still_lists_who_to_tell(paved, fleet):
    _edit(fleet / "orders_clean", _drop("status", version="2.0.0"))
    result = _check(paved, fleet, "--json")
    assert result.code == 0, result
    answer = json.loads(result.out)
    assert answer["failed"] is False
    [contract] = answer["contracts"]
    assert contract["diff"]["needed"] == "major" and contract["diff"]["done"] == "major"
    [affected] = contract["impact"]["affected"]
    assert (affected["project"], affected["team"], affected["columns"]) == (
        "daily",
        "growth",
        ["status"],
    )
    assert [d["name"] for d in affected["downstream"]] == ["weekly"]
    assert strict_passes(paved, fleet)


def strict_passes(paved, fleet: Path) -> bool:
    return _check(paved, fleet, "--strict").code == 0


def test_a_non_breaking_change_without_its_minor_fails_only_strict(paved, fleet):
    _edit(
        fleet / "orders_clean",
        lambda c: c["schema"][0]["properties"].append({"name": "note", "logicalType": "string"}),
    )
    assert _check(paved, fleet).code == 0
    strict = _check(paved, fleet, "--strict")
    assert strict.code == 1 and "need a minor version" in strict.out


def test_a_malformed_contract_is_one_line_and_exit_2(paved, fleet):
    path = fleet / "orders_clean" / CONTRACT
    path.write_text(path.read_text().replace("required: true", "required: [yes]", 1))
    result = _check(paved, fleet)
    assert result.code == 2
    assert result.out == ""
    [line] = result.err.strip().splitlines()
    assert "orders_clean.odcs.yaml: line" in line and "required" in line


def test_a_file_that_is_not_odcs_is_refused(paved, fleet):
    (fleet / "orders_clean" / CONTRACT).write_text("kind: Something\nversion: 1\n")
    result = _check(paved, fleet)
    assert result.code == 2 and "not an ODCS v3 data contract" in result.err


def test_outside_a_workspace_the_changes_are_classified_and_the_impact_unknown(
    paved, fleet, tmp_path, monkeypatch
):
    monkeypatch.setenv("PAVED_WORKSPACE", str(tmp_path / "nowhere"))
    _edit(fleet / "orders_clean", _drop("status"))
    result = paved("contract", "check", cwd=fleet / "orders_clean")
    assert result.code == 0, result
    assert "column-removed" in result.out and "Impact unknown" in result.out


def test_diff_against_the_merge_base_with_the_upstream(paved, fleet, tmp_path):
    """A clone on a feature branch, its change committed: the default base is where it
    left origin's main, not HEAD."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(fleet / "orders_clean"), str(clone))
    git(clone, "switch", "--quiet", "--create", "drop-status")
    _edit(clone, _drop("status"))
    git(clone, "commit", "--quiet", "--all", "--message", "drop status")

    result = paved("contract", "diff", "--json", cwd=clone)
    assert result.code == 0, result
    answer = json.loads(result.out)
    assert answer["base"] == git(clone, "rev-parse", "origin/main")
    assert [c["rule"] for c in answer["diff"]["changes"]] == ["column-removed"]
    at_head = json.loads(paved("contract", "diff", "--base", "HEAD", "--json", cwd=clone).out)
    assert at_head["diff"]["changes"] == []


def test_diff_names_the_contract_when_the_repo_has_several(paved, fleet):
    repo = fleet / "orders_clean"
    shutil.copy(repo / CONTRACT, repo / "contracts" / "refunds.odcs.yaml")
    result = paved("contract", "diff", cwd=repo)
    assert result.code == 2 and "the repo has 2 contracts" in result.err
    named = paved("contract", "diff", CONTRACT, cwd=repo)
    assert named.code == 0 and "No change." in named.out
    unknown = paved("contract", "diff", "--base", "nope", CONTRACT, cwd=repo)
    assert unknown.code == 2 and "unknown base ref 'nope'" in unknown.err


def test_a_detached_ci_checkout_finds_the_merge_base_with_origin_main(paved, fleet, tmp_path):
    """As GitHub checks out a pull request: detached, no local main, origin/main fetched."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", str(fleet / "orders_clean"), str(clone))
    git(clone, "remote", "set-head", "origin", "--delete")
    _edit(clone, _drop("customer_id"))
    git(clone, "commit", "--quiet", "--all", "--message", "drop customer_id")
    git(clone, "switch", "--quiet", "--detach", "HEAD")
    git(clone, "branch", "--quiet", "--delete", "--force", "main")

    answer = json.loads(paved("contract", "diff", "--json", cwd=clone).out)
    assert answer["base"] == git(clone, "rev-parse", "origin/main")
    assert [c["rule"] for c in answer["diff"]["changes"]] == ["column-removed"]
