"""Trust is checked before any template code is imported, by every command.

A template whose Jinja extension leaves a mark when imported (a module on the
PYTHONPATH of real `paved` processes): after its source stops being trusted, no
command imports it. Those that would render it exit 4 naming the command that
trusts it; the others answer without it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.core.workspace.config import set_trust
from tests.helpers import git, one_commit_repo

PAVED = str(Path(sys.executable).parent / "paved")
COPIER_YML = """\
_jinja_extensions:
  - paved_marking.Mark
project_name:
  type: str
  help: Package name
"""


def marking_module(tmp_path: Path, name: str) -> Path:
    """A module `name` in tmp_path/modules whose Jinja extension `Mark` writes a marker
    file when the module is imported; returns the marker's path."""
    modules = tmp_path / "modules"
    modules.mkdir(exist_ok=True)
    marker = tmp_path / "imported.txt"
    (modules / f"{name}.py").write_text(
        "from pathlib import Path\nfrom jinja2.ext import Extension\n"
        f"Path({str(marker)!r}).write_text('imported')\n"
        "class Mark(Extension):\n    pass\n"
    )
    return marker


def paved_with_marking(root: Path, tmp_path: Path):
    """paved(*args): a real `paved` process on the workspace `root`, the marking
    modules on its PYTHONPATH."""
    modules = tmp_path / "modules"
    env = {**os.environ, "PYTHONPATH": str(modules), "PAVED_WORKSPACE": str(root)}

    def paved(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PAVED, *map(str, args)], env=env, capture_output=True, text=True, cwd=tmp_path
        )

    return paved


