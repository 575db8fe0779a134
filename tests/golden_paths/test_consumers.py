"""Projects that consume datasets: pinned in the repo, recorded in the catalog."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.helpers import git

PRODUCER = "orders_clean"


def _producer(paved, workspace, tmp_path: Path) -> None:
    result = paved(
        "--workspace",
        workspace.root,
        "new",
        "dataset-producer",
        tmp_path / PRODUCER,
        "--name",
        PRODUCER,
        "--owner",
        "analytics",
        "--no-input",
    )
    assert result.code == 0, result.err


def test_etl_job_pins_its_inputs_and_is_recorded_as_consumer(paved, workspace, tmp_path):
    _producer(paved, workspace, tmp_path)
    result = paved(
        "--workspace",
        workspace.root,
        "new",
        "etl-job",
        tmp_path / "revenue",
        "--name",
        "daily_revenue",
        "--owner",
        "growth",
        "--consumes",
        PRODUCER,
        "-d",
        "output_format=csv",
        "--no-input",
        "--json",
    )
    assert result.code == 0, result.err
    repo = tmp_path / "revenue"
    answers = yaml.safe_load((repo / ".copier-answers.yml").read_text())
    pinned = answers["consumes"][0]
    assert (pinned["dataset"], pinned["version"], pinned["owner"]) == (
        PRODUCER,
        "1.0.0",
        "analytics",
    )
    assert "order_id" in [column["name"] for column in pinned["properties"]]
    info = list(yaml.safe_load_all((repo / "catalog-info.yaml").read_text()))
    assert info[0]["spec"]["consumesApis"] == [PRODUCER]

    consumers = paved("--workspace", workspace.root, "catalog", "consumers", PRODUCER, "--json")
    assert [(c["name"], c["owner"]) for c in json.loads(consumers.out)] == [
        ("daily_revenue", "growth")
    ]
    shown = json.loads(
        paved("--workspace", workspace.root, "catalog", "show", "daily_revenue", "--json").out
    )
    assert shown["consumes"] == [PRODUCER]
    assert shown["provides"][0]["type"] == "dataset"


def test_consuming_a_dataset_not_in_the_catalog_writes_nothing(paved, workspace, tmp_path):
    _producer(paved, workspace, tmp_path)
    head = git(workspace.root, "rev-parse", "HEAD")
    result = paved(
        "--workspace",
        workspace.root,
        "new",
        "etl-job",
        tmp_path / "revenue",
        "--name",
        "daily_revenue",
        "--owner",
        "growth",
        "--consumes",
        "orders_cleen",
        "--no-input",
    )
    assert result.code == 2
    assert "no dataset named 'orders_cleen'" in result.err and "orders_clean" in result.err
    assert not (tmp_path / "revenue").exists()
    assert git(workspace.root, "rev-parse", "HEAD") == head


def test_option_outside_its_choices_writes_nothing(paved, workspace, tmp_path):
    result = paved(
        "--workspace",
        workspace.root,
        "new",
        "etl-job",
        tmp_path / "x",
        "--name",
        "daily_revenue",
        "--owner",
        "growth",
        "-d",
        "output_format=xlsx",
        "--no-input",
    )
    assert result.code == 2 and "output_format: 'xlsx' is not one of its choices" in result.err
    assert "parquet" in result.err
    assert not (tmp_path / "x").exists()
