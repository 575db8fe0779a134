"""An ETL job reads each input where its contract and the catalog say it lives: the
producer's contract names a server (a local path in its repo, or a URL), and paved
pins that location in the job's contracts/inputs.yaml."""

from __future__ import annotations

import subprocess

import yaml

from portal.core.catalog.consumption import consumed_dataset
from portal.core.catalog.index import open_index
from portal.core.projects.new import NewProject, new_project


def _new(workspace, where, path, name, consumes=()):
    request = NewProject(
        golden_path=path, name=name, owner="analytics", dest=where / name, consumes=list(consumes)
    )
    return new_project(workspace, request).dest


def _inputs(repo):
    return {
        item["dataset"]: item
        for item in yaml.safe_load((repo / "contracts" / "inputs.yaml").read_text())["inputs"]
    }


def test_a_job_reads_its_input_where_the_producer_publishes_it(workspace, tmp_path, paved):
    producer = _new(workspace, tmp_path, "dataset-producer", "orders_raw")
    job = _new(workspace, tmp_path, "etl-job", "orders_daily", ["orders_raw"])
    assert _inputs(job)["orders_raw"]["location"] == f"{producer}/output/orders_raw.parquet"
    # The job's own output is a dataset with a server too: a consumer of it reads there.
    second = _new(workspace, tmp_path, "etl-job", "orders_weekly", ["orders_daily"])
    assert _inputs(second)["orders_daily"]["location"] == f"{job}/output/orders_daily.parquet"
    # Published elsewhere: the producer points its contract at a bucket, the catalog
    # learns it, and consuming it again pins the URL (comments in inputs.yaml kept).
    contract = producer / "contracts" / "orders_raw.odcs.yaml"
    text = contract.read_text().replace(
        "    type: local\n    path: output/orders_raw.parquet\n",
        "    type: s3\n    location: s3://lake/orders_raw/*.parquet\n",
    )
    contract.write_text(text)
    subprocess.run(["git", "commit", "-qam", "Publish to the lake"], cwd=producer, check=True)
    assert paved("-w", workspace.root, "catalog", "refresh").code == 0
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        assert consumed_dataset(index, "orders_raw")["location"] == "s3://lake/orders_raw/*.parquet"
    other = _new(workspace, tmp_path, "etl-job", "orders_by_day", ["orders_daily"])
    assert (
        paved(
            "-w", workspace.root, "catalog", "consume", "orders_raw", "--by", "orders_by_day"
        ).code
        == 0
    )
    pinned = (other / "contracts" / "inputs.yaml").read_text()
    assert "# The datasets this job reads" in pinned
    assert _inputs(other)["orders_raw"]["location"] == "s3://lake/orders_raw/*.parquet"