@pytest.fixture
def marked(outside_workspace, tmp_path: Path):
    """An outside copier path `marked` (v1.0.0, v2.0.0) whose extension marks its
    import, a project made from it while it was trusted, then its trust withdrawn."""
    marker = marking_module(tmp_path, "paved_marking")
    source = tmp_path / "marked-template"
    source.mkdir()
    git(source, "init", "-q")
    for version in ("1.0.0", "2.0.0"):
        (source / "copier.yml").write_text(COPIER_YML)
        (source / "{{ _copier_conf.answers_file }}.jinja").write_text(
            "{{ _copier_answers | to_nice_yaml }}"
        )
        (source / "README.md.jinja").write_text(f"# {{{{ project_name }}}} {version}\n")
        git(source, "add", "-A")
        git(source, "commit", "-qm", version)
        git(source, "tag", f"v{version}")
    root = outside_workspace.root
    paved = paved_with_marking(root, tmp_path)
    assert paved("paths", "add", "marked", source, "--trust").returncode == 0
    project = tmp_path / "marked_one"
    made = paved(
        "new", "marked", project, "--name", "marked_one", "--owner", "analytics",
        "--no-input", "--version", "1.0.0",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert marker.exists()  # trusted, its extension ran
    marker.unlink()
    set_trust(root, str(source), False)
    git(root, "commit", "-qam", "distrust marked")
    return paved, marker, project, source


REFUSED = [
    ("status",),
    ("status", "--json"),
    ("status", "--path", "marked"),
    ("update", "--all"),
    ("update", "--all", "--dry-run", "--diff"),
    ("update", "--all", "--path", "marked", "--json"),
    ("update", "{project}"),
    ("update", "{project}", "--dry-run"),
    ("new", "marked", "{dest}", "--name", "marked_two", "--owner", "analytics", "--no-input"),
    ("adopt", "{plain}", "--owner", "analytics", "--name", "plain_one", "--path", "marked"),
]
ANSWERED = [
    ("paths",),
    ("paths", "--json"),
    ("catalog", "list"),
    ("catalog", "show", "marked_one", "--json"),
    ("catalog", "validate"),
]


@pytest.mark.parametrize("args", REFUSED, ids=" ".join)
def test_commands_that_would_run_it_refuse_before_importing_it(marked, args, tmp_path):
    paved, marker, project, source = marked
    plain = one_commit_repo(tmp_path / "plain", {"README.md": "# plain\n"})
    before = git(plain, "rev-parse", "HEAD")
    filled = [
        arg.format(project=project, dest=tmp_path / "marked_two", plain=plain) for arg in args
    ]
    result = paved(*filled)
    assert result.returncode == 4, (result.returncode, result.stderr)
    assert f"paved paths add marked {source} --trust" in result.stderr
    assert "Traceback" not in result.stderr
    assert not marker.exists()
    assert not (tmp_path / "marked_two").exists()
    assert git(project, "status", "--porcelain") == "" and git(project, "branch") == "* main"
    assert git(plain, "rev-parse", "HEAD") == before and git(plain, "status", "--porcelain") == ""


@pytest.mark.parametrize("args", ANSWERED, ids=" ".join)
def test_commands_that_only_read_answer_without_importing_it(marked, args):
    paved, marker, _, _ = marked
    result = paved(*args)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    assert not marker.exists()


def test_the_tui_neither_imports_it(marked, outside_workspace, monkeypatch):
    """The fleet view and the wizard, driven with Pilot in this process."""
    from textual.widgets import Static

    from portal.tui.app import PavedApp
    from tests.tui.conftest import LARGE, drive, wait_for
    from tests.tui.test_wizard import at

    _, marker, _, source = marked
    monkeypatch.syspath_prepend(str(marker.parent / "modules"))
    hint = f"paved paths add marked {source} --trust"

    async def fleet(pilot):
        summary = pilot.app.screen.query_one("#fleet-summary", Static)
        await wait_for(pilot, lambda: hint in str(summary.content))

    drive(PavedApp(outside_workspace, start="fleet"), fleet, size=LARGE)
    assert not marker.exists()

    order = sorted(outside_workspace.golden_paths)

    async def wizard(pilot):
        await pilot.press("n")
        await at(pilot, "path")
        await pilot.press(*["down"] * order.index("marked"), "enter")
        await pilot.pause(0.5)
        shown = " ".join(str(w.content) for w in pilot.app.screen.query(Static))
        assert hint in shown, shown

    drive(PavedApp(outside_workspace, start="home"), wizard, size=LARGE)
    assert not marker.exists()


@pytest.fixture
def own_marked(workspace, tmp_path: Path):
    """The workspace's own template released as v1.1.0 with a Jinja extension that
    marks its import, and a project made at v1.0.0 before it."""
    marker = marking_module(tmp_path, "paved_marking_own")
    root = workspace.root
    paved = paved_with_marking(root, tmp_path)
    project = tmp_path / "orders_raw"
    made = paved(
        "new", "dataset-producer", project, "--name", "orders_raw", "--owner", "analytics",
        "--no-input",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    config = root / "copier.yml"
    config.write_text("_jinja_extensions:\n  - paved_marking_own.Mark\n" + config.read_text())
    git(root, "commit", "-qam", "An extension")
    refused = paved("release", "1.1.0")  # paved releases no version it would refuse
    assert refused.returncode == 4 and "keep tasks and extensions out" in refused.stderr
    assert "v1.1.0" not in git(root, "tag")
    git(root, "tag", "-a", "v1.1.0", "-m", "Tagged by hand")  # so it happens anyway
    return paved, marker, project


@pytest.mark.parametrize(
    "args",
    [
        ("status",),
        ("update", "--all"),
        ("update", "{project}"),
        ("new", "dataset-producer", "{dest}", "--name", "orders_two", "--owner", "analytics",
         "--no-input"),
    ],
    ids=" ".join,
)  # fmt: skip
def test_the_workspaces_own_template_runs_no_code_and_imports_none(own_marked, args, tmp_path):
    paved, marker, project = own_marked
    filled = [arg.format(project=project, dest=tmp_path / "orders_two") for arg in args]
    result = paved(*filled)
    assert result.returncode == 4, (result.returncode, result.stderr)
    assert "keep tasks and extensions out of copier.yml" in result.stderr
    assert not marker.exists()
    assert not (tmp_path / "orders_two").exists()
    assert git(project, "status", "--porcelain") == "" and git(project, "branch") == "* main"
