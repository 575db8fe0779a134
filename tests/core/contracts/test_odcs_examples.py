"""Every example contract the ODCS standard publishes, on its main and its v3.2
branch, is accepted, by paved's check and by the runtime (odcs_examples/NOTICE.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from paved_runtime import load_contract

from portal.core.contracts.diff import diff_contracts
from portal.core.contracts.odcs import read_contract

EXAMPLES = Path(__file__).parent / "odcs_examples"
FILES = sorted(EXAMPLES.rglob("*.odcs.yaml"))


def test_both_branches_are_here():
    assert {path.relative_to(EXAMPLES).parts[0] for path in FILES} == {"main", "dev-v3.2.0"}
    assert len(FILES) == 46


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(EXAMPLES)) for p in FILES])
def test_every_published_example_is_accepted(path):
    contract = read_contract(path)
    assert diff_contracts(contract, contract).changes == []
    assert load_contract(path).apiVersion == contract.apiVersion


def test_an_unquoted_date_is_the_iso_string_the_standard_means():
    contract = read_contract(EXAMPLES / "main/fundamentals/table-column-description.odcs.yaml")
    examples = [value for p in contract.schema_[0].properties for value in p.examples or []]
    assert "2025-01-28" in examples
    assert all(isinstance(value, str) for value in examples)
