"""Two `paved new` at the same time both end up in the catalog, both committed."""

import subprocess
import sys
import threading
from pathlib import Path

from tests.helpers import git


def _start_new(workspace, dest: Path, name: str) -> subprocess.Popen:
    """`paved new dataset-producer DEST --name NAME` started, not waited for."""
    paved = str(Path(sys.executable).parent / "paved")
    return subprocess.Popen(
        [
            paved,
            "--workspace",
            str(workspace.root),
            "new",
            "dataset-producer",
            str(dest),
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


def test_two_new_projects_at_once(workspace, tmp_path: Path):
    runs = [_start_new(workspace, tmp_path / name, name) for name in ("first_one", "second_one")]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
    assert (workspace.catalog_dir / "first_one.yaml").is_file()
    assert (workspace.catalog_dir / "second_one.yaml").is_file()
    assert git(workspace.root, "status", "--porcelain") == ""
    log = git(workspace.root, "log", "--format=%s")
    assert "register first_one" in log and "register second_one" in log


def test_the_same_name_at_once_exactly_one_wins(workspace, tmp_path: Path):
    """Six `paved new` of one name at the same moment: one registers it, the five others
    exit 2 naming the clash, and leave no folder and nothing staged."""
    runs = [_start_new(workspace, tmp_path / f"copy_{n}", "orders_raw") for n in range(6)]
    results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2, 2, 2, 2, 2], results
    for code, err in results:
        if code == 2:
            assert len(err.strip().splitlines()) == 1 and "orders_raw" in err
            assert "already in the catalog" in err
    made = [path for path in tmp_path.iterdir() if path.name.startswith("copy_")]
    assert len(made) == 1
    assert git(workspace.root, "status", "--porcelain") == ""
    assert git(workspace.root, "log", "--format=%s").count("register orders_raw") == 1


def test_an_owners_git_in_the_workspace_never_breaks_a_registration(workspace, tmp_path: Path):
    """Someone runs git in the workspace (a `git status` takes index.lock to refresh
    the index) while eight `paved new` register projects: all eight are committed,
    nothing is left staged."""
    stop = threading.Event()

    def owner() -> None:
        while not stop.is_set():  # plain git, optional locks and all
            subprocess.run(["git", "status"], cwd=workspace.root, capture_output=True)
            subprocess.run(
                ["git", "add", "--", "paved.toml"], cwd=workspace.root, capture_output=True
            )

    owners = [threading.Thread(target=owner) for _ in range(2)]
    for thread in owners:
        thread.start()
    try:
        names = [f"busy_{n}" for n in range(8)]
        runs = [_start_new(workspace, tmp_path / name, name) for name in names]
        results = [(run.wait(timeout=300), run.stderr.read()) for run in runs]
    finally:
        stop.set()
        for thread in owners:
            thread.join()
    assert [code for code, _ in results] == [0] * 8, results
    assert git(workspace.root, "status", "--porcelain") == ""
    log = git(workspace.root, "log", "--format=%s")
    assert all(f"register {name}" in log for name in names)
