"""Two `paved new` at the same time both end up in the catalog, both committed."""

import subprocess
import sys
from pathlib import Path

from tests.conftest import git


def test_two_new_projects_at_once(workspace, tmp_path: Path):
    paved = str(Path(sys.executable).parent / "paved")
    runs = [
        subprocess.Popen(
            [
                paved,
                "--workspace",
                str(workspace.root),
                "new",
                "dataset-producer",
                str(tmp_path / name),
                "--name",
                name,
                "--owner",
                "analytics",
                "--no-input",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first_one", "second_one")
    ]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    assert (workspace.catalog_dir / "first_one.yaml").is_file()
    assert (workspace.catalog_dir / "second_one.yaml").is_file()
    assert git(workspace.root, "status", "--porcelain") == ""
    log = git(workspace.root, "log", "--format=%s")
    assert "register first_one" in log and "register second_one" in log
