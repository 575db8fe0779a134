"""An ETL job's tests: fixtures meet their pinned contracts, the SQL reads what is
pinned, a broken input fails clearly, the output meets its contract, reruns replace or
merge, and the schedule agrees with the workflow."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from ..config import Job, load_job
from ..errors import JobError
from ..flow import check_output, run, stage
from ..inputs import check_input, open_inputs
from .contracts import (
    root,
    test_checker_catches_broken_data,
    test_contract_is_valid_odcs,
    test_invalid_contract_is_refused,
)

__all__ = [
    "pytest_generate_tests",
    "root",
    "test_a_broken_input_fails_clearly",
    "test_checker_catches_broken_data",
    "test_contract_is_valid_odcs",
    "test_fixtures_meet_their_pinned_contracts",
    "test_invalid_contract_is_refused",
    "test_output_meets_its_contract",
    "test_rerun_keeps_the_output_whole",
    "test_schedule_matches_the_workflow",
    "test_staging_reads_the_pinned_columns",
    "test_written_output_meets_its_contract",
]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`dataset`: each dataset the job publishes; `input_name`: each input;
    `pinned_input`: each input pinned in contracts/inputs.yaml."""
    job = load_job(Path(metafunc.config.rootpath))
    if "dataset" in metafunc.fixturenames:
        published = [item.dataset for item in job.config.publish]
        metafunc.parametrize("dataset", [job.output_dataset, *published])
    if "input_name" in metafunc.fixturenames:
        metafunc.parametrize("input_name", list(job.inputs))
    if "pinned_input" in metafunc.fixturenames:
        pinned = list(job.pinned) or [
            pytest.param(None, marks=pytest.mark.skip(reason="no input is pinned yet"))
        ]
        metafunc.parametrize("pinned_input", pinned)


def test_fixtures_meet_their_pinned_contracts(root, input_name):
    job = load_job(root)
    con = open_inputs(job, fixtures=True, check=False)
    if input_name in job.pinned:
        check_input(con, job.pinned[input_name], "its fixture")  # raises when broken
    assert con.execute(f'SELECT COUNT(*) FROM "{input_name}"').fetchone()[0] > 0


def test_staging_reads_the_pinned_columns(root, tmp_path, pinned_input):
    job = load_job(root)
    con = open_inputs(job, fixtures=True, fixture_dir=tmp_path)
    stage(con, job)
    query = "SELECT view_name FROM duckdb_views() WHERE NOT internal"
    views = {row[0] for row in con.execute(query).fetchall()}
    assert f"stg_{pinned_input}" in views, f"sql/staging.sql makes no view stg_{pinned_input}"
    unread = [
        column.name
        for column in job.pinned[pinned_input].columns
        if _stage_without(job, tmp_path, pinned_input, column.name) is None
    ]
    assert unread == [], (
        f"sql/staging.sql does not read {', '.join(map(str, unread))}, pinned for "
        f"{pinned_input} in contracts/inputs.yaml: read them, or re-pin the input without them"
    )


def test_a_broken_input_fails_clearly(root, tmp_path, input_name):
    job = load_job(root)
    pinned = job.pinned.get(input_name)
    con = open_inputs(job, fixtures=True, check=False)
    for name in job.inputs:
        con.execute(
            f"COPY \"{name}\" TO '{(tmp_path / f'{name}.csv').as_posix()}' (FORMAT csv, HEADER)"
        )
    names = [row[0] for row in con.execute(f'DESCRIBE "{input_name}"').fetchall()]
    columns = [pinned.columns[0].name] if pinned else names
    failed = []
    for column in columns:
        path = (tmp_path / f"{input_name}.csv").as_posix()
        kept = ", ".join(f'"{name}"' for name in names if name != column)
        con.execute(f"COPY (SELECT {kept} FROM \"{input_name}\") TO '{path}' (FORMAT csv, HEADER)")
        try:
            run(job, fixtures=True, fixture_dir=tmp_path, write=False)
        except JobError as error:
            failed.append(column)
            assert column in str(error), f"the error does not name the missing column: {error}"
            if pinned:
                assert input_name in str(error) and "contracts/inputs.yaml" in str(error)
    assert failed, f"the job runs without any column of {input_name}"


