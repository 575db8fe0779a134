"""`catalog refresh` reads the repos back: owner edits arrive, gone repos are orphans."""

import shutil

import yaml

from portal.core.catalog import queries
from portal.core.catalog.index import open_index
from portal.core.catalog.registration import refresh_from_repos
from portal.core.projects.new import NewProject, new_project


def test_refresh_brings_owner_edits_and_reports_orphans(workspace, tmp_path):
    kept = new_project(
        workspace,
        NewProject(
            golden_path="dataset-producer",
            name="kept_one",
            owner="analytics",
            dest=tmp_path / "kept",
        ),
    ).dest
    gone = new_project(
        workspace,
        NewProject(
            golden_path="dataset-producer",
            name="gone_one",
            owner="analytics",
            dest=tmp_path / "gone",
        ),
    ).dest
    info = kept / "catalog-info.yaml"
    docs = list(yaml.safe_load_all(info.read_text()))
    docs[0]["spec"]["owner"] = "group:growth"
    docs[0]["spec"]["consumesApis"] = ["gone_one"]
    info.write_text(yaml.safe_dump_all(docs, sort_keys=False))
    shutil.rmtree(gone)

    results = {
        r.project: r.status for r in refresh_from_repos(workspace.catalog_dir, workspace.index_dir)
    }
    assert results == {"kept_one": "updated", "gone_one": "orphan"}
    assert (workspace.catalog_dir / "gone_one.yaml").is_file()
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        assert queries.owner_of(index, "kept_one").team.name == "growth"
        assert [c.name for c in queries.consumers(index, "gone_one")] == ["kept_one"]
    again = refresh_from_repos(workspace.catalog_dir, workspace.index_dir)
    assert {r.project: r.status for r in again}["kept_one"] == "unchanged"
