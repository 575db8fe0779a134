"""What paved writes gets the modes the user's umask gives, as copier, cookiecutter and
git give theirs: a new project's folder, its files, the catalog's entity files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.helpers import one_commit_repo


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o027], ids=["umask 022", "umask 027"])
def umask(request):
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


def test_a_new_project_and_its_catalog_entry_get_the_umasks_modes(
    paved, outside_workspace, tmp_path, umask
):
    folder, file = 0o777 & ~umask, 0o666 & ~umask
    for path, name in (("dataset-producer", "orders_raw"), ("lib", "orders_lib"),
                       ("svc", "orders_api")):  # fmt: skip
        dest = tmp_path / name
        result = paved(
            "-w", outside_workspace.root, "new", path, dest, "--name", name,
            "--owner", "analytics", "--no-input",
        )  # fmt: skip
        assert result.code == 0, result
        assert _mode(dest) == folder, name
        assert _mode(dest / "catalog-info.yaml") == file, name
        assert _mode(outside_workspace.root / "catalog" / f"{name}.yaml") == file, name
        for item in dest.rglob("*"):
            if ".git" not in item.parts and item.is_dir():
                assert _mode(item) == folder, item


def test_an_adopted_repos_entry_and_an_edited_catalog_file_keep_the_modes(
    paved, workspace, tmp_path, umask
):
    repo = one_commit_repo(tmp_path / "billing", {"main.py": "pass\n"})
    assert paved("-w", workspace.root, "adopt", repo, "--owner", "growth").code == 0
    assert _mode(workspace.root / "catalog" / "billing.yaml") == 0o666 & ~umask
    groups = workspace.root / "catalog" / "groups.yaml"
    groups.chmod(0o664)  # an owner's choice is kept when paved rewrites the file
    assert paved("-w", workspace.root, "catalog", "team", "add", "payments").code == 0
    assert _mode(groups) == 0o664
