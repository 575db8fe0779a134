"""Searching the catalog with a filter, a limit and a count, on a real catalog folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from portal.core.catalog.index import open_index
from portal.core.catalog.search import SearchFilter, entity, parse_filter, search
from portal.core.errors import BadInputError, UnknownEntityError
from portal.core.workspace.model import embedded_root


def _project(folder: Path, name: str, owner: str, path: str, provides: list[str]) -> None:
    docs = [
        {
            "apiVersion": "backstage.io/v1alpha1",
            "kind": "Component",
            "metadata": {
                "name": name,
                "annotations": {
                    "paved.dev/golden-path": path,
                    "paved.dev/template-version": "v1.0.0",
                },
            },
            "spec": {"type": path, "owner": f"group:{owner}", "providesApis": provides},
        }
    ] + [
        {
            "apiVersion": "backstage.io/v1alpha1",
            "kind": "API",
            "metadata": {"name": api},
            "spec": {"type": "dataset", "owner": f"group:{owner}", "definition": "x"},
        }
        for api in provides
    ]
    (folder / f"{name}.yaml").write_text(yaml.safe_dump_all(docs, sort_keys=False))


@pytest.fixture
def catalog(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "catalog"
    folder.mkdir()
    shutil.copy(embedded_root() / "catalog" / "groups.yaml", folder / "groups.yaml")
    _project(folder, "orders", "analytics", "dataset-producer", ["orders_ds"])
    _project(folder, "ordersx", "growth", "etl-job", ["ordersx_ds"])
    _project(folder, "revenue", "growth", "etl-job", ["revenue_ds", "revenue_daily"])
    _project(folder, "forecast", "ml-platform", "model-service", [])
    _project(folder, "payments", "analytics", "dataset-producer", ["payments"])
    return folder, tmp_path / ".paved"


def _names(page) -> list[str]:
    return [row.name for row in page.rows]


def test_parse_filter_words_and_tokens():
    assert parse_filter("  orders owner:analytics kind:data path:etl ") == SearchFilter(
        words=("orders",), owner="analytics", kind="dataset", golden_path="etl"
    )
    # A token being typed (`owner:`) is left out; an unknown key is a word.
    assert parse_filter("owner: team:x") == SearchFilter(words=("team:x",))
    assert parse_filter("golden-path:model").golden_path == "model"


def test_parse_filter_rejects_an_unknown_kind():
    with pytest.raises(BadInputError, match="unknown kind 'table'"):
        parse_filter("kind:table")


def test_without_a_filter_projects_and_datasets_by_name(catalog):
    with open_index(*catalog) as index:
        page = search(index, "")
    assert _names(page) == [
        "forecast",
        "orders",
        "orders_ds",
        "ordersx",
        "ordersx_ds",
        "payments",
        "payments",
        "revenue",
        "revenue_daily",
        "revenue_ds",
    ]
    assert page.total == 10
    kinds = [(row.name, row.kind) for row in page.rows]
    assert ("orders", "project") in kinds and ("orders_ds", "dataset") in kinds
    # A dataset named like its producer is its own row, after the project.
    assert kinds[5:7] == [("payments", "dataset"), ("payments", "project")]


def test_words_match_name_owner_and_golden_path(catalog):
    with open_index(*catalog) as index:
        assert _names(search(index, "REVENUE")) == ["revenue", "revenue_daily", "revenue_ds"]
        assert _names(search(index, "ml-plat")) == ["forecast"]
        assert _names(search(index, "model-serv")) == ["forecast"]
        # Every word must match.
        assert _names(search(index, "orders growth")) == ["ordersx", "ordersx_ds"]


def test_underscore_and_percent_are_literal(catalog):
    with open_index(*catalog) as index:
        assert _names(search(index, "orders_")) == ["orders_ds"]
        assert _names(search(index, "%")) == []


def test_owner_kind_and_path_tokens(catalog):
    with open_index(*catalog) as index:
        assert _names(search(index, "owner:analytics kind:project")) == ["orders", "payments"]
        assert _names(search(index, "owner:grow kind:project")) == ["ordersx", "revenue"]
        assert _names(search(index, "kind:dataset rev")) == ["revenue_daily", "revenue_ds"]
        # A dataset's golden path is its producer's.
        assert _names(search(index, "path:etl kind:dataset")) == [
            "ordersx_ds",
            "revenue_daily",
            "revenue_ds",
        ]
        assert _names(search(index, "path:dataset-prod")) == [
            "orders",
            "orders_ds",
            "payments",
            "payments",
        ]


def test_teams_only_when_asked(catalog):
    with open_index(*catalog) as index:
        assert "analytics" not in _names(search(index, "analytics"))
        teams = search(index, "kind:team analytics")
    assert [(row.name, row.kind) for row in teams.rows] == [("analytics", "team")]


def test_a_page_and_the_count_of_all_matches(catalog):
    with open_index(*catalog) as index:
        filtered = search(index, "order", limit=2)
        unfiltered = search(index, "kind:project", limit=3)
    assert _names(filtered) == ["orders", "orders_ds"] and filtered.total == 4
    assert _names(unfiltered) == ["forecast", "orders", "ordersx"] and unfiltered.total == 5


def test_entity_by_kind_finds_a_dataset_named_like_its_producer(catalog):
    with open_index(*catalog) as index:
        project = entity(index, "payments", "project")
        dataset = entity(index, "payments", "dataset")
        team = entity(index, "analytics", "team")
        with pytest.raises(UnknownEntityError, match="no dataset named 'paymnts'"):
            entity(index, "paymnts", "dataset")
    assert project.kind == "project" and [api.name for api in project.provides] == ["payments"]
    assert dataset.kind == "dataset" and dataset.producer == "payments"
    assert team.kind == "team" and team.contact == "#analytics"
