"""Bad contracts in `paved contract diff`: one line on stderr, exit 2, the file's own
text quoted; nesting of any depth ends in a result or that line, never an internal
error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import git

HEAD = "apiVersion: v3.2.0\nkind: DataContract\nid: orders\nversion: {version}\nstatus: active\n"


def _nested(depth: int, step: int = 2) -> str:
    """A contract whose table nests `depth` object columns, each `step` columns deeper
    (2: the least block YAML allows)."""
    lines = ["schema:", "- name: orders", "  properties:"]
    for level in range(depth):
        pad = " " * (2 + level * step)
        lines += [f"{pad}- name: level_{level}", f"{pad}  logicalType: object"]
        lines.append(f"{pad}  properties:")
    lines.append(" " * (2 + depth * step) + "- {name: leaf, logicalType: string}")
    return "\n".join(lines) + "\n"


def _repo(tmp_path: Path, old: str, new: str) -> Path:
    repo = tmp_path / "orders"
    (repo / "contracts").mkdir(parents=True)
    path = repo / "contracts" / "orders.odcs.yaml"
    path.write_text(HEAD.format(version="1.0.0") + old)
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", "1.0.0")
    path.write_text(HEAD.format(version="2.0.0") + new)
    return repo


def _one_line(result) -> str:
    assert result.code == 2, result
    assert result.out == ""
    [line] = result.err.strip().splitlines()
    assert "Traceback" not in line and "datetime" not in line and "internal error" not in line
    return line


def test_a_column_named_twice_names_it_and_both_lines(paved, tmp_path):
    table = "schema:\n- name: orders\n  properties:\n  - {name: id}\n  - {name: amount}\n"
    repo = _repo(tmp_path, table, table + "  - {name: id, logicalType: string}\n")
    line = _one_line(paved("contract", "diff", cwd=repo))
    assert "column 'id' is named twice in table orders (lines 9 and 11)" in line


@pytest.mark.parametrize("depth", [5, 10, 50])
def test_nested_object_columns_are_compared_at_any_depth_they_are_read(paved, tmp_path, depth):
    repo = _repo(tmp_path, _nested(depth), _nested(depth).replace("string}", "integer}"))
    result = paved("contract", "diff", "--json", cwd=repo)
    assert result.code == 0, result
    [change] = json.loads(result.out)["diff"]["changes"]
    assert change["column"].endswith(f"level_{depth - 1}.leaf")
    assert change["detail"].endswith("logicalType string -> integer")


@pytest.mark.parametrize("depth", [300, 600, 3000])
def test_nesting_deeper_than_paved_reads_is_one_line(paved, tmp_path, depth):
    repo = _repo(tmp_path, _nested(3), _nested(depth))
    line = _one_line(paved("contract", "diff", cwd=repo))
    assert "orders.odcs.yaml: line" in line and "deeper than paved reads" in line


def test_flow_nesting_deeper_than_yaml_reads_is_one_line(paved, tmp_path):
    deep = "{name: x, properties: [" * 300 + "{name: leaf}" + "]}" * 300
    repo = _repo(tmp_path, _nested(3), f"schema:\n- name: orders\n  properties: [{deep}]\n")
    line = _one_line(paved("contract", "diff", cwd=repo))
    assert "orders.odcs.yaml: line 8: not valid YAML: nested deeper than paved reads" in line


def test_a_date_where_a_flag_belongs_is_quoted_as_written(paved, tmp_path):
    table = "schema:\n- name: orders\n  properties:\n  - name: id\n    required: {flag}\n"
    repo = _repo(tmp_path, table.format(flag="true"), table.format(flag="2025-01-28"))
    line = _one_line(paved("contract", "diff", cwd=repo))
    assert "line 10: field 'schema[0].properties[0].required': `required: 2025-01-28`" in line
