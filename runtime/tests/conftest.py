"""Real projects on disk, for the runtime's tests: an ETL job and a dataset producer,
written file by file (the runtime knows nothing of templates)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml
from runtime_projects import ORDERS_COLUMNS, contract, write


@pytest.fixture
def job_root(tmp_path: Path) -> Path:
    """An ETL job reading `orders` (pinned: order_id, amount, status) into `revenue`."""
    root = tmp_path / "job"
    (root / "data" / "inputs").mkdir(parents=True)
    write(
        root,
        {
            "job.toml": """
                [job]
                schedule = "0 7 * * *"

                [output]
                dataset = "revenue"
                path = "output/revenue.parquet"
            """,
            "contracts/inputs.yaml": yaml.safe_dump(
                {
                    "inputs": [
                        {
                            "dataset": "orders",
                            "version": "1.0.0",
                            "owner": "sales",
                            "columns": ORDERS_COLUMNS,
                        }
                    ]
                }
            ),
            "contracts/revenue.odcs.yaml": contract(
                "revenue",
                [
                    {
                        "name": "status",
                        "logicalType": "string",
                        "physicalType": "VARCHAR",
                        "required": True,
                        "unique": True,
                    },
                    {
                        "name": "revenue",
                        "logicalType": "number",
                        "physicalType": "DECIMAL(38,2)",
                        "required": True,
                    },
                ],
            ),
            "sql/staging.sql": """
                create or replace view stg_orders as
                select order_id, amount, status from orders;
            """,
            "sql/revenue.sql": """
                select status, sum(amount) as revenue
                from stg_orders
                group by status
            """,
        },
    )
    source = (root / "data" / "inputs" / "orders.parquet").as_posix()
    duckdb.connect().execute(
        "COPY (SELECT * FROM (VALUES (1, 10.5, 'paid', 'c-1'), (2, 4.5, 'paid', 'c-2'), "
        "(3, 7.0, 'refunded', 'c-1')) AS t(order_id, amount, status, customer_id)) "
        f"TO '{source}' (FORMAT parquet)"
    )
    return root


@pytest.fixture
def producer_root(tmp_path: Path) -> Path:
    """A dataset producer building `orders_clean` from data/source/orders.csv."""
    root = tmp_path / "producer"
    return write(
        root,
        {
            "pyproject.toml": '[project]\nname = "producer"\nversion = "0.1.0"\n',
            "data/source/orders.csv": """
                order_id,amount,status
                1,10.50,paid
                2,4.50,paid
                3,7.00,cancelled
            """,
            "sql/orders_clean.sql": """
                select cast(order_id as bigint) as order_id,
                       cast(amount as decimal(12, 2)) as amount,
                       status
                from orders
                where status <> 'cancelled'
            """,
            "contracts/orders_clean.odcs.yaml": contract("orders_clean", ORDERS_COLUMNS),
        },
    )
