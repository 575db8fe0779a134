"""`paved new` on outside golden paths makes what the template's own tool makes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import cruft

from tests.helpers import git, tree
from tests.outside_templates import paved_new

BIN = Path(sys.executable).parent


def _checkout(source: Path, tag: str, dest: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(source), str(dest)], check=True)
    git(dest, "-c", "advice.detachedHead=false", "checkout", "-q", tag)
    return dest


def test_cookiecutter_project_is_what_cookiecutter_no_input_makes(
    paved, outside_workspace, outside_templates, tmp_path
):
    made = paved_new(paved, outside_workspace, "svc", tmp_path / "paved", "orders_api")
    assert made["template_version"] == "v2.0.0"
    template = _checkout(outside_templates["cookiecutter"], "v2.0.0", tmp_path / "template")
    subprocess.run(
        [
            BIN / "cookiecutter",
            "--no-input",
            "-o",
            tmp_path / "plain",
            template,
            "project_name=orders_api",
        ],
        check=True,
        capture_output=True,
    )
    ours = tree(tmp_path / "paved")
    added = {".cruft.json", "catalog-info.yaml"}
    assert {k: v for k, v in ours.items() if k not in added} == tree(
        tmp_path / "plain" / "orders_api"
    )
    # defaults rendered by the template's engine (its `do` extension), hooks run
    assert b"orders_api service" in ours["README.md"] and "HOOKED.txt" in ours
    assert "Dockerfile" not in ours  # the hook removed it: use_docker defaults to no
    state = json.loads(ours[".cruft.json"])
    assert state["template"] == str(outside_templates["cookiecutter"])
    assert state["commit"] == git(outside_templates["cookiecutter"], "rev-parse", "v2.0.0")
    assert state["context"]["cookiecutter"]["description"] == "orders_api service"
    project = tmp_path / "paved"
    assert cruft.check(project)  # up to date with the template
    assert cruft.diff(project, exit_code=True)  # and nothing differs from it


def test_cookiecutter_answers_and_catalog_entry(paved, outside_workspace, tmp_path):
    paved_new(paved, outside_workspace, "svc", tmp_path / "d", "docker_api", "-d", "use_docker=yes")
    assert (tmp_path / "d" / "Dockerfile").is_file()
    bad = paved(
        "-w",
        outside_workspace.root,
        "new",
        "svc",
        tmp_path / "e",
        "--name",
        "bad_api",
        "--owner",
        "analytics",
        "--no-input",
        "-d",
        "use_docker=maybe",
    )
    assert bad.code == 2 and "use_docker" in bad.err and not (tmp_path / "e").exists()
    shown = paved("-w", outside_workspace.root, "catalog", "show", "docker_api", "--json")
    assert shown.code == 0, shown
    assert '"svc"' in shown.out and "analytics" in shown.out
    assert git(tmp_path / "d", "status", "--porcelain") == ""


def test_copier_project_is_what_copier_copy_makes(
    paved, outside_workspace, outside_templates, tmp_path
):
    made = paved_new(paved, outside_workspace, "lib", tmp_path / "paved", "orders_lib")
    source = outside_templates["copier"]
    subprocess.run(
        [
            BIN / "copier",
            "copy",
            "--defaults",
            "--trust",
            "--vcs-ref",
            "v2.0.0",
            "-d",
            "project_name=orders_lib",
            str(source),
            tmp_path / "plain",
        ],
        check=True,
        capture_output=True,
    )
    ours = tree(tmp_path / "paved")
    assert {k: v for k, v in ours.items() if k != "catalog-info.yaml"} == tree(tmp_path / "plain")
    answers = ours[".copier-answers.yml"].decode()
    assert f"_src_path: {source}" in answers and "_commit: v2.0.0" in answers
    assert "project_description: orders_lib library" in answers  # the `do` extension
    assert made["golden_path"] == "lib"
