"""A producer's repo with a real ODCS contract committed: the base of every change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.helpers import git

CONTRACT = "contracts/orders.odcs.yaml"
BASE = """\
# The orders contract. Its owner wrote this comment.
apiVersion: v3.1.0
kind: DataContract
id: orders
name: orders
version: 1.0.0
status: active
description:
  purpose: One row per order.
tags: [sales]
servers:
  - server: production
    type: duckdb
    database: warehouse.duckdb
    schema: main
schema:
  - name: orders
    physicalName: orders
    physicalType: table
    logicalType: object
    properties:
      - name: order_id
        logicalType: integer
        physicalType: INTEGER
        primaryKey: true
        required: true
        unique: true
        description: Order identifier.
      - name: customer_id
        logicalType: string
        physicalType: VARCHAR
        required: true
      - name: amount
        logicalType: number
        physicalType: DECIMAL(12,2)
        required: true
        quality:
          - name: amount_is_positive
            type: library
            metric: invalidValues
            mustBeLessOrEqualTo: 0
      - name: currency
        logicalType: string
        physicalType: VARCHAR
        quality:
          - name: known_currency
            type: library
            metric: invalidValues
            arguments:
              validValues: [EUR, USD, GBP]
            mustBe: 0
      - name: status
        logicalType: string
        physicalType: VARCHAR
    quality:
      - name: enough_rows
        type: library
        metric: rowCount
        mustBeGreaterThan: 10
"""


@pytest.fixture(scope="session")
def pristine_producer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("producer") / "orders"
    (repo / "contracts").mkdir(parents=True)
    (repo / CONTRACT).write_text(BASE)
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "orders contract 1.0.0")
    return repo


@pytest.fixture
def producer(pristine_producer: Path, tmp_path: Path) -> Path:
    """A copy of a producer repo whose contract (`CONTRACT`) is committed at 1.0.0."""
    repo = tmp_path / "orders"
    shutil.copytree(pristine_producer, repo, symlinks=True)
    return repo


def edit_contract(repo: Path, change, contract: str = CONTRACT) -> None:
    """Apply `change` (a function of the contract as a dict) to the work tree's file."""
    path = repo / contract
    contract = yaml.safe_load(path.read_text())
    change(contract)
    path.write_text(yaml.safe_dump(contract, sort_keys=False))


def column(contract: dict, name: str) -> dict:
    return next(p for p in contract["schema"][0]["properties"] if p["name"] == name)
