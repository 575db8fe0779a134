"""A producer's repo: a committed contract changed in the work tree, compared by
`diff_contract` with HEAD. The class of each kind of change is test_change_classes'."""

from __future__ import annotations

from portal.core.contract_gate.verdict import diff_contract
from tests.core.contracts.conftest import column, edit_contract
from tests.helpers import git


def _columns(contract):
    return contract["schema"][0]["properties"]


def test_an_unchanged_contract_has_no_change(producer):
    [result] = diff_contract(producer)
    assert result.diff.changes == [] and result.diff.needed == "none"


def test_a_breaking_change_needs_a_major_whatever_comes_with_it(producer):
    def change(contract):
        contract["version"] = "1.1.0"
        _columns(contract).pop()  # status removed
        _columns(contract).append({"name": "note", "logicalType": "string"})

    edit_contract(producer, change)
    [result] = diff_contract(producer)
    assert result.diff.needed == "major"
    assert result.diff.done == "minor"
    assert [(c.rule, c.column) for c in result.diff.breaking] == [("column-removed", "status")]


def test_a_valid_value_removed_narrows_and_needs_a_minor(producer):
    edit_contract(
        producer,
        lambda c: column(c, "currency")["quality"][0]["arguments"].update(
            validValues=["EUR", "USD"]
        ),
    )
    [result] = diff_contract(producer)
    assert [(c.rule, c.breaking, c.column) for c in result.diff.changes] == [
        ("allowed-value-removed", False, "currency")
    ]
    assert result.diff.needed == "minor"
    assert "validValues removes GBP" in result.diff.changes[0].detail


def _with_address(contract):
    _columns(contract).append(
        {
            "name": "shipping",
            "logicalType": "object",
            "properties": [
                {"name": "city", "logicalType": "string"},
                {"name": "zip", "logicalType": "string", "logicalTypeOptions": {"maxLength": 5}},
            ],
        }
    )


def test_fields_of_an_object_column_are_compared_as_columns(producer):
    edit_contract(producer, _with_address)
    git(producer, "commit", "--quiet", "--all", "--message", "shipping address")

    def change(contract):
        fields = column(contract, "shipping")["properties"]
        fields.pop(0)
        fields[0]["logicalTypeOptions"]["maxLength"] = 10

    edit_contract(producer, change)
    [result] = diff_contract(producer)
    found = {(c.rule, c.column) for c in result.diff.changes}
    assert found == {("column-removed", "shipping.city"), ("constraint-loosened", "shipping.zip")}
    assert any("maxLength 5 -> 10" in c.detail for c in result.diff.changes)


def test_a_physical_name_change_moves_the_dataset(producer):
    edit_contract(producer, lambda c: c["schema"][0].update(physicalName="orders_v2"))
    [result] = diff_contract(producer)
    assert [(c.rule, c.column) for c in result.diff.changes] == [("location-changed", None)]


def test_a_contract_moved_to_odcs_3_2_with_nothing_else_is_a_patch(producer):
    edit_contract(producer, lambda c: c.update(apiVersion="v3.2.0"))
    [result] = diff_contract(producer)
    assert [(c.rule, c.detail) for c in result.diff.changes] == [
        ("metadata-changed", "apiVersion changed")
    ]
