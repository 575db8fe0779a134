"""Every kind of change, from old/new contract pairs (change_kinds.py), gets the class
drawn from the consumer's point of view, and the rule docs/contracts.md names."""

from __future__ import annotations

import pytest
import yaml

from portal.core.contracts.diff import diff_contracts
from portal.core.contracts.odcs import parse_contract
from portal.core.contracts.rules import RULES
from tests.core.contracts.change_kinds import BREAKING, CASES, NON_BREAKING, NONE


def classify(old: dict, new: dict) -> tuple[str, list[str]]:
    """(class, rules) of the change from `old` to `new`, both read as files are."""
    diff = diff_contracts(
        parse_contract(yaml.safe_dump(old, sort_keys=False), "old.odcs.yaml"),
        parse_contract(yaml.safe_dump(new, sort_keys=False), "new.odcs.yaml"),
    )
    rules = [change.rule for change in diff.changes]
    if not rules:
        return NONE, rules
    return (BREAKING if diff.breaking else NON_BREAKING), rules


def test_case_names_are_unique():
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_kind_of_change_has_its_class(case):
    found, rules = classify(case.old, case.new)
    assert found == case.expected, rules
    if case.rule is not None:
        assert case.rule in rules


def test_every_rule_has_a_pair():
    assert {case.rule for case in CASES} >= set(RULES)
