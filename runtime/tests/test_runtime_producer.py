"""A dataset producer built by the runtime, and the service helpers (catalog, OpenAPI)."""

from __future__ import annotations

import pytest
from paved_runtime import FlowError, build, producer_main
from paved_runtime.catalog import CatalogError, read_entry
from paved_runtime.openapi import Snapshot
from paved_runtime.producer import check_output


def test_a_dataset_builds_from_its_sources_and_is_written(producer_root):
    result = build(producer_root, "orders_clean")
    assert result.ok, result.violations
    assert result.rows == 2
    assert result.output == producer_root / "output" / "orders_clean.parquet"
    assert check_output(producer_root, "orders_clean") == []


def test_dataset_toml_moves_the_output(producer_root):
    (producer_root / "dataset.toml").write_text('output = "published"\n')
    assert build(producer_root, "orders_clean").output.parent.name == "published"
    (producer_root / "dataset.toml").write_text('outputs = "x"\n')
    with pytest.raises(FlowError, match="dataset.toml"):
        build(producer_root, "orders_clean")


def test_a_broken_build_is_not_written_and_the_cli_says_so(producer_root, capsys):
    (producer_root / "sql" / "orders_clean.sql").write_text(
        "select 1::bigint as order_id, 1.0::decimal(12,2) as amount, 'x' as status "
        "union all select 1, 2.0, 'y'"
    )
    assert producer_main(["build", "--root", str(producer_root)]) == 1
    assert "unique: order_id: 1 duplicate(s)" in capsys.readouterr().err
    assert not (producer_root / "output").exists()


def test_a_missing_output_is_one_line_exit_2(producer_root, capsys):
    assert producer_main(["check", "--root", str(producer_root)]) == 2
    assert capsys.readouterr().err.startswith("error: no output at output/orders_clean.parquet")


def test_the_openapi_snapshot_catches_drift(tmp_path):
    served = {"openapi": "3.1.0", "paths": {"/predict": {}}}
    snapshot = Snapshot(lambda: served, "svc")
    assert snapshot.drift(tmp_path) == ["contracts/openapi.json is missing"]
    snapshot.write(tmp_path)
    assert snapshot.drift(tmp_path) == []
    served["paths"]["/health"] = {}
    diff = snapshot.drift(tmp_path)
    assert any('"/health"' in line for line in diff)
    assert "python -m svc openapi --write" in snapshot.drift_message(diff)


def test_the_catalog_entry_gives_owner_and_training_dataset(tmp_path):
    (tmp_path / "catalog-info.yaml").write_text(
        "kind: Component\nmetadata:\n  annotations:\n    paved.dev/training-dataset: orders\n"
        "spec:\n  owner: group:sales\n  consumesApis: [orders]\n"
    )
    entry = read_entry(tmp_path)
    assert (entry.owner, entry.consumes, entry.training_dataset) == ("sales", ("orders",), "orders")
    (tmp_path / "catalog-info.yaml").write_text("kind: API\n")
    with pytest.raises(CatalogError, match="no Component"):
        read_entry(tmp_path)


def test_an_unreadable_source_or_missing_sql_is_one_line(producer_root, capsys):
    (producer_root / "data" / "source" / "broken.json").write_text("{not json")
    assert producer_main(["build", "--root", str(producer_root)]) == 2
    assert capsys.readouterr().err.startswith("error: data/source/broken.json: cannot be read")
    (producer_root / "data" / "source" / "broken.json").unlink()
    assert producer_main(["build", "--root", str(producer_root), "--dataset", "nope"]) == 2
    assert "nope.odcs.yaml: no such contract file" in capsys.readouterr().err
