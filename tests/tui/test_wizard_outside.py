"""The new-project wizard on outside golden paths: the template's own questions,
defaults from its own engine, and the project its own tool makes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portal.tui.app import PavedApp
from tests.tui.conftest import LARGE, drive
from tests.tui.test_wizard import answer_name, at, pick_owner, to_review, wait_for


@pytest.mark.parametrize("path", ["lib", "svc"])
def test_the_wizard_creates_a_project_on_an_outside_path(
    outside_workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str
):
    monkeypatch.chdir(tmp_path)
    order = sorted(outside_workspace.golden_paths)
    name = f"wiz_{path}"

    async def script(pilot):
        await pilot.press("n")
        await at(pilot, "path")
        await pilot.press(*["down"] * order.index(path), "enter")
        await at(pilot, "questions")
        await answer_name(pilot, name)
        await pick_owner(pilot, "analyt")
        await to_review(pilot)
        files = pilot.app.screen.query_one("#review").files
        assert "catalog-info.yaml" in files
        assert (".cruft.json" if path == "svc" else ".copier-answers.yml") in files
        await pilot.press("ctrl+n")
        await at(pilot, "result")
        await wait_for(pilot, lambda: (tmp_path / name).is_dir())

    drive(PavedApp(outside_workspace, start="home"), script, size=LARGE)
    repo = tmp_path / name
    if path == "svc":
        context = json.loads((repo / ".cruft.json").read_text())["context"]["cookiecutter"]
        assert context["description"] == f"{name} service"  # the template's `do` extension
        assert (repo / "HOOKED.txt").is_file()
    else:
        assert f"project_description: {name} library" in (repo / ".copier-answers.yml").read_text()
    assert (outside_workspace.catalog_dir / f"{name}.yaml").is_file()
