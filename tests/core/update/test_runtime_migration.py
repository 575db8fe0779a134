"""Repos generated before the runtime move to it with one `paved update`.

The workspace starts at the last template version without the runtime (this checkout's
history), repos are generated from it, and the workspace then takes this checkout's
golden paths and runtime and releases them: each repo's copied modules go where the
owner never edited them, and an edited one is kept and named for the owner to reconcile.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from portal.core.golden_paths.checks import run_checks
from portal.core.projects.new import NewProject, new_project
from portal.core.workspace.model import Workspace
from portal.core.workspace.release import release
from portal.core.workspace.runtime import checkout_url
from tests.helpers import git

CHECKOUT = Path(__file__).resolve().parents[3]
# The last commit whose golden paths copied the data-flow modules into every repo.
BEFORE_THE_RUNTIME = "f7fd234f77bf9b33fc3d7ddb2ffea72a4acfec46"
WORKSPACE_CONTENT = ("paved.toml", "copier.yml", "golden_paths", "templates")


@pytest.fixture
def migrated(tmp_path: Path) -> tuple[Workspace, Path, Path, Path]:
    """A pre-runtime workspace at v1.0.0, a producer, a job and a service made from it (the
    job's owner edited its copied job.py), and the workspace released as v1.1.0 with the
    runtime."""
    found = subprocess.run(
        ["git", "cat-file", "-e", f"{BEFORE_THE_RUNTIME}^{{commit}}"], cwd=CHECKOUT, check=False
    )
    if found.returncode != 0:
        pytest.skip("this checkout's history lacks the last template version before the runtime")
    root = tmp_path / "ws"
    root.mkdir()
    archive = subprocess.run(
        ["git", "archive", BEFORE_THE_RUNTIME, *WORKSPACE_CONTENT, "catalog/groups.yaml"],
        cwd=CHECKOUT,
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    (root / ".gitignore").write_text(".paved/\n")
    git(root, "init", "--quiet")
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "Golden paths that copy their modules")
    git(root, "tag", "--annotate", "v1.0.0", "--message", "Template version 1.0.0")
    workspace = Workspace(root)
    producer = _new(workspace, "dataset-producer", "orders_clean", tmp_path)
    job = _new(workspace, "etl-job", "revenue_daily", tmp_path, consumes=["orders_clean"])
    service = _new(workspace, "model-service", "churn_model", tmp_path)
    edited = job / "src" / "revenue_daily" / "job.py"
    edited.write_text(edited.read_text() + "\n# Our tweak: log each run.\n")
    git(job, "commit", "--quiet", "--all", "--message", "Our tweak to job.py")

    for item in (*WORKSPACE_CONTENT, "runtime"):
        target = root / item
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        source = CHECKOUT / item
        if source.is_dir():
            ignored = shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.egg-info")
            shutil.copytree(source, target, symlinks=True, ignore=ignored)
        else:
            shutil.copy2(source, target)
    git(root, "add", "--all")
    git(root, "commit", "--quiet", "--message", "Golden paths on the runtime")
    assert release(workspace, "1.1.0") == "v1.1.0"
    return workspace, producer, job, service


def test_one_update_moves_an_unedited_repo_to_the_runtime(migrated, paved, tmp_path):
    workspace, producer, _, _ = migrated
    result = paved("--workspace", workspace.root, "update", producer, cwd=tmp_path)
    assert result.code == 0, result.err
    package = producer / "src" / "orders_clean"
    for gone in ("build.py", "contract.py"):
        assert f"D src/orders_clean/{gone}" in result.out
        assert not (package / gone).exists()
    assert not (producer / "tests" / "conftest.py").exists()
    assert "reconcile" not in result.err
    pyproject = (producer / "pyproject.toml").read_text()
    assert f"paved-runtime @ {checkout_url(workspace.root)}@runtime-v0.1.0" in pyproject
    assert "jsonschema" not in pyproject
    assert "from paved_runtime import producer_main" in (package / "__main__.py").read_text()
    python = [p for p in producer.rglob("*.py") if ".git" not in p.parts]
    managed = [p for p in python if "tests" in p.parts or p.parent == package]
    assert sum(len(p.read_text().splitlines()) for p in managed) <= 40


def test_an_edited_copy_is_kept_and_named_for_the_owner(migrated, paved, tmp_path):
    workspace, _, job, _ = migrated
    result = paved("--workspace", workspace.root, "update", job, "--json", cwd=tmp_path)
    assert result.code == 0, result.err
    package = job / "src" / "revenue_daily"
    assert (package / "job.py").read_text().endswith("# Our tweak: log each run.\n")
    for gone in ("config.py", "contract.py", "fixtures.py"):
        assert not (package / gone).exists(), gone
    assert json.loads(result.out)["reconcile"] == ["src/revenue_daily/job.py"]
    assert "reconcile: src/revenue_daily/job.py: you edited it" in result.err


def test_a_service_moves_its_training_and_serving_to_the_runtime(migrated, paved, tmp_path):
    workspace, _, _, service = migrated
    package = service / "src" / "churn_model"
    edited = package / "prediction.py"
    edited.write_text(edited.read_text() + "\n# Our tweak: a metric of our own.\n")
    git(service, "commit", "--quiet", "--all", "--message", "Our tweak to prediction.py")
    result = paved("--workspace", workspace.root, "update", service, "--json", cwd=tmp_path)
    assert result.code == 0, result.err
    for gone in ("app.py", "training.py", "schemas.py", "catalog.py", "openapi.py"):
        assert not (package / gone).exists(), gone
    for gone in ("test_contract.py", "test_training.py"):
        assert not (service / "tests" / gone).exists(), gone
    assert edited.read_text().endswith("# Our tweak: a metric of our own.\n")
    assert json.loads(result.out)["reconcile"] == ["src/churn_model/prediction.py"]
    main = (package / "__main__.py").read_text()
    assert "from paved_runtime.service import ModelService, service_main" in main
    assert '"paved-runtime[service] @ git+' in (service / "pyproject.toml").read_text()
    assert (package / "model.py").is_file() and (service / "tests" / "test_model.py").is_file()
    managed = [package / "__init__.py", package / "__main__.py", *service.glob("tests/*.py")]
    managed = [p for p in managed if p.name != "test_model.py"]
    assert sum(len(p.read_text().splitlines()) for p in managed) <= 40


@pytest.mark.slow
def test_migrated_repos_are_green_in_a_fresh_environment(migrated, paved, tmp_path):
    workspace, producer, job, service = migrated
    paths = ((producer, "dataset-producer"), (job, "etl-job"), (service, "model-service"))
    for repo, path in paths:
        assert paved("--workspace", workspace.root, "update", repo, cwd=tmp_path).code == 0
        git(repo, "add", "--all")
        git(repo, "commit", "--quiet", "--message", "Move to the platform runtime")
        checks = run_checks(repo, workspace.golden_path(path))
        failed = {check.name: check.output for check in checks if not check.passed}
        assert not failed, failed


def _new(workspace: Workspace, path: str, name: str, base: Path, consumes=()) -> Path:
    request = NewProject(
        golden_path=path, name=name, owner="analytics", dest=base / name, consumes=list(consumes)
    )
    return new_project(workspace, request).dest
