"""`paved status --edits`: for each managed file of each golden path, how many repos
changed it against their own version's render, and the commonest edits."""

from __future__ import annotations

import json

from tests.core.update.fleet import edited_by_commits


def test_the_edits_table_counts_what_the_fleets_commits_changed(fleet, paved):
    workspace, repos = fleet
    result = paved("-w", workspace.root, "status", "--edits", "--json", "--jobs", "2")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["repos"] == len(repos) and report["skipped"] == []
    files = {(f["golden_path"], f["file"]): f for f in report["files"]}
    # Every managed pattern of every golden path is listed, edited or not.
    assert set(files) == {
        (name, pattern) for name, path in workspace.golden_paths.items() for pattern in path.managed
    }
    edited = {key: file["edited"] for key, file in files.items() if file["edited"]}
    expected = edited_by_commits(workspace, repos)
    assert edited == dict(expected) and expected  # the counts match the fleet's commits
    # The same edit in every producer is one group, to absorb into the template.
    gitignore = files["dataset-producer", ".gitignore"]
    assert gitignore["repos"] == 3 and gitignore["edited"] == 3
    top = gitignore["edits"][0]
    assert top["repos"] == 3 and top["hunk"] == "+# team scratch space\n+scratch/"
    assert gitignore["suggests"] == "absorb the commonest edit"
    assert files["dataset-producer", "tests/test_dataset.py"]["deleted"] == 1
    conflict = files["etl-job", ".github/workflows/ci.yml"]  # repo 4 pinned a patch release
    assert (
        conflict["edited"] == 1
        and "+      - uses: actions/checkout@v4.2.2" in (conflict["edits"][0]["hunk"])
    )
    # The owners' own files (README.md, SQL) are never counted.
    assert not any(file["file"] == "README.md" for file in report["files"])

    serial = json.loads(paved("-w", workspace.root, "status", "--edits", "--json").out)
    assert serial == report  # one process or two, the same answer
    text = paved("-w", workspace.root, "status", "--edits")
    assert text.code == 0 and "Owners' edits to managed files (7 repos)" in text.out
    assert "dataset-producer: .gitignore: 3 of 3 repos edited it" in text.out
    assert "      +scratch/" in text.out and "absorb the commonest edit" in text.out
