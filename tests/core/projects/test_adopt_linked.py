"""Repos made by plain `copier copy` or `cruft create` are linked to the golden path
whose template they record, not refused: their answers and version kept, and the next
rollout's tree is what `copier update` / `cruft update` make of a copy."""

from __future__ import annotations

import json
import subprocess

from tests.helpers import git, tree
from tests.organisation import (
    ORG_ANSWERS,
    copier_copied,
    copier_updated,
    cruft_created,
    cruft_updated,
)


def _made_by_copier(templates, tmp_path, name: str, channel: str):
    """A repo made by plain `copier copy` from the organisation's library template."""
    return copier_copied(
        templates["copier"], tmp_path / name, project_name=name, team_channel=channel
    )


def _rollout(paved, workspace, name: str) -> dict:
    result = paved("-w", workspace.root, "update", "--all", "--only", name, "--json")
    assert result.code == 0, result
    [only] = json.loads(result.out)["results"]
    return only


def _branch_tree(repo, branch: str) -> dict:
    git(repo, "checkout", "-q", branch)
    return tree(repo)


def test_a_repo_made_by_copier_copy_is_linked_keeping_its_answers_and_updated_as_copier_would(
    paved, org_workspace, org_templates, tmp_path
):
    repo = _made_by_copier(org_templates, tmp_path, "ledger_lib", "#ledger")
    answers = (repo / ORG_ANSWERS).read_bytes()
    result = paved("-w", org_workspace.root, "adopt", repo, "--owner", "growth", "--json")
    assert result.code == 0, result
    adopted = json.loads(result.out)
    assert adopted["golden_path"] == "orglib" and adopted["template_version"] == "v1.0.0"
    assert adopted["answers_file"] == ORG_ANSWERS and adopted["committed"] == ["catalog-info.yaml"]
    assert (repo / ORG_ANSWERS).read_bytes() == answers  # kept as copier wrote it
    shown = paved("-w", org_workspace.root, "catalog", "show", "ledger_lib", "--json")
    assert '"golden_path": "orglib"' in shown.out and '"template_version": "v1.0.0"' in shown.out
    status = paved("-w", org_workspace.root, "status", "--json")
    [record] = json.loads(status.out)
    assert (record["version"], record["latest"], record["drift"]) == ("v1.0.0", "v2.0.0", True)
    with open(repo / "pyproject.toml", "a") as handle:  # the owner's edit, kept by both
        handle.write("\n[tool.ruff]\nline-length = 100\n")
    git(repo, "commit", "-qam", "owner's edit")
    expected = copier_updated(repo, tmp_path / "copier", ORG_ANSWERS)
    assert _rollout(paved, org_workspace, "ledger_lib")["status"] == "updated"
    assert _branch_tree(repo, "paved/update-2.0.0") == tree(expected)


def test_a_repo_made_by_cruft_create_is_linked_and_updated_as_cruft_would(
    paved, org_workspace, org_templates, tmp_path
):
    repo = cruft_created(
        org_templates["cookiecutter"], tmp_path / "made", project_name="billing api"
    )
    state = (repo / ".cruft.json").read_bytes()
    result = paved("-w", org_workspace.root, "adopt", repo, "--owner", "growth", "--json")
    assert result.code == 0, result
    adopted = json.loads(result.out)
    assert (adopted["golden_path"], adopted["answers_file"]) == ("orgsvc", ".cruft.json")
    assert adopted["template_version"] == "v1.0.0"
    assert (repo / ".cruft.json").read_bytes() == state
    expected = cruft_updated(repo, tmp_path / "cruft")
    assert _rollout(paved, org_workspace, "billing_api")["status"] == "updated"
    assert _branch_tree(repo, "paved/update-2.0.0") == tree(expected)


