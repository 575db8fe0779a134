"""The columns of each input a job's SQL reads, from real SQL files."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.core.contracts.reads import columns_read
from portal.core.errors import MalformedFileError

ORDERS = ["order_id", "customer_id", "order_date", "amount", "currency", "status"]
CUSTOMERS = ["customer_id", "region", "name"]


def _read(tmp_path: Path, staging: str, output: str, inputs=None) -> dict[str, list[str]]:
    (tmp_path / "staging.sql").write_text(staging)
    (tmp_path / "out.sql").write_text(output)
    inputs = inputs or {"orders": ORDERS, "customers": CUSTOMERS}
    return columns_read([tmp_path / "staging.sql", tmp_path / "out.sql"], inputs)


def test_a_star_view_carries_only_what_the_output_uses(tmp_path):
    found = _read(
        tmp_path,
        "create view stg_orders as select * from orders;\n"
        "create view stg_customers as select * from customers;",
        "select o.order_date, c.region, sum(o.amount) as revenue\n"
        "from stg_orders as o join stg_customers as c using (customer_id)\n"
        "where o.status = 'paid' group by all",
    )
    assert found == {
        "orders": ["customer_id", "order_date", "amount", "status"],
        "customers": ["customer_id", "region"],
    }


def test_a_column_a_view_names_is_read_even_when_unused(tmp_path):
    """A view naming a column the input lost fails in DuckDB, used or not."""
    found = _read(
        tmp_path,
        'create or replace view stg_orders as select cast("order_id" as bigint) as order_id,\n'
        "currency, lower(status) as status from orders;",
        "select order_id from stg_orders where status = 'paid'",
        {"orders": ORDERS},
    )
    assert found == {"orders": ["order_id", "currency", "status"]}


def test_through_ctes_and_chained_views(tmp_path):
    found = _read(
        tmp_path,
        "create view stg_orders as select * from orders;\n"
        "create view paid as select * from stg_orders where status = 'paid';",
        "with daily as (select order_date, count(*) as n from paid group by 1)\n"
        "select order_date from daily where n > 1",
        {"orders": ORDERS},
    )
    assert found == {"orders": ["order_date", "status"]}


def test_every_column_when_the_output_is_the_whole_input(tmp_path):
    found = _read(
        tmp_path,
        "create view stg_orders as select * from orders;",
        "select * from stg_orders",
        {"orders": ORDERS},
    )
    assert found == {"orders": ORDERS}


def test_a_star_over_an_input_of_unknown_columns_reads_every_column(tmp_path):
    found = _read(
        tmp_path, "create view s as select * from events;", "select * from s", {"events": None}
    )
    assert found == {"events": ["*"]}


def test_an_input_the_sql_does_not_read(tmp_path):
    found = _read(
        tmp_path, "create view s as select 1 as x;", "select x from s", {"orders": ORDERS}
    )
    assert found == {"orders": []}


def test_sql_that_does_not_parse_names_the_file_and_line(tmp_path):
    with pytest.raises(MalformedFileError, match=r"out.sql: line 2: SQL paved cannot parse"):
        _read(tmp_path, "create view s as select * from orders;", "select order_id\nfrom s where")


def test_a_column_the_input_lacks_is_still_read_from_it(tmp_path):
    """Through `select *` views, a column the contract does not have is traced to the
    input: the job reads it, and a check against the contract can name it."""
    found = _read(
        tmp_path,
        "create view stg_orders as select * from orders;\n"
        "create view paid as select * from stg_orders;",
        "select order_date, discount from paid",
        {"orders": ORDERS},
    )
    assert found == {"orders": ["order_date", "discount"]}
