"""What consumers pin and read, brought into the catalog from their repos; consume and
unconsume re-pin a job's inputs keeping the owner's comments; consumers behind a major
version show as behind, with the change that took them there."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from portal.core.catalog.edits import add_team, set_consumption
from portal.core.catalog.registration import refresh_from_repos
from portal.core.projects.new import NewProject, new_project
from tests.helpers import git


def _new(workspace, path: str, name: str, owner: str, dest: Path, consumes=()) -> Path:
    request = NewProject(
        golden_path=path, name=name, owner=owner, dest=dest, consumes=list(consumes)
    )
    return new_project(workspace, request).dest


def _job_reading_three_columns(job: Path) -> None:
    (job / "sql" / "staging.sql").write_text(
        "-- the owner's staging\ncreate view stg_orders_clean as select * from orders_clean;\n"
    )
    (job / "sql" / "daily.sql").write_text(
        "select order_date, sum(amount) as revenue from stg_orders_clean\n"
        "where status = 'paid' group by order_date\n"
    )


def test_refresh_brings_pins_and_columns_read_into_catalog_show(workspace, tmp_path, paved):
    _new(workspace, "dataset-producer", "orders_clean", "analytics", tmp_path / "orders_clean")
    job = _new(workspace, "etl-job", "daily", "growth", tmp_path / "daily", ["orders_clean"])
    _job_reading_three_columns(job)
    refresh_from_repos(workspace.catalog_dir, workspace.index_dir)

    shown = paved("-w", workspace.root, "catalog", "show", "orders_clean", "--kind", "dataset")
    assert "daily: team growth · pins 1.0.0 · reads order_date, amount, status" in shown.out
    answer = json.loads(
        paved(
            "-w", workspace.root, "catalog", "show", "orders_clean", "--kind", "dataset", "--json"
        ).out
    )
    [consumer] = answer["consumers"]
    assert consumer["pinned"] == "1.0.0"
    assert consumer["reads"] == ["order_date", "amount", "status"]
    assert consumer["behind"] is None


def test_consume_and_unconsume_repin_the_inputs_keeping_comments(workspace, tmp_path):
    _new(workspace, "dataset-producer", "orders_clean", "analytics", tmp_path / "orders_clean")
    job = _new(workspace, "etl-job", "daily", "growth", tmp_path / "daily")
    inputs = job / "contracts" / "inputs.yaml"
    inputs.write_text("# pinned by paved; the owner's note\ninputs: []  # none yet\n")
    info = job / "catalog-info.yaml"
    info.write_text(
        info.read_text().replace("  owner: group:growth", "  owner: group:growth  # us")
    )
    _job_reading_three_columns(job)

    set_consumption(workspace.catalog_dir, workspace.index_dir, "orders_clean", "daily", True)

    text = inputs.read_text()
    assert text.startswith("# pinned by paved; the owner's note\n")
    [entry] = yaml.safe_load(text)["inputs"]
    assert (entry["dataset"], entry["version"], entry["owner"]) == (
        "orders_clean",
        "1.0.0",
        "analytics",
    )
    assert [c["name"] for c in entry["columns"]] == ["order_date", "amount", "status"]
    assert entry["columns"][1]["physicalType"] == "DECIMAL(12,2)"
    assert "owner: group:growth  # us" in info.read_text()
    assert "- orders_clean" in info.read_text()

    set_consumption(workspace.catalog_dir, workspace.index_dir, "orders_clean", "daily", False)
    assert yaml.safe_load(inputs.read_text())["inputs"] == []
    assert inputs.read_text().startswith("# pinned by paved; the owner's note\n")
    assert "owner: group:growth  # us" in info.read_text()
    assert "orders_clean" not in info.read_text()


def test_team_add_keeps_the_comments_of_groups_yaml(workspace):
    groups = workspace.catalog_dir / "groups.yaml"
    groups.write_text(groups.read_text().replace("  name: growth", "  name: growth  # since 2024"))
    git(workspace.root, "commit", "--quiet", "--all", "--message", "a comment")
    header = groups.read_text().splitlines()[:2]

    add_team(workspace.catalog_dir, workspace.index_dir, "finance-data", ["mia.chen", "sam.lee"])

    text = groups.read_text()
    assert text.splitlines()[:2] == header
    assert "  name: growth  # since 2024" in text
    documents = [doc for doc in yaml.safe_load_all(text) if doc]
    mia = next(d for d in documents if d["kind"] == "User" and d["metadata"]["name"] == "mia.chen")
    assert "finance-data" in mia["spec"]["memberOf"]
    assert any(d["kind"] == "Group" and d["metadata"]["name"] == "finance-data" for d in documents)


def test_a_consumer_pinning_an_older_major_shows_as_behind(workspace, tmp_path, paved):
    producer = _new(
        workspace, "dataset-producer", "orders_clean", "analytics", tmp_path / "orders_clean"
    )
    job = _new(workspace, "etl-job", "daily", "growth", tmp_path / "daily", ["orders_clean"])
    _job_reading_three_columns(job)
    contract = producer / "contracts" / "orders_clean.odcs.yaml"
    document = yaml.safe_load(contract.read_text())
    document["version"] = "2.0.0"
    properties = document["schema"][0]["properties"]
    properties[:] = [p for p in properties if p["name"] != "status"]
    contract.write_text(yaml.safe_dump(document, sort_keys=False))
    git(producer, "commit", "--quiet", "--all", "--message", "2.0.0: status dropped")
    refresh_from_repos(workspace.catalog_dir, workspace.index_dir)

    why = "pins 1.0.0 of 2.0.0 (2.0.0: status removed)"
    shown = paved("-w", workspace.root, "catalog", "show", "orders_clean", "--kind", "dataset")
    assert (
        f"daily: team growth · pins 1.0.0 · reads order_date, amount, status · BEHIND: {why}"
        in (shown.out)
    )
    assert "last major change  2.0.0: status removed" in shown.out
    status = json.loads(paved("-w", workspace.root, "status", "--json").out)
    behind = {record["project"]: record["contracts_behind"] for record in status}
    assert behind == {"daily": [f"orders_clean: {why}"], "orders_clean": []}
    text = paved("-w", workspace.root, "status").out
    assert f"daily is behind on orders_clean: {why}" in text


def test_a_model_service_pins_its_training_dataset_and_declares_its_columns(
    workspace, tmp_path, paved
):
    _new(workspace, "dataset-producer", "orders_clean", "analytics", tmp_path / "orders_clean")
    model = _new(
        workspace, "model-service", "churn", "ml-platform", tmp_path / "churn", ["orders_clean"]
    )
    shown = paved("-w", workspace.root, "catalog", "show", "orders_clean", "--kind", "dataset")
    # Generated with every column of the contract declared, for its owner to narrow.
    every = "order_id, customer_id, order_date, amount, currency, status"
    assert f"churn: team ml-platform · pins 1.0.0 · reads {every}" in shown.out

    (model / "contracts" / "inputs.yaml").write_text(
        "# what the model reads\ninputs:\n  - dataset: orders_clean\n    version: '1.0.0'\n"
        "    owner: analytics\n    columns: [customer_id, amount]\n"
    )
    refresh_from_repos(workspace.catalog_dir, workspace.index_dir)
    shown = paved("-w", workspace.root, "catalog", "show", "orders_clean", "--kind", "dataset")
    assert "churn: team ml-platform · pins 1.0.0 · reads customer_id, amount" in shown.out
