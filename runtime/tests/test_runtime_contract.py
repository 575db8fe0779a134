"""ODCS contracts: validated strictly, read as the standard's models, checked on data."""

from __future__ import annotations

import duckdb
import pytest
import yaml
from open_data_contract_standard.model import OpenDataContractStandard
from paved_runtime import ContractError, check_table, load_contract, schema_object
from paved_runtime.contract import validate_contract
from runtime_projects import ORDERS_COLUMNS, contract


def test_a_valid_contract_reads_as_the_standard_models(tmp_path):
    path = tmp_path / "orders.odcs.yaml"
    path.write_text(contract("orders", ORDERS_COLUMNS))
    loaded = load_contract(path)
    assert isinstance(loaded, OpenDataContractStandard)
    spec = schema_object(loaded, "orders")
    assert [prop.name for prop in spec.properties] == ["order_id", "amount", "status"]
    assert spec.properties[0].unique is True


def test_an_invalid_contract_is_refused_with_the_field(tmp_path):
    document = yaml.safe_load(contract("orders", ORDERS_COLUMNS))
    document["apiVersion"] = "v9"
    document["schema"][0]["properties"][0]["logicalType"] = "text"
    errors = validate_contract(document)
    assert any(error.startswith("apiVersion") for error in errors)
    assert any("logicalType" in error for error in errors)
    path = tmp_path / "bad.odcs.yaml"
    path.write_text(yaml.safe_dump(document))
    with pytest.raises(ContractError, match="bad.odcs.yaml"):
        load_contract(path)


def test_an_unknown_schema_object_names_the_known_ones(tmp_path):
    path = tmp_path / "orders.odcs.yaml"
    path.write_text(contract("orders", ORDERS_COLUMNS))
    with pytest.raises(ContractError, match="it has: orders"):
        schema_object(load_contract(path), "customers")


@pytest.mark.parametrize(
    ("rows", "rules"),
    [
        ("(1, 10.5, 'paid'), (2, 3.0, 'paid')", set()),
        ("(1, 10.5, 'paid'), (1, 3.0, 'paid')", {"unique"}),
        ("(1, NULL, 'paid')", {"required"}),
        ("(1, -1.0, 'paid')", {"positive"}),
        ("(1, 2.0, 'lost')", {"known_status"}),
    ],
)
def test_data_is_checked_against_its_contract(tmp_path, rows, rules):
    columns = [dict(column) for column in ORDERS_COLUMNS]
    columns[1]["quality"] = [
        {
            "name": "positive",
            "type": "sql",
            "mustBe": 0,
            "query": "SELECT COUNT(*) FROM ${object} WHERE ${property} <= 0",
        }
    ]
    columns[2]["quality"] = [
        {
            "name": "known_status",
            "type": "library",
            "metric": "invalidValues",
            "arguments": {"validValues": ["paid", "refunded"]},
            "mustBe": 0,
        }
    ]
    path = tmp_path / "orders.odcs.yaml"
    path.write_text(contract("orders", columns))
    spec = schema_object(load_contract(path), "orders")
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE orders AS SELECT CAST(a AS BIGINT) AS order_id, "
        "CAST(b AS DECIMAL(12,2)) AS amount, c AS status "
        f"FROM (VALUES {rows}) AS t(a, b, c)"
    )
    assert {violation.rule for violation in check_table(con, "orders", spec)} == rules


def test_wrong_types_and_extra_columns_are_violations(tmp_path):
    path = tmp_path / "orders.odcs.yaml"
    path.write_text(contract("orders", ORDERS_COLUMNS))
    spec = schema_object(load_contract(path), "orders")
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE orders AS SELECT 'x' AS order_id, 1.5 AS amount, 'a' AS status, 1 AS extra"
    )
    messages = [str(violation) for violation in check_table(con, "orders", spec)]
    assert "schema: column 'extra' is not in the contract" in messages
    assert any(message.startswith("type: order_id") for message in messages)
