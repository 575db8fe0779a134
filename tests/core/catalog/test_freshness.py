"""Every edit to the catalog's files before a lookup is in its answer: the index sees
edits in place, new files and removed ones."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.core.catalog.test_catalog import _project

PAVED = str(Path(sys.executable).parent / "paved")


def test_every_edit_before_a_lookup_is_in_its_answer(workspace):
    """Real `paved` processes, each after an edit: in place and of the same size, a new
    file, a removed one."""
    catalog = workspace.catalog_dir
    _project(catalog, "orders", "analytics", ["orders_ds"], [])
    env = {**os.environ, "PAVED_WORKSPACE": str(workspace.root)}

    def paved(*args: str) -> dict | list:
        done = subprocess.run([PAVED, *args, "--json"], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    (catalog / "teams.yaml").write_text(
        "".join(
            f"---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: {team}\n"
            "spec:\n  type: team\n  children: []\n"
            for team in ("team-a", "team-b")
        )
    )
    entity = catalog / "orders.yaml"
    entity.write_text(entity.read_text().replace("group:analytics", "group:team-a"))
    assert paved("catalog", "owner", "orders")["team"]["name"] == "team-a"
    # Written in place, same size: the file keeps its inode, its size, maybe its mtime.
    for old, new in (("team-a", "team-b"), ("team-b", "team-a"), ("team-a", "team-b")):
        text = entity.read_text().replace(f"group:{old}", f"group:{new}")
        with entity.open("r+") as handle:
            handle.write(text)
        assert paved("catalog", "owner", "orders")["team"]["name"] == new
    _project(catalog, "revenue", "growth", ["revenue_ds"], ["orders_ds"])
    assert [c["name"] for c in paved("catalog", "consumers", "orders_ds")] == ["revenue"]
    (catalog / "revenue.yaml").unlink()
    assert paved("catalog", "consumers", "orders_ds") == []
