"""Generated repos hold the owner's logic and a pin, not copies of the platform's code."""

from __future__ import annotations

import fnmatch
import tomllib
import uuid

import pytest

from portal.core.workspace import runtime
from tests.golden_paths.conftest import PRODUCER, generate

BUDGET = 40  # lines of platform-managed Python per golden path
SERVICE = "model-service"  # pins the runtime with its service extra


def _generate(workspace, tmp_path, path, consumes=(), **data):
    name = f"wiring_{path.replace('-', '_')}_{uuid.uuid4().hex[:8]}"
    return generate(workspace, path, tmp_path / name, data, consumes)


@pytest.mark.parametrize(
    ("path", "consumes", "data"),
    [
        ("dataset-producer", [], {}),
        ("etl-job", [], {}),
        ("etl-job", [PRODUCER], {"incremental": True, "output_format": "csv"}),
    ],
)
def test_a_producer_or_job_is_sql_config_and_tests_on_the_runtime(
    fleet_workspace, tmp_path, path, consumes, data
):
    repo = _generate(fleet_workspace, tmp_path, path, consumes, **data)
    golden_path = fleet_workspace.golden_path(path)
    python = [
        file.relative_to(repo).as_posix()
        for file in repo.rglob("*.py")
        if ".git" not in file.relative_to(repo).parts
    ]
    managed = [f for f in python if any(fnmatch.fnmatch(f, g) for g in golden_path.managed)]
    assert sorted(python) == sorted(managed), "every Python file of the repo is managed"
    lines = sum(len((repo / file).read_text().splitlines()) for file in managed)
    assert lines <= BUDGET, f"{lines} lines of platform-managed Python in {managed}"
    assert list(repo.glob("sql/*.sql")) and list(repo.glob("*.toml"))


@pytest.mark.parametrize("kind", ["classifier", "regressor"])
def test_a_model_service_is_the_owner_s_model_on_the_runtime(fleet_workspace, tmp_path, kind):
    repo = _generate(fleet_workspace, tmp_path, "model-service", model_kind=kind)
    golden_path = fleet_workspace.golden_path("model-service")
    python = [
        file.relative_to(repo).as_posix()
        for file in repo.rglob("*.py")
        if ".git" not in file.relative_to(repo).parts
    ]
    owned = [f for f in python if any(fnmatch.fnmatch(f, g) for g in golden_path.owned)]
    managed = [f for f in python if any(fnmatch.fnmatch(f, g) for g in golden_path.managed)]
    assert sorted(owned) == ["src/" + repo.name + "/model.py", "tests/test_model.py"]
    assert sorted(python) == sorted(owned + managed), "every Python file is managed or owned"
    lines = sum(len((repo / file).read_text().splitlines()) for file in managed)
    assert lines <= BUDGET, f"{lines} lines of platform-managed Python in {managed}"
    dependencies = tomllib.loads((repo / "pyproject.toml").read_text())["project"]["dependencies"]
    assert dependencies[0].startswith("paved-runtime[service] @ git+"), dependencies[0]


def test_every_path_pins_the_runtime_first_and_ci_installs_through_it(fleet_workspace, tmp_path):
    pin = runtime.requirement(fleet_workspace.root, fleet_workspace.require_latest_tag())
    for path in fleet_workspace.golden_paths:
        repo = _generate(fleet_workspace, tmp_path, path)
        project = tomllib.loads((repo / "pyproject.toml").read_text())
        service_pin = pin.replace("paved-runtime", "paved-runtime[service]", 1)
        expected = service_pin if path == SERVICE else pin
        assert project["project"]["dependencies"][0] == expected, path
        assert project["tool"]["hatch"]["metadata"]["allow-direct-references"] is True
        workflow = (repo / ".github" / "workflows" / "ci.yml").read_text()
        assert "pip install -e" in workflow, path
        for copied in ("contract.py", "build.py", "job.py", "openapi.py", "catalog.py"):
            assert not list(repo.glob(f"src/*/{copied}")), (path, copied)
