"""Plain `copier update` works on a generated repo: the answers file is copier's own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from portal.core.projects.new import NewProject, new_project
from portal.core.workspace.release import release
from tests.helpers import git


def test_plain_copier_update_keeps_owner_edits(workspace, tmp_path: Path):
    repo = new_project(
        workspace,
        NewProject(
            golden_path="dataset-producer",
            name="orders_clean",
            owner="analytics",
            dest=tmp_path / "orders_clean",
        ),
    ).dest
    # The owner edits an owned file (SQL) and a managed one (.gitignore).
    sql = repo / "sql" / "orders_clean.sql"
    sql.write_text(sql.read_text().replace("order by order_id", "order by order_date, order_id"))
    gitignore = repo / ".gitignore"
    gitignore.write_text("# team scratch space\nscratch/\n" + gitignore.read_text())
    git(repo, "commit", "-qam", "owner edits")

    # The platform changes a managed file and an owned one, and releases.
    template = workspace.root / "templates" / "dataset-producer"
    (template / ".gitignore").write_text((template / ".gitignore").read_text() + ".coverage\n")
    readme = template / "README.md.jinja"
    readme.write_text(readme.read_text() + "\nA new section the owner never sees.\n")
    git(workspace.root, "commit", "-qam", "ignore coverage files")
    release(workspace, "1.1.0")

    copier = Path(sys.executable).parent / "copier"
    result = subprocess.run(
        [str(copier), "update", "--defaults", "--skip-answered"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load((repo / ".copier-answers.yml").read_text())["_commit"] == "v1.1.0"
    lines = gitignore.read_text().splitlines()
    assert lines[:2] == ["# team scratch space", "scratch/"] and lines[-1] == ".coverage"
    assert not any(line.startswith(("<<<<<<<", ">>>>>>>")) for line in lines)
    assert "order by order_date, order_id" in sql.read_text()
    assert "A new section" not in (repo / "README.md").read_text()
