"""Template code runs only for trusted sources, and the check comes before any of it
is imported or run: in `new`, `status` and `update` alike (exit 4)."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.core.workspace.config import set_trust
from tests.helpers import git


@pytest.fixture
def marked_template(tmp_path: Path) -> tuple[Path, Path]:
    """A cookiecutter template whose local extension leaves a mark when imported."""
    source = tmp_path / "marked"
    marker = tmp_path / "imported.txt"
    (source / "{{cookiecutter.repo_name}}").mkdir(parents=True)
    (source / "cookiecutter.json").write_text(
        '{"repo_name": "thing", "_extensions": ["marking.Mark"]}\n'
    )
    (source / "marking.py").write_text(
        "from pathlib import Path\nfrom jinja2.ext import Extension\n"
        f"Path({str(marker)!r}).write_text('imported')\n"
        "class Mark(Extension):\n    pass\n"
    )
    (source / "{{cookiecutter.repo_name}}" / "README.md").write_text(
        "{{ cookiecutter.repo_name }}\n"
    )
    git(source, "init", "-q")
    git(source, "add", "-A")
    git(source, "commit", "-qm", "first")
    git(source, "tag", "v1.0.0")
    return source, marker


def test_untrusted_code_is_refused_before_it_is_imported(paved, workspace, marked_template):
    source, marker = marked_template
    assert paved("-w", workspace.root, "paths", "add", "marked", source).code == 0
    dest = workspace.root.parent / "thing"
    result = paved(
        "-w",
        workspace.root,
        "new",
        "marked",
        dest,
        "--name",
        "thing",
        "--owner",
        "analytics",
        "--no-input",
    )
    assert result.code == 4, result
    assert f"paved paths add marked {source} --trust" in result.err
    assert not marker.exists() and not dest.exists()
    assert paved("-w", workspace.root, "paths", "add", "marked", source, "--trust").code == 0
    assert f'"{source}"' in (workspace.root / "paved.toml").read_text()
    made = paved(
        "-w",
        workspace.root,
        "new",
        "marked",
        dest,
        "--name",
        "thing",
        "--owner",
        "analytics",
        "--no-input",
    )
    assert made.code == 0, made
    assert marker.exists() and (dest / "README.md").read_text() == "thing\n"


def test_status_and_update_refuse_a_source_no_longer_trusted(paved, outside_workspace, tmp_path):
    root = outside_workspace.root
    dest = tmp_path / "svc"
    made = paved(
        "-w",
        root,
        "new",
        "svc",
        dest,
        "--name",
        "svc_one",
        "--owner",
        "analytics",
        "--no-input",
        "--version",
        "1.0.0",
    )
    assert made.code == 0, made
    source = outside_workspace.golden_path("svc").source.url
    set_trust(root, source, False)
    git(root, "commit", "-qam", "distrust svc")
    hint = f"paved paths add svc {source} --trust"
    for args in (("status",), ("update", "--all"), ("update", dest)):
        result = paved("-w", root, *args)
        assert result.code == 4, (args, result)
        assert hint in result.err
    assert git(dest, "status", "--porcelain") == "" and git(dest, "branch") == "* main"
    assert paved("-w", root, "paths", "add", "svc", source, "--trust").code == 0
    assert paved("-w", root, "status").code == 0
