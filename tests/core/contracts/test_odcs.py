"""A contract that is not valid ODCS v3 is refused in one line: where, and what."""

from __future__ import annotations

import pytest

from portal.core.contracts.odcs import ContractError, parse_contract, read_contract
from tests.core.contracts.conftest import BASE


def test_the_base_contract_reads():
    contract = parse_contract(BASE, "orders.odcs.yaml")
    assert contract.version == "1.0.0"
    assert [p.name for p in contract.schema_[0].properties][:2] == ["order_id", "customer_id"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("kind: [", r"x.yaml: line 1: not valid YAML"),
        ("- a\n- b\n", r"x.yaml: not a data contract"),
        ("kind: DataContract\napiVersion: v2.2.0\nversion: 1\n", r"not an ODCS v3 data contract"),
        (BASE.replace("version: 1.0.0\n", ""), r"field 'version' is missing"),
        (
            BASE.replace(
                "        physicalType: VARCHAR\n        required: true\n",
                "        physicalType: VARCHAR\n        required: maybe\n",
                1,
            ),
            r"x.yaml: line 32: field 'schema\[0\].properties\[1\].required'",
        ),
        (
            BASE.replace("    schema: main\n", "    schema: main\n    colour: blue\n"),
            r"x.yaml: line 16: field 'servers\[0\].colour': `colour: blue`",
        ),
    ],
)
def test_malformed_contracts_name_where_and_what(text, message):
    with pytest.raises(ContractError, match=message) as raised:
        parse_contract(text, "x.yaml")
    assert "\n" not in str(raised.value)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ContractError, match="nope.odcs.yaml: cannot be read"):
        read_contract(tmp_path / "nope.odcs.yaml")
