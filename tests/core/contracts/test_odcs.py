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


MINIMAL = "apiVersion: {version}\nkind: DataContract\nid: orders\nversion: 1.0.0\nstatus: active\n"


@pytest.mark.parametrize("version", ["v3.0.0", "v3.0.1", "v3.0.2", "v3.1.0", "v3.2.0"])
def test_every_v3_version_reads_as_the_current_models(version):
    text = MINIMAL.format(version=version) + "schema:\n  - name: orders\n    properties:\n"
    contract = parse_contract(text + "      - {name: id, logicalType: integer}\n", "x.yaml")
    assert contract.apiVersion == version and contract.schema_[0].properties[0].name == "id"


def test_a_version_paved_does_not_read_is_named():
    with pytest.raises(ContractError, match=r"line 1: field 'apiVersion': `apiVersion: v3.3.0`"):
        parse_contract(MINIMAL.format(version="v3.3.0"), "x.yaml")


def test_a_field_of_a_later_minor_than_declared_is_accepted():
    """v3.0.2 had no `team.members`; v3.1.0 does, and the standard's examples use it."""
    team = "team:\n  name: sales\n  members:\n    - {username: ana, role: owner}\n"
    assert parse_contract(MINIMAL.format(version="v3.0.2") + team, "x.yaml").team.name == "sales"


def test_untyped_key_and_related_columns_of_3_2_are_not_asked_for_a_map():
    schema = (
        "schema:\n  - name: orders\n    properties:\n"
        "      - {name: id, primaryKey: true}\n"
        "      - name: customer_id\n        relationships: [{to: customers.id}]\n"
    )
    contract = parse_contract(MINIMAL.format(version="v3.2.0") + schema, "x.yaml")
    assert contract.schema_[0].properties[1].relationships[0].to == "customers.id"


def test_a_key_given_twice_names_the_second_line():
    with pytest.raises(ContractError, match=r"x.yaml: line 6: key 'status' appears twice"):
        parse_contract(MINIMAL.format(version="v3.2.0") + "status: retired\n", "x.yaml")
