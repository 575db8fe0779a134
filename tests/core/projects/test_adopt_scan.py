"""`paved adopt --scan DIR` and `--from FILE`: an organisation's repos of mixed kinds in
one run; linked where they record a golden path's template, plain otherwise; owners
from their own files; what their catalog-info.yaml says kept; one bad repo reported
and the rest adopted (exit 3); a dry run writes nothing; a rerun changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.helpers import git, one_commit_repo
from tests.organisation import backstage_info, copier_copied, cruft_created


def _organisation(root: Path, templates: dict[str, Path]) -> dict[str, Path]:
    repos = {
        "ledger_lib": copier_copied(
            templates["copier"], root / "libs" / "ledger_lib", project_name="ledger_lib",
            team_channel="#ledger",
        ),
        "billing_api": cruft_created(
            templates["cookiecutter"], root / "services", project_name="billing api"
        ),
        "payments": one_commit_repo(root / "services" / "payments", {
            "catalog-info.yaml": backstage_info(
                "payments", "group:default/growth", providesApis=["payments-api"],
                consumesApis=["api:default/ledger-api"], dependsOn=["resource:default/payments-db"],
            ),
            "main.py": "print('pay')\n",
        }),
        "search-svc": one_commit_repo(root / "search-svc", {
            ".github/CODEOWNERS": "# owners\n*.md @acme/docs\n* @acme/data-platform @jane\n",
            "main.py": "print('find')\n",
        }),
        "scripts": one_commit_repo(root / "scripts", {"run.sh": "echo run\n"}),
        "broken": one_commit_repo(root / "broken", {"main.py": "x = 1\n"}),
        "haunted": one_commit_repo(root / "haunted", {"CODEOWNERS": "* @acme/ghosts\n"}),
    }  # fmt: skip
    (repos["broken"] / "main.py").write_text("x = 2\n")  # its owner's work in progress
    (root / "notes").mkdir()
    (root / "notes" / "todo.txt").write_text("not a repo\n")
    one_commit_repo(root / ".cache" / "hidden", {"a.txt": "hidden folders are skipped\n"})
    return repos


def _state(workspace_root: Path, repos: dict[str, Path]) -> dict[str, str]:
    heads = {name: git(repo, "rev-parse", "HEAD") for name, repo in repos.items()}
    return {**heads, "workspace": git(workspace_root, "rev-parse", "HEAD")}


def test_scan_adopts_an_organisations_repos_and_a_rerun_changes_nothing(
    paved, org_workspace, org_templates, tmp_path
):
    repos = _organisation(tmp_path / "org", org_templates)
    ws = org_workspace.root
    before = _state(ws, repos)
    scan = ("-w", ws, "adopt", "--scan", tmp_path / "org", "--owner", "analytics", "--json")

    dry = paved(*scan, "--dry-run")
    assert dry.code == 3, dry
    planned = {Path(item["repo"]).name: item for item in json.loads(dry.out)["repos"]}
    assert set(planned) == set(repos)  # no folder that is not a repo, no hidden one
    assert {name: item["status"] for name, item in planned.items()} == {
        "ledger_lib": "would adopt", "billing_api": "would adopt", "payments": "would adopt",
        "search-svc": "would adopt", "scripts": "would adopt", "broken": "error",
        "haunted": "error",
    }  # fmt: skip
    assert _state(ws, repos) == before and git(ws, "status", "--porcelain") == ""
    assert not (repos["scripts"] / "catalog-info.yaml").exists()

    done = paved(*scan)
    assert done.code == 3, done
    adopted = {Path(item["repo"]).name: item for item in json.loads(done.out)["repos"]}
    for name in ("ledger_lib", "billing_api", "payments", "search-svc", "scripts"):
        assert adopted[name]["status"] == "adopted", adopted[name]
    assert "uncommitted changes" in adopted["broken"]["detail"]
    assert "ghosts" in adopted["haunted"]["detail"]
    assert (adopted["ledger_lib"]["golden_path"], adopted["billing_api"]["golden_path"]) == (
        "orglib",
        "orgsvc",
    )
    owners = {name: (item["owner"], item["owner_from"]) for name, item in adopted.items()}
    assert owners["payments"] == ("growth", "catalog-info.yaml spec.owner")
    assert owners["search-svc"] == ("data-platform", ".github/CODEOWNERS")
    assert owners["scripts"] == ("analytics", "--owner")
    assert (repos["broken"] / "main.py").read_text() == "x = 2\n"  # untouched
    assert git(repos["payments"], "rev-parse", "HEAD") == before["payments"]  # had its file
    assert git(ws, "rev-list", "--count", f"{before['workspace']}..HEAD") == "1"  # one commit

    # What the repo's own catalog-info.yaml says is in the catalog, as it says it.
    [component, api] = yaml.safe_load_all((ws / "catalog" / "payments.yaml").read_text())
    assert component["spec"]["providesApis"] == ["payments-api"]
    assert component["spec"]["consumesApis"] == ["api:default/ledger-api"]
    assert component["spec"]["dependsOn"] == ["resource:default/payments-db"]
    assert component["metadata"]["links"][0]["title"] == "Dashboard"
    assert component["metadata"]["description"] == "The payments service"
    assert api["metadata"]["name"] == "payments-api"
    shown = json.loads(paved("-w", ws, "catalog", "show", "payments", "--json").out)
    assert "payments-api" in json.dumps(shown) and "ledger-api" in json.dumps(shown)
    owned = paved("-w", ws, "catalog", "owner", "payments-api")
    assert owned.code == 0 and "growth" in owned.out, owned

    again = paved(*scan)
    assert again.code == 3, again
    rerun = {Path(item["repo"]).name: item["status"] for item in json.loads(again.out)["repos"]}
    assert {name for name, status in rerun.items() if status != "unchanged"} == {
        "broken",
        "haunted",
    }
    after = _state(ws, repos)
    assert paved(*scan[:-1]).code == 3  # the table, too
    assert _state(ws, repos) == after


def test_a_listed_file_of_repos_and_the_rollout_that_follows(
    paved, org_workspace, org_templates, tmp_path
):
    repos = _organisation(tmp_path / "org", org_templates)
    listing = tmp_path / "org" / "repos.txt"
    listing.write_text("# the repos to adopt\nlibs/ledger_lib\n\nservices/billing_api  # cruft\n")
    result = paved("-w", org_workspace.root, "adopt", "--from", listing, "--owner", "growth")
    assert result.code == 0, result
    assert "2 adopted" in result.err
    rollout = paved("-w", org_workspace.root, "update", "--all", "--dry-run", "--json")
    statuses = {item["project"]: item["status"] for item in json.loads(rollout.out)["results"]}
    assert statuses == {"ledger_lib": "updated", "billing_api": "updated"}, rollout
    assert not (repos["scripts"] / "catalog-info.yaml").exists()


def test_scan_takes_no_options_for_one_repo(paved, org_workspace, tmp_path):
    for extra in (["--name", "x"], ["--path", "orglib"], ["--from", tmp_path / "list"], [tmp_path]):
        result = paved("-w", org_workspace.root, "adopt", "--scan", tmp_path, *extra)
        assert result.code == 2 and "is for one" in result.err, (extra, result)
    missing = paved("-w", org_workspace.root, "adopt", "--from", tmp_path / "nowhere.txt")
    assert missing.code == 2 and "cannot read" in missing.err
