"""An ETL job run by the runtime: pinned inputs, the owner's SQL, outputs, the hook."""

from __future__ import annotations

import duckdb
import pytest
import yaml
from paved_runtime import JobError, check_output, job_main, load_job, run
from paved_runtime.config import MANIFEST_FILE
from runtime_projects import contract, write


def test_a_job_reads_checks_builds_and_writes(job_root):
    result = run(load_job(job_root))
    assert result.ok, result.violations
    assert result.output == (job_root / "output" / "revenue.parquet").as_posix()
    rows = (
        duckdb.connect()
        .execute(f"SELECT status, revenue FROM read_parquet('{result.output}') ORDER BY status")
        .fetchall()
    )
    assert [(status, float(revenue)) for status, revenue in rows] == [
        ("paid", 15.0),
        ("refunded", 7.0),
    ]
    assert check_output(load_job(job_root)) == []


def test_sql_that_reads_an_unpinned_column_fails_at_its_file_and_line(job_root):
    # customer_id is in the input file, but the pinned contract version does not list it.
    (job_root / "sql" / "staging.sql").write_text(
        "create or replace view stg_orders as\nselect order_id, amount, status,\n"
        "  customer_id\nfrom orders;\n"
    )
    with pytest.raises(JobError) as caught:
        run(load_job(job_root), write=False)
    message = str(caught.value)
    assert message.startswith("sql/staging.sql: ")
    assert "customer_id" in message and "line 3" in message
    assert MANIFEST_FILE in message


def test_an_input_that_lacks_a_pinned_column_names_it_and_the_pin(job_root):
    source = (job_root / "data" / "inputs" / "orders.parquet").as_posix()
    duckdb.connect().execute(
        f"COPY (SELECT 1 AS order_id, 'paid' AS status) TO '{source}' (FORMAT parquet)"
    )
    with pytest.raises(JobError, match=r"lacks column\(s\) amount.*orders 1.0.0 from sales"):
        run(load_job(job_root), write=False)


def test_an_input_that_breaks_a_pinned_flag_fails(job_root):
    source = (job_root / "data" / "inputs" / "orders.parquet").as_posix()
    duckdb.connect().execute(
        f"COPY (SELECT 1 AS order_id, 2.0 AS amount, 'paid' AS status FROM range(2)) "
        f"TO '{source}' (FORMAT parquet)"
    )
    with pytest.raises(JobError, match="unique: order_id: 1 duplicate"):
        run(load_job(job_root), write=False)


def test_output_that_breaks_its_contract_is_not_written(job_root):
    (job_root / "sql" / "revenue.sql").write_text(
        "select status, sum(amount) as revenue from stg_orders group by all "
        "union all select 'paid', 1"
    )
    result = run(load_job(job_root))
    assert {violation.rule for violation in result.violations} == {"unique"}
    assert result.output is None and not (job_root / "output").exists()


def test_merge_mode_keeps_the_rows_a_run_does_not_produce(job_root):
    config = (job_root / "job.toml").read_text()
    (job_root / "job.toml").write_text(config + 'mode = "merge"\nkey = ["status"]\n')
    job = load_job(job_root)
    assert run(job).ok
    (job_root / "sql" / "revenue.sql").write_text(
        "select status, sum(amount) * 2 as revenue from stg_orders "
        "where status = 'paid' group by status"
    )
    result = run(job)
    assert result.ok and result.new_rows == 1 and result.rows == 2
    rows = dict(duckdb.connect().execute(f"FROM read_parquet('{result.output}')").fetchall())
    assert {key: float(value) for key, value in rows.items()} == {"paid": 30.0, "refunded": 7.0}


def test_merge_mode_needs_a_key(job_root):
    config = (job_root / "job.toml").read_text()
    (job_root / "job.toml").write_text(config + 'mode = "merge"\n')
    with pytest.raises(JobError, match="job.toml: output: .*needs `key`"):
        load_job(job_root)


def test_a_staging_view_is_published_under_its_own_contract(job_root):
    write(
        job_root,
        {
            "contracts/paid_orders.odcs.yaml": contract(
                "paid_orders",
                [
                    {
                        "name": "order_id",
                        "logicalType": "integer",
                        "physicalType": "BIGINT",
                        "required": True,
                        "unique": True,
                    }
                ],
            ),
        },
    )
    staging = job_root / "sql" / "staging.sql"
    staging.write_text(
        staging.read_text()
        + "create or replace view stg_paid as select order_id from orders where status = 'paid';\n"
    )
    config = (job_root / "job.toml").read_text()
    (job_root / "job.toml").write_text(
        config + '\n[[publish]]\nview = "stg_paid"\ndataset = "paid_orders"\n'
        'path = "output/paid_orders.parquet"\n'
    )
    result = run(load_job(job_root))
    assert result.ok, result.violations
    published = result.published["paid_orders"]
    assert duckdb.connect().execute(f"SELECT COUNT(*) FROM '{published}'").fetchone()[0] == 2


def test_the_transform_hook_runs_between_staging_and_the_output(job_root):
    (job_root / "transform.py").write_text(
        "def transform(con):\n"
        "    rows = con.execute('SELECT status, amount FROM stg_orders').fetchall()\n"
        "    con.execute('CREATE TABLE scored (status VARCHAR, amount DECIMAL(12,2))')\n"
        "    con.executemany('INSERT INTO scored VALUES (?, ?)', "
        "[(s.upper(), a) for s, a in rows])\n"
    )
    (job_root / "sql" / "revenue.sql").write_text(
        "select status, sum(amount) as revenue from scored group by status"
    )
    result = run(load_job(job_root))
    assert result.ok, result.violations
    query = f"SELECT status FROM read_parquet('{result.output}') ORDER BY status"
    assert duckdb.connect().execute(query).fetchall() == [("PAID",), ("REFUNDED",)]


def test_fixtures_make_up_rows_from_the_pinned_columns(job_root):
    result = run(load_job(job_root), fixtures=True)
    assert result.ok, result.violations
    assert result.output == (job_root / "output" / "fixtures" / "revenue.parquet").as_posix()


def test_the_command_line_exits_2_with_one_line_naming_the_file(job_root, capsys):
    (job_root / "sql" / "revenue.sql").write_text("select nonsense from stg_orders")
    assert job_main(["--root", str(job_root), "run"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: sql/revenue.sql: ") and "nonsense" in err
    assert "Traceback" not in err


def test_the_command_line_runs_and_checks(job_root, capsys):
    assert job_main(["--root", str(job_root), "run"]) == 0
    assert "revenue: 2 new rows, 2 in all -> output/revenue.parquet" in capsys.readouterr().out
    assert job_main(["--root", str(job_root), "check"]) == 0


def test_an_input_is_read_where_the_catalog_says_unless_job_toml_says_otherwise(job_root):
    published = job_root.parent / "published" / "orders.parquet"
    published.parent.mkdir()
    (job_root / "data" / "inputs" / "orders.parquet").rename(published)
    manifest = job_root / "contracts" / "inputs.yaml"
    data = yaml.safe_load(manifest.read_text())
    data["inputs"][0]["location"] = published.as_posix()
    manifest.write_text(yaml.safe_dump(data))
    assert load_job(job_root).inputs == {"orders": published.as_posix()}
    assert run(load_job(job_root), write=False).ok
    config = job_root / "job.toml"
    config.write_text(config.read_text() + '\n[inputs.orders]\npath = "elsewhere.parquet"\n')
    assert load_job(job_root).inputs == {"orders": "elsewhere.parquet"}
