"""The new-project wizard, driven with Pilot as a user would, to real repos on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from textual.widgets import Input, Static

from portal.core.catalog import queries
from portal.core.catalog.index import open_index
from portal.core.projects.new import NewProject, new_project
from portal.core.workspace.model import Workspace
from portal.tui.app import PavedApp
from portal.tui.screens.home import HomeScreen
from tests.tui.conftest import LARGE, drive, wait_for

PATHS = ["dataset-producer", "etl-job", "model-service"]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from tmp_path, so the default destination ./NAME lands there."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def producer(workspace: Workspace, where: Path, name: str = "orders_raw") -> None:
    """A dataset producer in the catalog, for ETL jobs and model services to read."""
    new_project(
        workspace,
        NewProject(golden_path="dataset-producer", name=name, owner="analytics", dest=where / name),
    )


def text(pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


async def at(pilot, step: str) -> None:
    await wait_for(pilot, lambda: getattr(pilot.app.screen, "current", None) == step)
    await pilot.pause()


async def pick_path(pilot, path: str) -> None:
    await at(pilot, "path")
    await pilot.press(*["down"] * PATHS.index(path), "enter")
    await at(pilot, "questions")


async def answer_name(pilot, name: str) -> None:
    await pilot.press(*name)
    await pilot.press("ctrl+n")


async def pick_owner(pilot, typed: str) -> None:
    await at(pilot, "owner")
    await pilot.press(*typed, "enter")


async def pick_datasets(pilot, *names: str) -> None:
    await at(pilot, "datasets")
    for name in names:
        await pilot.press(*name, "enter", "space", "up")
        await pilot.press(*["backspace"] * len(name))
    await pilot.press("ctrl+n")


async def to_review(pilot) -> None:
    await at(pilot, "destination")
    await pilot.press("enter")
    await at(pilot, "review")
    await wait_for(pilot, lambda: pilot.app.screen.query_one("#review").files is not None)


@pytest.mark.parametrize("path", PATHS)
def test_the_wizard_creates_a_project_on_each_golden_path(paved_app, workspace, here, path):
    if path != "dataset-producer":
        producer(workspace, here)
    name = f"new_{path.replace('-', '_')}"

    async def script(pilot):
        await pilot.press("n")
        await pick_path(pilot, path)
        await answer_name(pilot, name)
        await pick_owner(pilot, "ml-plat")
        if path != "dataset-producer":
            await pick_datasets(pilot, "orders_raw")
        await to_review(pilot)
        assert ".copier-answers.yml" in pilot.app.screen.query_one("#review").files
        assert not (here / name).exists()  # the review writes nothing
        await pilot.press("ctrl+n")
        await at(pilot, "result")
        steps = text(pilot, "#result-next-steps")
        assert f"cd {name}" in steps and ".venv/bin/pytest" in steps
        assert "Recorded in the catalog: catalog/" in text(pilot, "#result-summary")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))

    drive(paved_app(), script, size=LARGE)
    answers = yaml.safe_load((here / name / ".copier-answers.yml").read_text())
    assert answers["golden_path"] == path and answers["owner"] == "ml-platform"
    assert answers["_commit"] == "v1.0.0"
    if path != "dataset-producer":
        assert [item["dataset"] for item in answers["consumes"]] == ["orders_raw"]
    assert (workspace.catalog_dir / f"{name}.yaml").is_file()
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        record = queries.show(index, name)
    assert record.owner == "ml-platform" and record.golden_path == path
    if path != "dataset-producer":
        assert record.consumes == ["orders_raw"]


def test_an_invalid_name_shows_next_to_its_field_and_writes_nothing(paved_app, workspace, here):
    catalog_before = sorted(workspace.catalog_dir.iterdir())

    async def script(pilot):
        await pick_path(pilot, "dataset-producer")
        await answer_name(pilot, "Orders")
        await pilot.pause()
        field = pilot.app.screen.query_one("#field-project_name")
        assert pilot.app.screen.current == "questions"
        assert field.has_class("-invalid")
        assert "invalid project name 'Orders'" in field.error
        assert pilot.app.focused is field.control
        # Fixing it clears the error as you type.
        await pilot.press(*["backspace"] * 6, *"orders")
        assert not field.has_class("-invalid")

    drive(paved_app("wizard"), script)
    assert sorted(here.iterdir()) == [here / "ws"]
    assert sorted(workspace.catalog_dir.iterdir()) == catalog_before


def test_a_field_validator_runs_when_leaving_the_field(paved_app, here):
    async def script(pilot):
        await pick_path(pilot, "dataset-producer")
        await pilot.press(*"orders_daily")
        schedule = pilot.app.screen.query_one("#answer-refresh_schedule", Input)
        schedule.focus()
        schedule.value = "every day"
        await pilot.press("tab")
        field = pilot.app.screen.query_one("#field-refresh_schedule")
        assert "A cron schedule has five fields" in field.error

    drive(paved_app("wizard"), script)


def test_a_name_taken_in_the_catalog_is_found_by_plan_and_shown_on_the_name(
    paved_app, workspace, here
):
    producer(workspace, here)

    async def script(pilot):
        await pick_path(pilot, "etl-job")
        await answer_name(pilot, "orders_raw")
        await pilot.pause()
        field = pilot.app.screen.query_one("#field-project_name")
        assert pilot.app.screen.current == "questions"
        assert "'orders_raw' is already in the catalog" in field.error

    drive(paved_app("wizard"), script)


def test_a_destination_that_is_not_empty_is_refused_before_anything_is_written(
    paved_app, workspace, here
):
    (here / "taken").mkdir()
    (here / "taken" / "notes.txt").write_text("mine\n")

    async def script(pilot):
        await pick_path(pilot, "dataset-producer")
        await answer_name(pilot, "orders_daily")
        await pick_owner(pilot, "analytics")
        await at(pilot, "destination")
        destination = pilot.app.screen.query_one("#destination-folder", Input)
        destination.value = "taken"
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen.current == "destination"
        assert "exists and is not empty" in text(pilot, "#destination .step-error")

    drive(paved_app("wizard"), script)
    assert sorted(p.name for p in here.iterdir()) == ["taken", "ws"]
    assert not (workspace.catalog_dir / "orders_daily.yaml").exists()


def test_when_conditions_show_only_the_golden_paths_own_questions(paved_app, here):
    async def script(pilot):
        await pick_path(pilot, "etl-job")
        shown = [f.question.name for f in pilot.app.screen.query("QuestionField") if f.display]
        assert shown == [
            "project_name",
            "description",
            "output_dataset",
            "schedule",
            "output_format",
            "incremental",
        ]
        # Defaults follow the name until edited.
        await pilot.press(*"sales_rollup")
        assert pilot.app.screen.query_one("#answer-output_dataset", Input).value == "sales_rollup"
        assert pilot.app.screen.query_one("#answer-description", Input).value == "Sales rollup"

    drive(paved_app("wizard"), script)


def test_escape_goes_back_a_step_and_keeps_the_answers(paved_app, here):
    async def script(pilot):
        await pilot.press("n")
        await pick_path(pilot, "dataset-producer")
        await answer_name(pilot, "orders_daily")
        await at(pilot, "owner")
        await pilot.press("escape")
        await at(pilot, "questions")
        assert pilot.app.screen.query_one("#answer-project_name", Input).value == "orders_daily"
        await pilot.press("escape")
        await at(pilot, "path")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen))

    drive(paved_app(), script)


def test_escape_on_the_first_step_quits_when_opened_on_the_wizard(paved_app, here):
    async def script(pilot):
        await at(pilot, "path")
        await pilot.press("escape")
        await pilot.pause()

    app = drive(paved_app("wizard"), script)
    assert not app.is_running


def test_q_quits_but_not_while_typing_in_a_field(paved_app, here):
    async def script(pilot):
        await pick_path(pilot, "dataset-producer")
        await pilot.press("q")
        assert pilot.app.is_running
        assert pilot.app.screen.query_one("#answer-project_name", Input).value == "q"
        await pilot.press("escape")
        await at(pilot, "path")
        await pilot.press("q")
        await pilot.pause()
        assert not pilot.app.is_running

    drive(paved_app("wizard"), script)


# Snapshots: one per step, at 80x24, with a relative destination and no dates.


def _snap(snap_compare, app: PavedApp, run_before) -> bool:
    return snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_wizard_golden_path(snap_compare, paved_app, here):
    assert _snap(snap_compare, paved_app("wizard"), lambda pilot: at(pilot, "path"))


def test_snapshot_wizard_questions(snap_compare, paved_app, here):
    async def run_before(pilot):
        await pick_path(pilot, "etl-job")
        await pilot.press(*"sales_rollup")

    assert _snap(snap_compare, paved_app("wizard"), run_before)


def test_snapshot_wizard_invalid_name(snap_compare, paved_app, here):
    async def run_before(pilot):
        await pick_path(pilot, "dataset-producer")
        await answer_name(pilot, "Orders")
        await pilot.pause()

    assert _snap(snap_compare, paved_app("wizard"), run_before)


def test_snapshot_wizard_owner(snap_compare, paved_app, here):
    async def run_before(pilot):
        await pick_path(pilot, "dataset-producer")
        await answer_name(pilot, "orders_daily")
        await at(pilot, "owner")
        await pilot.press(*"plat")

    assert _snap(snap_compare, paved_app("wizard"), run_before)


def test_snapshot_wizard_datasets(snap_compare, paved_app, workspace, here):
    producer(workspace, here)
    producer(workspace, here, "customers")

    async def run_before(pilot):
        await pick_path(pilot, "model-service")
        await answer_name(pilot, "churn_model")
        await pick_owner(pilot, "ml")
        await at(pilot, "datasets")
        await pilot.press("tab", "space")

    assert _snap(snap_compare, paved_app("wizard"), run_before)


def test_snapshot_wizard_destination(snap_compare, paved_app, here):
    async def run_before(pilot):
        await pick_path(pilot, "dataset-producer")
        await answer_name(pilot, "orders_daily")
        await pick_owner(pilot, "analytics")
        await at(pilot, "destination")

    assert _snap(snap_compare, paved_app("wizard"), run_before)


def test_snapshot_wizard_review(snap_compare, paved_app, here):
    async def run_before(pilot):
        await pick_path(pilot, "dataset-producer")
        await answer_name(pilot, "orders_daily")
        await pick_owner(pilot, "analytics")
        await to_review(pilot)

    assert _snap(snap_compare, paved_app("wizard"), run_before)


def test_snapshot_wizard_result(snap_compare, paved_app, here):
    async def run_before(pilot):
        await pick_path(pilot, "dataset-producer")
        await answer_name(pilot, "orders_daily")
        await pick_owner(pilot, "analytics")
        await to_review(pilot)
        await pilot.press("ctrl+n")
        await at(pilot, "result")

    assert _snap(snap_compare, paved_app("wizard"), run_before)


def test_snapshot_wizard_questions_light(snap_compare, paved_app, here):
    async def run_before(pilot):
        pilot.app.theme = "textual-light"
        await pick_path(pilot, "etl-job")
        await answer_name(pilot, "Sales")
        await pilot.pause()

    assert _snap(snap_compare, paved_app("wizard"), run_before)


def test_the_wizard_generates_a_project_into_the_demo_end_to_end(tmp_path, monkeypatch, here):
    """On the demo (its own, built for this test): an ETL job reading two of the demo's
    datasets, at the demo's newest version, recorded in its catalog, current in its fleet."""
    from portal.core.demo import ensure_demo, find_workspace_or_demo
    from portal.core.update.status import fleet_status

    monkeypatch.setenv("PAVED_DATA_DIR", str(tmp_path / "data"))
    demo = ensure_demo()
    workspace = find_workspace_or_demo(cwd=here)
    assert workspace.root == demo.workspace

    async def script(pilot):
        await pilot.press("n")
        await pick_path(pilot, "etl-job")
        await answer_name(pilot, "orders_by_channel")
        await pick_owner(pilot, "growth")
        await pick_datasets(pilot, "orders_daily", "customers_raw")
        await to_review(pilot)
        await pilot.press("ctrl+n")
        await at(pilot, "result")
        assert "Created orders_by_channel" in text(pilot, "#result-summary")

    drive(PavedApp(workspace), script, size=LARGE)
    answers = yaml.safe_load((here / "orders_by_channel" / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v1.1.0" and answers["owner"] == "growth"
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        record = queries.show(index, "orders_by_channel")
        readers = [c.name for c in queries.consumers(index, "orders_daily")]
    assert sorted(record.consumes) == ["customers_raw", "orders_daily"]
    assert "orders_by_channel" in readers
    records = fleet_status(workspace, only=["orders_by_channel"])
    assert records[0].drift is False and records[0].version == "v1.1.0"
