"""A dataset producer's and an ETL job's generated CI check a contract change on pull
requests with `paved contract check`, and the workflow passes actionlint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from portal.core.projects.new import NewProject, new_project
from tests.golden_paths.conftest import PRODUCER

ACTIONLINT = str(Path(sys.executable).parent / "actionlint")


@pytest.mark.parametrize("path", ["dataset-producer", "etl-job"])
def test_pull_requests_run_the_contract_check(fleet_workspace, tmp_path, path):
    consumes = [PRODUCER] if path == "etl-job" else []
    name = f"wired_{path.replace('-', '_')}"
    request = NewProject(
        golden_path=path, name=name, owner="analytics", dest=tmp_path / name, consumes=consumes
    )
    repo = new_project(fleet_workspace, request).dest
    workflow = repo / ".github" / "workflows" / "ci.yml"
    jobs = yaml.safe_load(workflow.read_text())["jobs"]
    job = jobs["contract-change"]
    assert job["if"] == "github.event_name == 'pull_request'"
    assert job["steps"][0]["with"]["fetch-depth"] == 0
    script = job["steps"][-1]["run"]
    assert 'paved contract check --base "origin/$BASE_REF" --strict --format markdown' in script
    assert 'exit "$code"' in script
    linted = subprocess.run(
        [ACTIONLINT, "-no-color", str(workflow)],
        capture_output=True,
        text=True,
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr
