"""The catalog's answers, on real entity files in a real catalog folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from portal.core.catalog import queries
from portal.core.catalog.edits import add_team, set_consumption
from portal.core.catalog.index import CatalogIndex, open_index
from portal.core.catalog.lineage import edges, render, validate
from portal.core.errors import DuplicateNameError, MalformedFileError, UnknownEntityError
from portal.core.workspace.model import embedded_root


def _project(
    folder: Path,
    name: str,
    owner: str,
    provides: list[str],
    consumes: list[str],
    annotations: dict[str, str] | None = None,
):
    docs = [
        {
            "apiVersion": "backstage.io/v1alpha1",
            "kind": "Component",
            "metadata": {
                "name": name,
                "annotations": {"paved.dev/golden-path": "etl-job", **(annotations or {})},
            },
            "spec": {
                "type": "etl-job",
                "lifecycle": "experimental",
                "owner": f"group:{owner}",
                "providesApis": provides,
                "consumesApis": consumes,
            },
        }
    ] + [
        {
            "apiVersion": "backstage.io/v1alpha1",
            "kind": "API",
            "metadata": {"name": api},
            "spec": {
                "type": "dataset",
                "lifecycle": "experimental",
                "owner": f"group:{owner}",
                "definition": "kind: DataContract\nversion: 2.0.0\nschema: []\n",
            },
        }
        for api in provides
    ]
    (folder / f"{name}.yaml").write_text(yaml.safe_dump_all(docs, sort_keys=False))


@pytest.fixture
def catalog(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "catalog"
    folder.mkdir()
    shutil.copy(embedded_root() / "catalog" / "groups.yaml", folder / "groups.yaml")
    _project(folder, "orders", "analytics", ["orders_ds"], [])
    _project(folder, "revenue", "growth", ["revenue_ds"], ["orders_ds"])
    _project(folder, "forecast", "ml-platform", ["forecast_ds"], ["revenue_ds"])
    _project(folder, "audit", "analytics", [], ["orders_ds", "revenue_ds"])
    return folder, tmp_path / ".paved"


def test_owner_with_members_and_contact(catalog):
    with open_index(*catalog) as index:
        answer = queries.owner_of(index, "revenue_ds")
    assert answer.kind == "dataset" and answer.team.name == "growth"
    assert answer.team.contact == "#growth-data"
    assert [m.display_name for m in answer.team.members] == ["Mia Chen"]


def test_consumers_direct_and_transitive(catalog):
    with open_index(*catalog) as index:
        direct = queries.consumers(index, "orders_ds")
        every = queries.consumers(index, "orders_ds", transitive=True)
    assert [(c.name, c.owner) for c in direct] == [("audit", "analytics"), ("revenue", "growth")]
    assert [(c.name, c.depth, c.via) for c in every] == [
        ("audit", 1, None),
        ("revenue", 1, None),
        ("forecast", 2, "revenue_ds"),
    ]


def test_impact_groups_downstream_by_team(catalog):
    with open_index(*catalog) as index:
        answer = queries.impact(index, "orders_ds")
    assert answer.producer == "orders" and answer.total == 3
    assert {g.team: [p.name for p in g.projects] for g in answer.teams} == {
        "analytics": ["audit"],
        "growth": ["revenue"],
        "ml-platform": ["forecast"],
    }


def test_unknown_name_suggests_close_ones(catalog):
    with open_index(*catalog) as index, pytest.raises(UnknownEntityError) as error:
        queries.show(index, "revnue")
    assert "revenue" in error.value.hint


def test_list_by_owner_kind_and_path(catalog):
    with open_index(*catalog) as index:
        mine = queries.list_entities(index, owner="analytics")
        datasets = queries.list_entities(index, kind="dataset")
        etl = queries.list_entities(index, golden_path="etl-job")
    assert [p.name for p in mine] == ["audit", "orders"]
    assert [(d.name, d.producer, d.contract_version) for d in datasets][0] == (
        "forecast_ds",
        "forecast",
        None,
    )
    assert len(etl) == 4


def test_index_refreshes_only_changed_files(catalog):
    folder, index_dir = catalog
    index = CatalogIndex(folder, index_dir)
    assert index.refresh().parsed == 5
    assert index.refresh().parsed == 0
    _project(folder, "audit", "growth", [], ["orders_ds"])
    stats = index.refresh()
    assert (stats.parsed, stats.removed) == (1, 0)
    assert queries.owner_of(index, "audit").team.name == "growth"
    (folder / "audit.yaml").unlink()
    assert index.refresh().removed == 1
    assert [c.name for c in queries.consumers(index, "orders_ds")] == ["revenue"]
    index.close()


def test_malformed_file_names_the_file_and_changes_nothing(catalog):
    folder, index_dir = catalog
    with open_index(folder, index_dir):
        pass
    (folder / "broken.yaml").write_text("apiVersion: backstage.io/v1alpha1\nkind: API\n")
    with pytest.raises(MalformedFileError) as error, open_index(folder, index_dir):
        pass
    assert "broken.yaml" in error.value.message and "metadata" in error.value.message


def test_validate_finds_owners_references_duplicates_and_cycles(catalog):
    folder, index_dir = catalog
    with open_index(folder, index_dir) as index:
        assert validate(index) == []
    _project(folder, "orphan", "nobody", [], ["missing_ds"])
    _project(folder, "loop", "growth", ["loop_ds"], ["forecast_ds"])
    _project(folder, "forecast", "ml-platform", ["forecast_ds"], ["revenue_ds", "loop_ds"])
    _project(folder, "orders_copy", "analytics", ["orders_ds"], [])
    with open_index(folder, index_dir) as index:
        kinds = {(p.kind, p.entity) for p in validate(index)}
    assert ("unknown-owner", "orphan") in kinds
    assert ("missing-reference", "orphan") in kinds
    assert ("duplicate", "orders_ds") in kinds
    assert any(kind == "cycle" for kind, _ in kinds)


def test_graph_from_a_root(catalog):
    with open_index(*catalog) as index:
        found = edges(index, "revenue_ds")
    assert ("dataset:revenue_ds", "consumed by", "project:forecast") in found
    assert all("orders" not in source for source, _, _ in found)
    mermaid = render(found, "mermaid")
    assert mermaid.startswith("flowchart LR") and 'project_forecast["forecast"]' in mermaid
    assert "shape=cylinder" in render(found, "dot")


def test_team_add_and_duplicate(catalog):
    folder, index_dir = catalog
    add_team(folder, index_dir, "finance-data", ["sam.lee", "mia.chen"], "#fin")
    with open_index(folder, index_dir) as index:
        team = queries.show(index, "finance-data")
        mia = queries.show(index, "growth")
    assert [m.name for m in team.members] == ["mia.chen", "sam.lee"] and team.contact == "#fin"
    assert [m.name for m in mia.members] == ["mia.chen"]
    before = (folder / "groups.yaml").read_text()
    with pytest.raises(DuplicateNameError):
        add_team(folder, index_dir, "growth")
    assert (folder / "groups.yaml").read_text() == before


def test_consume_and_unconsume_edit_catalog_and_repo(catalog, tmp_path: Path):
    folder, index_dir = catalog
    repo = tmp_path / "repo"
    repo.mkdir()
    docs = list(yaml.safe_load_all((folder / "forecast.yaml").read_text()))
    docs[0]["metadata"]["annotations"]["paved.dev/repo"] = str(repo)
    (folder / "forecast.yaml").write_text(yaml.safe_dump_all(docs))
    (repo / "catalog-info.yaml").write_text(yaml.safe_dump_all(docs))
    result = set_consumption(folder, index_dir, "orders_ds", "forecast", consume=True)
    assert result.changed and result.repo_file
    repo_doc = next(yaml.safe_load_all((repo / "catalog-info.yaml").read_text()))
    assert repo_doc["spec"]["consumesApis"] == ["revenue_ds", "orders_ds"]
    with open_index(folder, index_dir) as index:
        assert "forecast" in [c.name for c in queries.consumers(index, "orders_ds")]
    set_consumption(folder, index_dir, "orders_ds", "forecast", consume=False)
    with open_index(folder, index_dir) as index:
        assert "forecast" not in [c.name for c in queries.consumers(index, "orders_ds")]
    with pytest.raises(UnknownEntityError):
        set_consumption(folder, index_dir, "nope_ds", "forecast", consume=True)


def test_cli_consumers_json(paved, workspace):
    folder = workspace.catalog_dir
    _project(folder, "orders", "analytics", ["orders_ds"], [])
    _project(folder, "revenue", "growth", ["revenue_ds"], ["orders_ds"])
    result = paved("--workspace", workspace.root, "catalog", "consumers", "orders_ds", "--json")
    assert result.code == 0
    assert json.loads(result.out)[0]["name"] == "revenue"
    missing = paved("--workspace", workspace.root, "catalog", "owner", "order_ds")
    assert missing.code == 2 and "did you mean orders_ds" in missing.err
