"""Every ODCS v3 version the platform reads, its 3.2 additions checked on data, and a
failed rule named by its name or id, with the file and line where it is written."""

from __future__ import annotations

import duckdb
import pytest
import yaml
from paved_runtime import ContractError, check_table, load_contract, schema_object
from paved_runtime.checks import failing
from paved_runtime.contract import checked_schema, validate_contract
from paved_runtime.odcs_standard import VERSIONS
from runtime_projects import ORDERS_COLUMNS, contract


def _written(tmp_path, text: str, version: str = "v3.2.0"):
    path = tmp_path / "orders.odcs.yaml"
    path.write_text(text.replace("apiVersion: v3.1.0", f"apiVersion: {version}"))
    return path


@pytest.mark.parametrize("version", VERSIONS)
def test_each_version_reads_as_the_current_models(tmp_path, version):
    columns = [{k: v for k, v in c.items() if k != "physicalType"} for c in ORDERS_COLUMNS]
    loaded = load_contract(_written(tmp_path, contract("orders", columns), version))
    assert loaded.apiVersion == version
    assert [p.name for p in schema_object(loaded, "orders").properties][0] == "order_id"


def test_a_version_the_platform_does_not_read_is_named(tmp_path):
    path = _written(tmp_path, contract("orders", ORDERS_COLUMNS), "v3.3.0")
    with pytest.raises(ContractError, match="expected one of v3.0.0, .*v3.2.0, found v3.3.0"):
        load_contract(path)


def test_an_untyped_key_column_of_3_2_is_not_asked_for_a_map(tmp_path):
    document = yaml.safe_load(contract("orders", [{"name": "order_id", "primaryKey": True}]))
    document["apiVersion"] = "v3.2.0"
    assert validate_contract(document) == []


def test_an_unquoted_date_is_read_as_its_iso_text(tmp_path):
    columns = [{"name": "day", "logicalType": "date", "examples": ["DAY"]}]
    path = _written(tmp_path, contract("orders", columns).replace("- DAY", "- 2025-01-28"))
    assert schema_object(load_contract(path), "orders").properties[0].examples == ["2025-01-28"]


def test_a_failed_rule_is_named_with_its_file_and_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    columns = [dict(ORDERS_COLUMNS[0]), {"name": "status", "logicalType": "string"}]
    columns[1]["quality"] = [
        {"id": "q1", "metric": "invalidValues", "arguments": {"validValues": ["paid"]}, "mustBe": 0}
    ]
    quality = [{"name": "enough_rows", "metric": "rowCount", "mustBeGreaterThan": 5}]
    path = _written(tmp_path, contract("orders", columns, quality))
    lines = path.read_text().splitlines()
    spec, places = checked_schema(path, "orders")
    con = duckdb.connect()
    con.execute("CREATE TABLE orders AS SELECT 1::BIGINT AS order_id, 'lost' AS status")
    found = {v.rule: str(v) for v in check_table(con, "orders", spec, places=places)}
    assert found["q1"].startswith("q1 (orders.odcs.yaml:")
    assert found["enough_rows"].startswith("enough_rows (orders.odcs.yaml:")
    line = int(found["q1"].split(":")[1].split(")")[0])
    assert lines[line - 1].strip() == "- id: q1"


def test_a_warning_rule_reports_and_fails_nothing(tmp_path):
    quality = [{"name": "big", "metric": "rowCount", "mustBeGreaterThan": 5, "severity": "warning"}]
    path = _written(tmp_path, contract("orders", [], quality))
    spec = schema_object(load_contract(path), "orders")
    con = duckdb.connect()
    con.execute("CREATE TABLE orders AS SELECT 1 AS x WHERE false")
    violations = [v for v in check_table(con, "orders", spec) if v.rule == "big"]
    assert [v.severity for v in violations] == ["warning"] and failing(violations) == []
    assert str(violations[0]).startswith("warning: big")


def test_enum_map_and_vector_columns_are_checked(tmp_path):
    columns = [
        {"name": "status", "logicalType": "string", "enum": [{"value": "paid"}, {"value": "new"}]},
        {
            "name": "attributes",
            "logicalType": "map",
            "map": {"key": {"logicalType": "string"}, "value": {"logicalType": "string"}},
        },
        {"name": "embedding", "logicalType": "vector", "logicalTypeOptions": {"dimensions": 3}},
    ]
    quality = [{"metric": "rowCount", "mustBeGreaterThan": 0}]
    path = _written(tmp_path, contract("orders", columns, quality))
    spec = schema_object(load_contract(path), "orders")
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE orders AS SELECT * FROM (VALUES "
        "('paid', MAP {'a': 'b'}, [1.0, 2.0, 3.0]::FLOAT[]), "
        "('lost', MAP {'a': 'c'}, [1.0, 2.0]::FLOAT[])) AS t(status, attributes, embedding)"
    )
    assert {v.rule for v in check_table(con, "orders", spec)} == {"enum", "dimensions"}
