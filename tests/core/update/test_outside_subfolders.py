"""Outside templates in a sub-folder of their repo (cookiecutter's `directory`, copier's
`_subdirectory`) and cruft's `[tool.cruft]` settings: new, status and update, compared
with real `cruft update` and `copier update` runs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import cruft
import pytest

from portal.core.sources.registry import add_path
from tests.helpers import git, tree
from tests.outside_templates import (
    COOKIECUTTER_V1,
    COOKIECUTTER_V2,
    COPIER_V1,
    COPIER_V2,
    build_template_repo,
    committed,
    copier_updated,
    in_folder,
    made_at_v1,
    owner_edits,
)


def _cruft_update(repo: Path, copy: Path) -> Path:
    shutil.copytree(repo, copy)
    assert cruft.update(copy, checkout="v2.0.0", skip_apply_ask=True)
    return copy


def test_tool_cruft_skip_in_pyproject_is_honoured_as_cruft_does(paved, outside_workspace, tmp_path):
    repo = made_at_v1(paved, outside_workspace, "svc", tmp_path / "svc", "orders_api")
    state = json.loads((repo / ".cruft.json").read_text())
    (repo / ".cruft.json").write_text(
        json.dumps({**state, "skip": ["HOOKED.txt"]}, indent=2) + "\n"
    )
    settings = '[project]\nname = "orders_api"\n\n[tool.cruft]\nskip = ["README.md", "old*"]\n'
    owner_edits(repo, {"pyproject.toml": settings, "src/app.py": "\nOWNER = 'analytics'\n"})
    expected = _cruft_update(repo, tmp_path / "cruft")
    result = paved("-w", outside_workspace.root, "update", repo)
    assert result.code == 0, result
    assert tree(repo) == tree(expected)
    assert b"v1 of the template" in tree(repo)["README.md"]  # skipped: v2 changed it
    assert (repo / "old.txt").is_file()  # skipped by a glob: v2 removed it
    assert (repo / "CHANGELOG.md").is_file()  # not skipped: v2 added it
    assert "OWNER = 'analytics'" in (repo / "src/app.py").read_text()


def test_a_bad_pyproject_is_one_line_and_touches_nothing(paved, outside_workspace, tmp_path):
    repo = made_at_v1(paved, outside_workspace, "svc", tmp_path / "svc", "orders_api")
    owner_edits(repo, {"pyproject.toml": "[tool.cruft\nskip = 1\n"})
    head = git(repo, "rev-parse", "HEAD")
    result = paved("-w", outside_workspace.root, "update", repo)
    assert result.code == 2, result
    assert "pyproject.toml is not TOML" in result.err and "Traceback" not in result.err
    assert git(repo, "rev-parse", "HEAD") == head and git(repo, "status", "--porcelain") == ""


@pytest.fixture(scope="session")
def sub_folder_templates(tmp_path_factory) -> dict[str, Path]:
    """A cookiecutter template in `templates/service/` of its repo, and a copier one in
    `template/` (named by copier.yml's `_subdirectory`), each tagged v1.0.0 and v2.0.0."""
    folder = tmp_path_factory.mktemp("sub-folders")
    copier_yml = textwrap.dedent(COPIER_V1["copier.yml"]) + "_subdirectory: template\n"
    keep = ("copier.yml",)
    return {
        "cookiecutter": build_template_repo(
            folder / "cc",
            in_folder("templates/service", COOKIECUTTER_V1),
            in_folder("templates/service", COOKIECUTTER_V2),
        ),
        "copier": build_template_repo(
            folder / "copier",
            in_folder("template", {**COPIER_V1, "copier.yml": copier_yml}, keep),
            in_folder(
                "template",
                {**COPIER_V2, "copier.yml": copier_yml + "license:\n  default: MIT\n"},
                keep,
            ),
        ),
    }


def test_cookiecutter_template_in_a_sub_folder(
    paved, outside_workspace, sub_folder_templates, tmp_path
):
    root = outside_workspace.root
    source = sub_folder_templates["cookiecutter"]
    nowhere = paved("-w", root, "paths", "add", "nope", source, "--directory", "missing")
    assert nowhere.code == 2 and "has no folder missing" in nowhere.err, nowhere
    added = paved(
        "-w", root, "paths", "add", "sub", source, "--directory", "templates/service", "--trust"
    )
    assert added.code == 0, added
    path_yaml = (root / "golden_paths/sub/path.yaml").read_text()
    assert "directory: templates/service" in path_yaml

    repo = made_at_v1(paved, outside_workspace, "sub", tmp_path / "sub", "orders_api")
    assert (repo / "HOOKED.txt").is_file()  # the template's hook, in the sub-folder, ran
    assert json.loads((repo / ".cruft.json").read_text())["directory"] == "templates/service"
    owner_edits(repo, {"src/app.py": "\nOWNER = 'analytics'\n"})
    status = paved("-w", root, "status", "--only", "orders_api", "--json")
    assert status.code == 0, status
    assert json.loads(status.out)[0]["drift"] is True

    expected = _cruft_update(repo, tmp_path / "cruft")
    result = paved("-w", root, "update", repo)
    assert result.code == 0, result
    assert tree(repo) == tree(expected)
    assert (repo / "CHANGELOG.md").is_file() and not (repo / "old.txt").exists()


def test_copier_template_in_a_sub_folder(paved, outside_workspace, sub_folder_templates, tmp_path):
    root = outside_workspace.root
    source = sub_folder_templates["copier"]
    refused = paved("-w", root, "paths", "add", "sublib", source, "--directory", "template")
    assert refused.code == 2 and "_subdirectory" in refused.err, refused
    add_path(outside_workspace, "sublib", str(source), trust=True)

    repo = made_at_v1(paved, outside_workspace, "sublib", tmp_path / "lib", "orders_lib")
    assert (repo / "setup.cfg").is_file() and not (repo / "copier.yml").exists()
    owner_edits(repo, {"pyproject.toml": "\n[tool.ruff]\nline-length = 100\n"})
    status = paved("-w", root, "status", "--only", "orders_lib", "--json")
    assert status.code == 0, status
    assert json.loads(status.out)[0]["drift"] is True

    expected = copier_updated(repo, tmp_path / "copier")
    rollout = paved("-w", root, "update", "--all", "--only", "orders_lib", "--json")
    assert rollout.code == 0, rollout
    files = committed(repo, "paved/update-2.0.0")
    assert files == tree(expected)
    assert "LICENSE" in files and "setup.cfg" not in files


def test_adopting_a_repo_links_it_to_a_sub_folder_template(
    paved, outside_workspace, sub_folder_templates, tmp_path
):
    root = outside_workspace.root
    source = sub_folder_templates["cookiecutter"]
    add = ["paths", "add", "sub", source, "--directory", "templates/service", "--trust"]
    assert paved("-w", root, *add).code == 0
    template = tmp_path / "template"
    subprocess.run(["git", "clone", "-q", source, template], check=True)
    git(template, "checkout", "-q", "v1.0.0")
    cookiecutter = [Path(sys.executable).parent / "cookiecutter", "--no-input"]
    subprocess.run(
        [*cookiecutter, "-o", tmp_path / "made", "--directory", "templates/service", template,
         "project_name=legacy_api"],
        check=True, capture_output=True,
    )  # fmt: skip
    repo = tmp_path / "made" / "legacy_api"
    git(repo, "init", "-q")
    owner_edits(repo, {"src/app.py": "\nLEGACY = True\n"})
    adopted = paved(
        "-w", root, "adopt", repo, "--owner", "analytics", "--path", "sub", "--version", "1.0.0"
    )
    assert adopted.code == 0, adopted
    assert json.loads((repo / ".cruft.json").read_text())["directory"] == "templates/service"

    expected = _cruft_update(repo, tmp_path / "cruft")
    updated = paved("-w", root, "update", repo)
    assert updated.code == 0, updated
    assert tree(repo) == tree(expected)
    assert "LEGACY = True" in (repo / "src/app.py").read_text()
