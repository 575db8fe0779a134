"""Every classification rule, on a real repo: a committed contract changed in the work
tree, compared by `diff_contract` with HEAD."""

from __future__ import annotations

import pytest

from portal.core.contract_gate.verdict import diff_contract
from portal.core.contracts.rules import RULES
from tests.core.contracts.conftest import column, edit_contract
from tests.helpers import git


def _table(contract):
    return contract["schema"][0]


def _columns(contract):
    return _table(contract)["properties"]


def _rule(contract, column_name, rule_name):
    rules = column(contract, column_name)["quality"] if column_name else _table(contract)["quality"]
    return next(rule for rule in rules if rule["name"] == rule_name)


# rule -> a change that must be classified under it (and the column it names)
CASES = {
    "object-removed": (lambda c: c.update(schema=[]), None),
    "column-removed": (lambda c: _columns(c).pop(1), "customer_id"),
    "column-renamed": (lambda c: column(c, "customer_id").update(name="client_id"), "customer_id"),
    "type-changed": (lambda c: column(c, "status").update(logicalType="integer"), "status"),
    "required-dropped": (lambda c: column(c, "amount").update(required=False), "amount"),
    "unique-dropped": (lambda c: column(c, "order_id").pop("unique"), "order_id"),
    "allowed-value-removed": (
        lambda c: _rule(c, "currency", "known_currency")["arguments"].update(
            validValues=["EUR", "USD"]
        ),
        "currency",
    ),
    "rule-loosened": (
        lambda c: _rule(c, None, "enough_rows").update(mustBeGreaterThan=1),
        None,
    ),
    "rule-removed": (lambda c: column(c, "amount").pop("quality"), "amount"),
    "location-changed": (lambda c: c["servers"][0].update(database="lake.duckdb"), None),
    "object-added": (lambda c: c["schema"].append({"name": "refunds", "properties": []}), None),
    "column-added": (
        lambda c: _columns(c).append({"name": "note", "logicalType": "string"}),
        "note",
    ),
    "type-widened": (lambda c: column(c, "order_id").update(physicalType="BIGINT"), "order_id"),
    "required-added": (lambda c: column(c, "status").update(required=True), "status"),
    "unique-added": (lambda c: column(c, "customer_id").update(unique=True), "customer_id"),
    "rule-tightened": (
        lambda c: _rule(c, None, "enough_rows").update(mustBeGreaterThan=100),
        None,
    ),
    "rule-added": (
        lambda c: column(c, "status").update(
            quality=[{"name": "no_nulls", "metric": "nullValues", "mustBe": 0}]
        ),
        "status",
    ),
    "server-added": (
        lambda c: c["servers"].append({"server": "staging", "type": "duckdb", "database": "x"}),
        None,
    ),
    "description-changed": (
        lambda c: column(c, "order_id").update(description="The order."),
        "order_id",
    ),
    "tags-changed": (lambda c: c.update(tags=["sales", "finance"]), None),
    "metadata-changed": (lambda c: c.update(status="deprecated"), None),
}


def test_every_rule_has_a_case():
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_change_is_classified_by_its_rule(producer, rule):
    change, column_name = CASES[rule]
    edit_contract(producer, change)

    [result] = diff_contract(producer)

    found = [c for c in result.diff.changes if c.rule == rule]
    assert found, [c.rule for c in result.diff.changes]
    assert found[0].breaking is RULES[rule].breaking
    assert found[0].column == column_name
    assert result.diff.needed == RULES[rule].bump
    # Only the rule's own change: nothing else in the contract was touched.
    assert {c.rule for c in result.diff.changes} == {rule}


def test_a_breaking_change_needs_a_major_whatever_comes_with_it(producer):
    def change(contract):
        contract["version"] = "1.1.0"
        _columns(contract).pop()  # status removed
        _columns(contract).append({"name": "note", "logicalType": "string"})

    edit_contract(producer, change)
    [result] = diff_contract(producer)
    assert result.diff.needed == "major"
    assert result.diff.done == "minor"
    assert [c.rule for c in result.diff.breaking] == ["column-removed"]


def test_a_narrower_physical_type_is_breaking(producer):
    edit_contract(producer, lambda c: column(c, "amount").update(physicalType="DECIMAL(10,2)"))
    [result] = diff_contract(producer)
    assert [(c.rule, c.breaking) for c in result.diff.changes] == [("type-changed", True)]


def test_an_allowed_value_added_loosens_the_rule(producer):
    def change(contract):
        _rule(contract, "currency", "known_currency")["arguments"]["validValues"].append("JPY")

    edit_contract(producer, change)
    [result] = diff_contract(producer)
    assert [c.rule for c in result.diff.changes] == ["rule-loosened"]
    assert "allows JPY" in result.diff.changes[0].detail


def test_an_unchanged_contract_has_no_change(producer):
    [result] = diff_contract(producer)
    assert result.diff.changes == [] and result.diff.needed == "none"


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
    assert found == {("column-removed", "shipping.city"), ("rule-loosened", "shipping.zip")}
    assert "maxLength 5 -> 10" in result.diff.changes[1].detail


def test_a_narrower_length_tightens(producer):
    edit_contract(
        producer,
        lambda c: column(c, "status").update(logicalTypeOptions={"maxLength": 20}),
    )
    [result] = diff_contract(producer)
    assert [(c.rule, c.breaking) for c in result.diff.changes] == [("rule-tightened", False)]


def test_a_physical_name_change_moves_the_dataset(producer):
    edit_contract(producer, lambda c: _table(c).update(physicalName="orders_v2"))
    [result] = diff_contract(producer)
    assert [(c.rule, c.column) for c in result.diff.changes] == [("location-changed", None)]