def test_output_meets_its_contract(root, dataset):
    result = run(load_job(root), fixtures=True, write=False)
    assert result.violations == [], "\n".join(map(str, result.violations))
    assert result.rows > 0


def test_written_output_meets_its_contract(root, tmp_path):
    job = load_job(root)
    target = tmp_path / f"{job.output_dataset}.{job.output_format}"
    result = run(job, fixtures=True, output=target)
    assert result.ok, "\n".join(map(str, result.violations))
    assert result.output == target.as_posix() and target.is_file()
    assert check_output(job, output=target) == []
    assert (
        duckdb.connect().execute(f"SELECT COUNT(*) FROM {_reader(job, target)}").fetchone()[0]
        == result.rows
    )


def test_rerun_keeps_the_output_whole(root, tmp_path):
    """A rerun replaces the output (replace mode) or merges into it by key (merge mode)."""
    job = load_job(root)
    target = tmp_path / f"{job.output_dataset}.{job.output_format}"
    first = run(job, fixtures=True, output=target)
    again = run(job, fixtures=True, output=target)
    assert first.ok and again.ok, "\n".join(map(str, first.violations + again.violations))
    assert again.rows == first.rows, "a rerun on the same rows changed the row count"
    if job.mode != "merge":
        assert again.rows == again.new_rows
        return
    before = _keys(job, target)
    fewer = tmp_path / "fewer"
    fewer.mkdir()
    con = open_inputs(job, fixtures=True)
    for name in job.inputs:
        path = (fewer / f"{name}.csv").as_posix()
        con.execute(f"COPY (SELECT * FROM \"{name}\" LIMIT 2) TO '{path}' (FORMAT csv, HEADER)")
    partial = run(job, fixtures=True, fixture_dir=fewer, output=target)
    assert partial.ok, "\n".join(map(str, partial.violations))
    assert partial.new_rows < first.rows
    assert before <= _keys(job, target), "merging dropped rows of the previous output"


def test_schedule_matches_the_workflow(root):
    job = load_job(root)
    workflow = yaml.safe_load((root / ".github" / "workflows" / "schedule.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    crons = [entry["cron"] for entry in triggers["schedule"]]
    assert crons == [job.schedule], (
        "job.toml and .github/workflows/schedule.yml disagree on the schedule: change both together"
    )


def _stage_without(job: Job, tmp_path: Path, name: str, column: str | None) -> JobError | None:
    """Stage with `column` missing from input `name`: the error, or None when it runs."""
    con = open_inputs(job, fixtures=True, fixture_dir=tmp_path, check=False)
    con.execute(f'CREATE TABLE "_full" AS SELECT * FROM "{name}"')
    con.execute(f'CREATE OR REPLACE VIEW "{name}" AS SELECT * EXCLUDE ("{column}") FROM "_full"')
    try:
        stage(con, job)
    except JobError as error:
        return error
    return None


def _reader(job: Job, target: Path) -> str:
    if job.output_format == "csv":
        return f"read_csv('{target.as_posix()}', header = true, all_varchar = true)"
    return f"read_parquet('{target.as_posix()}')"


def _keys(job: Job, target: Path) -> set:
    columns = ", ".join(f'"{name}"' for name in job.key)
    return set(duckdb.connect().execute(f"SELECT {columns} FROM {_reader(job, target)}").fetchall())


# Imported for collection: pytest runs them in the module that imports this one.
_CONTRACT_TESTS = (
    root,
    test_checker_catches_broken_data,
    test_contract_is_valid_odcs,
    test_invalid_contract_is_refused,
)
