"""The contracts are valid ODCS v3, and the checker catches broken data.

Needs a `dataset` parameter (each dataset the project publishes); `root` is the project.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from ..checks import check_table
from ..contract import read_document, validate_contract

__all__ = [
    "root",
    "test_checker_catches_broken_data",
    "test_contract_is_valid_odcs",
    "test_invalid_contract_is_refused",
]


@pytest.fixture
def root(request: pytest.FixtureRequest) -> Path:
    """The project: pytest's root folder, where its pyproject.toml is."""
    return Path(request.config.rootpath)


def _document(root, dataset):
    return read_document(root / "contracts" / f"{dataset}.odcs.yaml")


def test_contract_is_valid_odcs(root, dataset):
    from ..contract import load_contract, schema_object

    document = _document(root, dataset)
    assert validate_contract(document) == []
    assert document["kind"] == "DataContract"
    schema_object(load_contract(root / "contracts" / f"{dataset}.odcs.yaml"), dataset)


def test_invalid_contract_is_refused(root, dataset):
    document = _document(root, dataset)
    document["apiVersion"] = "v9"
    document["schema"][0]["properties"][0]["logicalType"] = "text"
    errors = validate_contract(document)
    assert any(error.startswith("apiVersion") for error in errors)
    assert any("logicalType" in error for error in errors)


def test_checker_catches_broken_data(root, dataset):
    from ..contract import load_contract, schema_object

    spec = schema_object(load_contract(root / "contracts" / f"{dataset}.odcs.yaml"), dataset)
    con = duckdb.connect()
    # A table with every contract column, all of the wrong type and all null.
    columns = ", ".join(f'NULL::BLOB AS "{prop.name}"' for prop in spec.properties or [])
    con.execute(f'CREATE TABLE "{dataset}" AS SELECT {columns} FROM range(2)')
    rules = {violation.rule for violation in check_table(con, dataset, spec)}
    assert "type" in rules
    if any(prop.required for prop in spec.properties or []):
        assert "required" in rules
