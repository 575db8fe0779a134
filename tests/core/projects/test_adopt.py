"""`paved adopt` and `paved catalog remove`: repos paved did not generate."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import cruft

from tests.helpers import git, one_commit_repo, tree

BIN = Path(sys.executable).parent


def test_adopting_a_repo_registers_it_and_update_all_skips_it(paved, workspace, tmp_path):
    repo = one_commit_repo(tmp_path / "billing", {"main.py": "print('bill')\n"})
    result = paved("-w", workspace.root, "adopt", repo, "--owner", "growth", "--json")
    assert result.code == 0, result
    adopted = json.loads(result.out)
    assert adopted["name"] == "billing" and adopted["committed"] == ["catalog-info.yaml"]
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "log", "-1", "--format=%s") == "paved: adopt billing (catalog entry)"
    shown = paved("-w", workspace.root, "catalog", "show", "billing", "--json")
    assert shown.code == 0 and "growth" in shown.out
    rollout = paved("-w", workspace.root, "update", "--all", "--json")
    assert rollout.code == 0, rollout
    [only] = json.loads(rollout.out)["results"]
    assert only["status"] == "skipped" and "no golden path" in only["detail"]
    assert paved("-w", workspace.root, "status").code == 0


def test_a_repos_own_catalog_info_is_kept_and_checked(paved, workspace, tmp_path):
    info = (
        "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ledger\n"
        "spec:\n  type: service\n  lifecycle: production\n  owner: group:growth\n"
    )
    repo = one_commit_repo(tmp_path / "ledger-repo", {"catalog-info.yaml": info})
    head = git(repo, "rev-parse", "HEAD")
    wrong = paved("-w", workspace.root, "adopt", repo, "--owner", "analytics")
    assert wrong.code == 2 and "says the owner is 'growth'" in wrong.err
    result = paved("-w", workspace.root, "adopt", repo, "--owner", "growth")
    assert result.code == 0, result
    assert git(repo, "rev-parse", "HEAD") == head  # it had a catalog-info.yaml: no commit
    commits = git(workspace.root, "rev-list", "--count", "HEAD")
    again = paved("-w", workspace.root, "adopt", repo, "--owner", "growth")  # changes nothing
    assert again.code == 0 and again.out.startswith("Already adopted ledger"), again
    assert git(workspace.root, "rev-list", "--count", "HEAD") == commits
    assert git(repo, "rev-parse", "HEAD") == head
    elsewhere = one_commit_repo(tmp_path / "ledger-copy", {"catalog-info.yaml": info})
    taken = paved("-w", workspace.root, "adopt", elsewhere, "--owner", "growth")
    assert taken.code == 2 and "already in the catalog, for another repo" in taken.err


def test_a_dirty_repo_is_refused_untouched(paved, workspace, tmp_path):
    repo = one_commit_repo(tmp_path / "dirty", {"main.py": "x = 1\n"})
    (repo / "main.py").write_text("x = 2\n")
    result = paved("-w", workspace.root, "adopt", repo, "--owner", "growth")
    assert result.code == 2 and "uncommitted changes" in result.err
    assert (repo / "main.py").read_text() == "x = 2\n" and not (repo / "catalog-info.yaml").exists()


def test_linking_to_a_cookiecutter_path_changes_nothing_until_an_update(
    paved, outside_workspace, outside_templates, tmp_path
):
    template = tmp_path / "template"
    subprocess.run(["git", "clone", "-q", outside_templates["cookiecutter"], template], check=True)
    git(template, "-c", "advice.detachedHead=false", "checkout", "-q", "v1.0.0")
    subprocess.run(
        [
            BIN / "cookiecutter",
            "--no-input",
            "-o",
            tmp_path / "made",
            template,
            "project_name=legacy_api",
        ],
        check=True,
        capture_output=True,
    )
    repo = tmp_path / "made" / "legacy_api"
    with open(repo / "src" / "app.py", "a") as handle:
        handle.write("\n\nLEGACY = True\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "made by hand long ago")
    before = tree(repo)
    result = paved(
        "-w",
        outside_workspace.root,
        "adopt",
        repo,
        "--owner",
        "analytics",
        "--path",
        "svc",
        "--version",
        "1.0.0",
    )
    assert result.code == 0, result
    after = tree(repo)
    assert set(after) - set(before) == {".cruft.json", "catalog-info.yaml"}
    assert {k: v for k, v in after.items() if k in before} == before
    state = json.loads(after[".cruft.json"])
    assert state["checkout"] == "v1.0.0"
    assert state["context"]["cookiecutter"]["repo_name"] == "legacy_api"
    shutil.copytree(repo, tmp_path / "cruft")
    assert cruft.update(tmp_path / "cruft", checkout="v2.0.0", skip_apply_ask=True)
    updated = paved("-w", outside_workspace.root, "update", repo)
    assert updated.code == 0, updated
    assert tree(repo) == tree(tmp_path / "cruft")
    assert b"LEGACY = True" in tree(repo)["src/app.py"]


def test_catalog_remove_takes_a_project_out_and_leaves_its_repo(paved, workspace, tmp_path):
    repo = one_commit_repo(tmp_path / "gone", {"main.py": "pass\n"})
    assert paved("-w", workspace.root, "adopt", repo, "--owner", "growth").code == 0
    head = git(repo, "rev-parse", "HEAD")
    result = paved("-w", workspace.root, "catalog", "remove", "gone")
    assert result.code == 0, result
    assert not (workspace.root / "catalog" / "gone.yaml").exists()
    assert git(workspace.root, "status", "--porcelain") == ""
    assert paved("-w", workspace.root, "catalog", "show", "gone").code == 2
    assert git(repo, "rev-parse", "HEAD") == head and (repo / "catalog-info.yaml").is_file()
    missing = paved("-w", workspace.root, "catalog", "remove", "gone")
    assert missing.code == 2 and "gone" in missing.err


def test_linking_to_a_workspace_path_records_copiers_answers(paved, workspace, tmp_path):
    repo = one_commit_repo(tmp_path / "sales_daily", {"sql/sales_daily.sql": "select 1\n"})
    result = paved(
        "-w",
        workspace.root,
        "adopt",
        repo,
        "--owner",
        "analytics",
        "--path",
        "dataset-producer",
        "-d",
        "freshness_hours=12",
        "--json",
    )
    assert result.code == 0, result
    assert json.loads(result.out)["template_version"] == "v1.0.0"
    answers = (repo / ".copier-answers.yml").read_text()
    for line in (
        "_commit: v1.0.0",
        f"_src_path: {workspace.root}",
        "golden_path: dataset-producer",
        "freshness_hours: 12",
        "dataset_name: sales_daily",
    ):
        assert line in answers, line
    assert (repo / "sql" / "sales_daily.sql").read_text() == "select 1\n"  # untouched
    update = paved("-w", workspace.root, "update", repo, "--dry-run")
    assert update.code == 0 and "already at v1.0.0" in update.out
    shown = paved("-w", workspace.root, "catalog", "show", "sales_daily", "--json")
    assert '"golden_path": "dataset-producer"' in shown.out
