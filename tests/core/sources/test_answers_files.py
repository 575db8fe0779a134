"""A copier template that keeps its answers in a file of its own (`_answers_file`):
its projects work in `new`, `status`, `update DIR`, `update --all`, `adopt` and the
catalog, and update as `copier update --answers-file` does; sources spelt differently
are the same source."""

from __future__ import annotations

import json

import pytest

from portal.core.sources.answers_files import normalized_source, same_source
from tests.helpers import git, tree
from tests.organisation import ORG_ANSWERS, copier_updated


def test_a_custom_answers_file_works_in_every_command(paved, org_workspace, tmp_path):
    ws = org_workspace.root
    assert f"answers_file: {ORG_ANSWERS}" in (ws / "golden_paths/orglib/path.yaml").read_text()
    repos = {}
    for name in ("ledger_lib", "audit_lib"):
        repos[name] = tmp_path / name
        made = paved(
            "-w", ws, "new", "orglib", repos[name], "--name", name, "--owner", "growth",
            "--no-input", "--version", "1.0.0", "-d", f"team_channel=#{name}", "--json",
        )  # fmt: skip
        assert made.code == 0, made
        assert ORG_ANSWERS in json.loads(made.out)["files"]
        assert not (repos[name] / ".copier-answers.yml").exists()
    status = json.loads(paved("-w", ws, "status", "--json").out)
    assert {(r["project"], r["version"], r["drift"]) for r in status} == {
        ("ledger_lib", "v1.0.0", True),
        ("audit_lib", "v1.0.0", True),
    }
    expected = copier_updated(repos["ledger_lib"], tmp_path / "copier", ORG_ANSWERS)
    updated = paved("-w", ws, "update", repos["ledger_lib"], "--json")
    assert updated.code == 0 and json.loads(updated.out)["status"] == "updated", updated
    assert tree(repos["ledger_lib"]) == tree(expected)
    git(repos["ledger_lib"], "add", "-A")
    git(repos["ledger_lib"], "commit", "-qm", "update to v2.0.0")
    rollout = paved("-w", ws, "update", "--all", "--json")
    assert rollout.code == 0, rollout
    results = {r["project"]: r["status"] for r in json.loads(rollout.out)["results"]}
    assert results == {"ledger_lib": "current", "audit_lib": "updated"}
    refreshed = paved("-w", ws, "catalog", "refresh", "--json")
    assert refreshed.code == 0, refreshed
    shown = json.loads(paved("-w", ws, "catalog", "show", "ledger_lib", "--json").out)
    assert shown["template_version"] == "v2.0.0", shown


@pytest.mark.parametrize(
    "one,other",
    [
        ("gh:acme/tpl", "https://github.com/acme/tpl.git"),
        ("git@github.com:acme/tpl.git", "https://github.com/acme/tpl"),
        ("git+https://GitHub.com/acme/tpl/", "ssh://git@github.com/acme/tpl.git"),
        ("/srv/templates/tpl", "file:///srv/templates/tpl/"),
    ],
)
def test_one_repository_spelt_two_ways_is_the_same_source(one, other):
    assert same_source(one, other), (normalized_source(one), normalized_source(other))


def test_two_repositories_are_not_the_same_source():
    assert not same_source("gh:acme/tpl", "gh:acme/tpl2")
    assert not same_source("https://github.com/acme/tpl", "https://gitlab.com/acme/tpl")
