"""Any valid name is green: a name that is also one a golden path gives something of
its own (a sample source, a seed, a staging view, an SQL reserved word) either works,
the generated repo's own checks passing, or is refused by `paved new` in one line with
nothing written."""

from __future__ import annotations

import pytest

from portal.core.golden_paths.checks import run_checks
from portal.core.naming import SQL_RESERVED
from tests.golden_paths.conftest import PRODUCER, generate


@pytest.mark.slow
@pytest.mark.parametrize("name", ["orders", "raw_orders"])
def test_a_producer_named_like_its_sample_source_is_green(fleet_workspace, tmp_path, name):
    """The docs' own name: the sample source (a view) is never the dataset (a table)."""
    repo = generate(fleet_workspace, "dataset-producer", tmp_path / name)
    sources = [path.stem for path in (repo / "data" / "source").iterdir()]
    assert name not in sources and len(sources) == 1
    assert f"from {sources[0]}\n" in (repo / "sql" / f"{name}.sql").read_text()
    checks = run_checks(repo, fleet_workspace.golden_path("dataset-producer"))
    failed = {check.name: check.output for check in checks if not check.passed}
    assert not failed, "\n".join(f"--- {k}\n{v}" for k, v in failed.items())


@pytest.mark.parametrize(
    "path,extra,said",
    [
        ("dataset-producer", ["-d", "dataset_name=order"], "'order' is a reserved word of SQL"),
        ("dataset-producer", ["-d", "dataset_name=select"], "'select' is a reserved word"),
        ("etl-job", ["-d", "output_dataset=sample_orders"], "a view the job makes"),
        ("etl-job", ["-d", "output_dataset=stg_sample_orders"], "a view the job makes"),
        ("etl-job", ["-d", "output_dataset=group"], "'group' is a reserved word of SQL"),
        ("etl-job", ["--consumes", PRODUCER, "-d", f"output_dataset=stg_{PRODUCER}"],
         "a view the job makes from its inputs (orders_clean)"),
    ],
    ids=["producer-order", "producer-select", "etl-seed", "etl-staging", "etl-group",
         "etl-input-staging"],
)  # fmt: skip
def test_a_name_a_golden_path_gives_something_else_is_refused_in_one_line(
    paved, fleet_workspace, tmp_path, path, extra, said
):
    files = sorted((fleet_workspace.root / "catalog").iterdir())
    result = paved(
        "-w", fleet_workspace.root, "new", path, tmp_path / "made", "--name", "made_here",
        "--owner", "analytics", "--no-input", *extra,
    )  # fmt: skip
    assert result.code == 2 and said in result.err, result
    assert len(result.err.strip().splitlines()) == 1
    assert not (tmp_path / "made").exists()
    assert sorted((fleet_workspace.root / "catalog").iterdir()) == files


def test_the_reserved_words_are_duckdbs():
    import duckdb

    rows = duckdb.sql(
        "select keyword_name from duckdb_keywords() where keyword_category = 'reserved'"
    ).fetchall()
    assert {row[0] for row in rows} == SQL_RESERVED
