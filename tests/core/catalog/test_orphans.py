"""`paved catalog validate` reports orphans both ways: an entry whose repo is gone, and
a repo of the workspace's golden path with no entry; exit 1."""

from __future__ import annotations

import json
import shutil
import subprocess

from portal.core.projects.new import NewProject, new_project


def _new(workspace, where, name):
    request = NewProject(
        golden_path="dataset-producer", name=name, owner="analytics", dest=where / name
    )
    return new_project(workspace, request).dest


def test_orphans_both_ways(workspace, tmp_path, paved):
    repos = tmp_path / "repos"
    kept = _new(workspace, repos, "orders_raw")
    gone = _new(workspace, repos, "payments_raw")
    assert paved("-w", workspace.root, "catalog", "validate").code == 0
    shutil.rmtree(gone)
    # A repo of the workspace's golden path whose entry was never made (or removed).
    stray = repos / "stray_copy"
    shutil.copytree(kept, stray)
    answers = stray / ".copier-answers.yml"
    answers.write_text(answers.read_text().replace("orders_raw", "stray_raw"))
    subprocess.run(["git", "commit", "-qam", "renamed"], cwd=stray, check=True)
    # Not a claim: an unrelated folder, and a repo from another template.
    (repos / "notes").mkdir()
    result = paved("-w", workspace.root, "catalog", "validate", "--json")
    assert result.code == 1
    problems = {(p["kind"], p["entity"]): p["message"] for p in json.loads(result.out)}
    assert set(problems) == {("orphan-entry", "payments_raw"), ("unregistered-repo", "stray_raw")}
    assert "paved catalog remove payments_raw" in problems[("orphan-entry", "payments_raw")]
    assert f"paved adopt {stray}" in problems[("unregistered-repo", "stray_raw")]
    text = paved("-w", workspace.root, "catalog", "validate")
    assert text.code == 1 and "orphan-entry" in text.out and "unregistered-repo" in text.out
