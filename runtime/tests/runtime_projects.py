"""Builders of real project files for the runtime's tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

ORDERS_COLUMNS = [
    {
        "name": "order_id",
        "logicalType": "integer",
        "physicalType": "BIGINT",
        "required": True,
        "unique": True,
    },
    {"name": "amount", "logicalType": "number", "physicalType": "DECIMAL(12,2)", "required": True},
    {"name": "status", "logicalType": "string", "physicalType": "VARCHAR", "required": True},
]


def contract(name: str, properties: list[dict], quality: list[dict] | None = None) -> str:
    """An ODCS v3.1 contract with one schema object."""
    document = {
        "apiVersion": "v3.1.0",
        "kind": "DataContract",
        "id": name,
        "name": name,
        "version": "1.0.0",
        "status": "active",
        "schema": [
            {
                "name": name,
                "physicalType": "table",
                "logicalType": "object",
                "properties": properties,
                "quality": quality
                or [{"type": "library", "metric": "rowCount", "mustBeGreaterThan": 0}],
            }
        ],
    }
    return yaml.safe_dump(document, sort_keys=False)


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), "utf-8")
    return root
