"""Every entity paved writes passes Backstage's own validators (@backstage/catalog-model).

The package is installed from the npm registry once into a cache folder; the test then
runs its entity policies and kind validators over the whole catalog folder.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from portal.core.catalog.edits import add_team, set_consumption
from portal.core.projects.new import NewProject, new_project

HERE = Path(__file__).parent
CACHE = Path.home() / ".cache" / "paved-tests" / "backstage-catalog-model"


@pytest.fixture(scope="session")
def backstage() -> Path:
    if not shutil.which("node") or not shutil.which("npm"):
        pytest.skip("node and npm are needed to run Backstage's validators")
    if not (CACHE / "node_modules" / "@backstage" / "catalog-model").is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(CACHE),
                "@backstage/catalog-model@^1.10",
            ],
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
    script = CACHE / "validate.mjs"
    shutil.copy(HERE / "backstage_validate.mjs", script)
    return script


def test_the_whole_catalog_passes_backstage_validation(backstage, workspace, tmp_path):
    new_project(
        workspace,
        NewProject(
            golden_path="dataset-producer",
            name="orders_clean",
            owner="analytics",
            dest=tmp_path / "orders_clean",
        ),
    )
    for path in sorted(workspace.golden_paths):
        if path == "dataset-producer":
            continue
        name = f"{path.replace('-', '_')}_one"
        new_project(
            workspace,
            NewProject(
                golden_path=path,
                name=name,
                owner="growth",
                dest=tmp_path / name,
                consumes=["orders_clean"],
            ),
        )
    add_team(workspace.catalog_dir, workspace.index_dir, "finance-data", ["sam.lee"], "#fin")
    set_consumption(
        workspace.catalog_dir, workspace.index_dir, "orders_clean", "etl_job_one", consume=False
    )
    entities = [
        document
        for file in sorted(workspace.catalog_dir.glob("*.yaml"))
        for document in yaml.safe_load_all(file.read_text())
        if document
    ]
    kinds = {entity["kind"] for entity in entities}
    assert {"Component", "API", "Group", "User"} <= kinds
    result = subprocess.run(
        ["node", str(backstage)], input=json.dumps(entities), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"validated {len(entities)} entities, 0 invalid" in result.stdout


def test_the_validator_rejects_a_broken_entity(backstage):
    broken = [
        {
            "apiVersion": "backstage.io/v1alpha1",
            "kind": "Component",
            "metadata": {"name": "Not A Valid Name!"},
            "spec": {"type": "service"},
        }
    ]
    result = subprocess.run(
        ["node", str(backstage)], input=json.dumps(broken), capture_output=True, text=True
    )
    assert result.returncode == 1 and "1 invalid" in result.stdout