def test_a_source_spelt_another_way_is_the_same_template(
    paved, org_workspace, org_templates, tmp_path
):
    """A `git+file://` URL of the registered folder, and a clone of the template made
    elsewhere (cruft recorded its commit, which the path's mirror holds)."""
    spelt = copier_copied(
        f"git+file://{org_templates['copier']}", tmp_path / "spelt_lib",
        project_name="spelt_lib", team_channel="#spelt",
    )  # fmt: skip
    clone = tmp_path / "elsewhere" / "cookiecutter-orgsvc"
    subprocess.run(["git", "clone", "-q", org_templates["cookiecutter"], clone], check=True)
    cloned = cruft_created(clone, tmp_path / "made", project_name="clone svc")
    for repo, path in ((spelt, "orglib"), (cloned, "orgsvc")):
        result = paved("-w", org_workspace.root, "adopt", repo, "--owner", "growth", "--json")
        assert result.code == 0, result
        assert json.loads(result.out)["golden_path"] == path


def test_a_template_two_paths_use_asks_for_path_and_one_no_path_uses_is_named(
    paved, org_workspace, org_templates, tmp_path
):
    """Ambiguous: exit 2 naming both, nothing written; --path settles it. A template
    that is no golden path: registered plain, with one line naming `paved paths add`;
    once added, adopting again links it (no circle of hints)."""
    from portal.core.sources.registry import add_path

    add_path(org_workspace, "orglib-lts", str(org_templates["copier"]), ref="v1.0.0")
    repo = _made_by_copier(org_templates, tmp_path, "twin_lib", "#t")
    head = git(repo, "rev-parse", "HEAD")
    ambiguous = paved("-w", org_workspace.root, "adopt", repo, "--owner", "growth")
    assert ambiguous.code == 2, ambiguous
    assert "--path orglib or --path orglib-lts" in ambiguous.err
    assert git(repo, "rev-parse", "HEAD") == head and not (repo / "catalog-info.yaml").exists()
    chosen = paved(
        "-w", org_workspace.root, "adopt", repo, "--owner", "growth", "--path", "orglib-lts"
    )
    assert chosen.code == 0 and "linked to the orglib-lts golden path at v1.0.0" in chosen.out

    other = tmp_path / "other-template"
    subprocess.run(["git", "clone", "-q", org_templates["printing"], other], check=True)
    unknown = copier_copied(other, tmp_path / "odd_one", project_name="odd_one")
    plain = paved("-w", org_workspace.root, "adopt", unknown, "--owner", "growth")
    assert plain.code == 0 and "with no golden path" in plain.out, plain
    [hint] = plain.err.strip().splitlines()
    assert f"`paved paths add other-template {other}`" in hint
    assert f"`paved adopt {unknown}` links it" in hint
    add = paved("-w", org_workspace.root, "paths", "add", "other-template", other, "--trust")
    assert add.code == 0, add
    again = paved("-w", org_workspace.root, "adopt", unknown, "--json")
    assert again.code == 0, again
    linked = json.loads(again.out)
    assert (linked["status"], linked["golden_path"]) == ("updated", "other-template")
    assert linked["owner"] == "growth"  # from the catalog-info.yaml the first adopt wrote
    rerun = paved("-w", org_workspace.root, "adopt", unknown, "--json")
    assert json.loads(rerun.out)["status"] == "unchanged"


def test_path_and_version_must_agree_with_what_the_repo_records(
    paved, org_workspace, org_templates, tmp_path
):
    repo = _made_by_copier(org_templates, tmp_path, "strict_lib", "#s")
    for extra, said in (
        (["--path", "orgsvc"], "not the orgsvc golden path's"),
        (["--version", "2.0.0"], "records its version (v1.0.0)"),
        (["-d", "team_channel=#x"], "leave out -d"),
    ):
        result = paved("-w", org_workspace.root, "adopt", repo, "--owner", "growth", *extra)
        assert result.code == 2 and said in result.err, (extra, result)
    assert git(repo, "status", "--porcelain") == "" and not (repo / "catalog-info.yaml").exists()
    same = paved("-w", org_workspace.root, "adopt", repo, "--owner", "growth", "--path", "orglib")
    assert same.code == 0, same
