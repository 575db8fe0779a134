"""Who a breaking change touches, from a real catalog index of entity files."""

from __future__ import annotations

from portal.core.catalog.index import open_index
from portal.core.contract_gate.impact import impact_of
from portal.core.contracts.diff import Change
from tests.core.catalog.test_catalog import _project as project


def _project(catalog, name, owner, provides=(), consumes=(), reads=None):
    """A project whose Component pins 1.0.0 of each dataset of `reads` and reads the
    columns given (None: not known)."""
    annotations = {}
    for dataset, columns in (reads or {}).items():
        annotations[f"paved.dev/pin.{dataset}"] = "1.0.0"
        if columns is not None:
            annotations[f"paved.dev/reads.{dataset}"] = columns
    project(catalog, name, owner, list(provides), list(consumes), annotations)


def _change(column, rule="column-removed"):
    return Change(rule, True, "major", f"{column or 'table'} changed", "orders", column)


def _catalog(workspace):
    catalog = workspace.catalog_dir
    _project(catalog, "orders", "analytics", provides=["orders"])
    _project(catalog, "daily", "growth", ["daily"], ["orders"], {"orders": "order_id, amount"})
    _project(catalog, "audit", "data-platform", [], ["orders"], {"orders": "*"})
    _project(catalog, "churn", "ml-platform", [], ["orders"], {"orders": None})
    _project(catalog, "sparse", "growth", [], ["orders"], {"orders": "status"})
    _project(catalog, "weekly", "ml-platform", ["weekly"], ["daily"])
    _project(catalog, "board", "analytics", [], ["weekly"])
    return catalog


def test_a_column_change_touches_its_readers_and_everything_below_them(workspace):
    _catalog(workspace)
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        impact = impact_of(index, "orders", [_change("amount"), _change("currency")])
    touched = {a.project: a for a in impact.affected}
    assert sorted(touched) == ["audit", "churn", "daily"]  # not sparse: it reads status
    assert touched["daily"].columns == ["amount"] and touched["daily"].reads_known
    assert not touched["churn"].reads_known  # columns not known: assumed to read it
    assert touched["daily"].contact == "#growth-data"
    assert [(d.name, d.owner, d.via, d.depth) for d in touched["daily"].downstream] == [
        ("weekly", "ml-platform", "daily", 2),
        ("board", "analytics", "weekly", 3),
    ]
    assert impact.teams == ["analytics", "data-platform", "growth", "ml-platform"]
    assert impact.unread == []


def test_a_change_nobody_reads_has_no_known_impact(workspace):
    catalog = workspace.catalog_dir
    _project(catalog, "orders", "analytics", provides=["orders"])
    _project(catalog, "daily", "growth", ["daily"], ["orders"], {"orders": "order_id"})
    with open_index(catalog, workspace.index_dir) as index:
        impact = impact_of(index, "orders", [_change("currency")])
    assert impact.known and impact.affected == []
    assert [c.column for c in impact.unread] == ["currency"]


def test_a_change_to_the_whole_dataset_touches_every_consumer(workspace):
    _catalog(workspace)
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        impact = impact_of(index, "orders", [_change(None, "location-changed")])
    assert [a.project for a in impact.affected] == ["audit", "churn", "daily", "sparse"]
    assert all(a.columns == ["(dataset)"] for a in impact.affected)


def test_a_dataset_the_catalog_does_not_hold_has_unknown_impact(workspace):
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        impact = impact_of(index, "nowhere", [_change("amount")])
    assert not impact.known and "not a dataset in the catalog" in impact.reason
