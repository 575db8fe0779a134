"""Every golden path, every option combination: the generated repo is green on its own.

Like cookiecutter-data-science tests its template: generate, install the repo in its
own fresh virtual environment with only its declared dependencies, and run its own
checks (ruff and pytest). A golden path whose generated repo is not green is broken.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from portal.core.golden_paths.checks import run_checks
from portal.core.projects.new import NewProject, new_project
from tests.golden_paths.conftest import generate, matrix, project_name, unrendered
from tests.helpers import tree

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("path_name", "options", "consumes", "number"), matrix())
def test_generated_repo_is_green(fleet_workspace, tmp_path, path_name, options, consumes, number):
    name = project_name(path_name, number)
    repo = generate(fleet_workspace, path_name, tmp_path / name, options, consumes)
    assert unrendered(repo) == []
    for file in repo.rglob("*.y*ml"):
        if ".venv" not in file.parts:
            list(yaml.safe_load_all(file.read_text()))

    # The same answers through plain copier give the same files.
    answers = yaml.safe_load((repo / ".copier-answers.yml").read_text())
    from copier import run_copy

    twin = tmp_path / "twin"
    run_copy(
        str(fleet_workspace.root),
        twin,
        quiet=True,
        defaults=True,
        vcs_ref="v1.0.0",
        data={k: v for k, v in answers.items() if not k.startswith("_")},
    )
    assert tree(twin) == tree(repo)

    checks = run_checks(repo, fleet_workspace.golden_path(path_name))
    failed = {check.name: check.output for check in checks if not check.passed}
    assert not failed, "\n".join(f"--- {k}\n{v}" for k, v in failed.items())
    assert {check.name for check in checks} >= {"lint", "tests"}


def test_ci_workflows_are_valid_with_lint_test_and_contract_jobs(fleet_workspace, tmp_path):
    for path_name in fleet_workspace.golden_paths:
        repo = generate(fleet_workspace, path_name, tmp_path / project_name(path_name, 99))
        workflow = yaml.safe_load((repo / ".github" / "workflows" / "ci.yml").read_text())
        assert {"lint", "test", "contract"} <= set(workflow["jobs"]), path_name
        triggers = workflow.get("on", workflow.get(True))
        assert "push" in triggers and "pull_request" in triggers
        for job in workflow["jobs"].values():
            assert job["runs-on"] and job["steps"], path_name
            assert any("run" in step for step in job["steps"])


def test_generated_repo_owns_its_folder_and_is_committed(fleet_workspace, tmp_path: Path):
    repo = new_project(
        fleet_workspace,
        NewProject(
            golden_path="dataset-producer",
            name="committed_one",
            owner="growth",
            dest=tmp_path / "committed_one",
        ),
    ).dest
    from tests.helpers import git

    assert git(repo, "status", "--porcelain") == ""
    tracked = set(git(repo, "ls-files").splitlines())
    assert {".copier-answers.yml", "catalog-info.yaml", ".github/workflows/ci.yml"} <= tracked
