"""A dataset producer's tests: its datasets build from their sources and meet their
contracts, and its contracts are valid and enforced."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from .. import producer
from ..checks import check_table
from ..contract import load_contract, schema_object
from .contracts import (
    root,
    test_checker_catches_broken_data,
    test_contract_is_valid_odcs,
    test_invalid_contract_is_refused,
)

__all__ = [
    "pytest_generate_tests",
    "root",
    "test_built_parquet_meets_its_contract",
    "test_checker_catches_broken_data",
    "test_contract_is_valid_odcs",
    "test_dataset_meets_its_contract",
    "test_duplicate_keys_break_the_contract",
    "test_invalid_contract_is_refused",
]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that takes `dataset` once per dataset the project builds."""
    if "dataset" in metafunc.fixturenames:
        metafunc.parametrize("dataset", producer.datasets(Path(metafunc.config.rootpath)))


def test_dataset_meets_its_contract(root, dataset):
    result = producer.build(root, dataset, write=False)
    assert result.violations == [], "\n".join(map(str, result.violations))
    assert result.rows > 0


def test_built_parquet_meets_its_contract(root, dataset):
    result = producer.build(root, dataset)
    assert result.ok, "\n".join(map(str, result.violations))
    assert result.output is not None and result.output.is_file()
    assert producer.check_output(root, dataset) == []
    query = f"SELECT COUNT(*) FROM read_parquet('{result.output.as_posix()}')"
    assert duckdb.connect().execute(query).fetchone()[0] == result.rows


def test_duplicate_keys_break_the_contract(root, dataset):
    spec = schema_object(load_contract(root / "contracts" / f"{dataset}.odcs.yaml"), dataset)
    unique = [prop.name for prop in spec.properties or [] if prop.unique]
    con = producer.connect(root)
    assert producer.build(root, dataset, con=con, write=False).ok
    con.execute(f'INSERT INTO "{dataset}" SELECT * FROM "{dataset}" LIMIT 1')
    violations = check_table(con, dataset, spec)
    assert bool(unique) == any(violation.rule == "unique" for violation in violations)


# Imported for collection: pytest runs them in the module that imports this one.
_CONTRACT_TESTS = (
    root,
    test_checker_catches_broken_data,
    test_contract_is_valid_odcs,
    test_invalid_contract_is_refused,
)
