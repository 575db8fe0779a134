"""The catalog browser, driven with Pilot: filter, select, jump to consumers and owners."""

from __future__ import annotations

import pytest
import yaml
from textual.widgets import DataTable, Input, OptionList, Static

from portal.core.workspace.model import Workspace
from portal.tui.screens.browser import CatalogBrowserScreen
from tests.tui.conftest import LARGE, SMALL, drive, wait_for

CONTRACT = {
    "apiVersion": "v3.1.0",
    "kind": "DataContract",
    "id": "orders",
    "version": "1.2.0",
    "status": "active",
    "schema": [
        {
            "name": "orders",
            "properties": [
                {"name": "order_id", "logicalType": "string", "required": True, "unique": True},
                {"name": "amount", "logicalType": "number", "required": True},
                {"name": "ordered_at", "logicalType": "date"},
            ],
        }
    ],
}


def _project(
    workspace: Workspace,
    name: str,
    owner: str,
    path: str,
    provides: list[str] = (),
    consumes: list[str] = (),
) -> None:
    docs = [
        {
            "apiVersion": "backstage.io/v1alpha1",
            "kind": "Component",
            "metadata": {
                "name": name,
                "description": f"The {name} {path}",
                "annotations": {
                    "paved.dev/golden-path": path,
                    "paved.dev/template-version": "v1.0.0",
                    "paved.dev/repo": f"/srv/repos/{name}",
                },
            },
            "spec": {
                "type": path,
                "lifecycle": "production",
                "owner": f"group:{owner}",
                "providesApis": list(provides),
                "consumesApis": list(consumes),
            },
        }
    ] + [
        {
            "apiVersion": "backstage.io/v1alpha1",
            "kind": "API",
            "metadata": {
                "name": api,
                "annotations": {"paved.dev/contract-version": "1.2.0"},
            },
            "spec": {
                "type": "dataset",
                "lifecycle": "production",
                "owner": f"group:{owner}",
                "definition": yaml.safe_dump({**CONTRACT, "id": api}, sort_keys=False),
            },
        }
        for api in provides
    ]
    (workspace.catalog_dir / f"{name}.yaml").write_text(yaml.safe_dump_all(docs, sort_keys=False))


@pytest.fixture
def catalog(workspace: Workspace) -> Workspace:
    """Four projects around the `orders` dataset (named like its producer, as by default)."""
    _project(workspace, "orders", "analytics", "dataset-producer", provides=["orders"])
    _project(
        workspace, "revenue", "growth", "etl-job", provides=["revenue_daily"], consumes=["orders"]
    )
    _project(workspace, "churn_model", "ml-platform", "model-service", consumes=["revenue_daily"])
    _project(workspace, "audit", "data-platform", "etl-job", consumes=["orders"])
    return workspace


def _text(screen: CatalogBrowserScreen, selector: str = "#detail-body") -> str:
    """The text of a Static, each run of spaces made one."""
    text = str(screen.query_one(selector, Static).content)
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def _rows(screen: CatalogBrowserScreen) -> list[tuple[str, str, str]]:
    table = screen.query_one(DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(n)) for n in range(table.row_count)]


async def settle(pilot) -> None:
    """Let the tables measure their new rows (on idle) before a screenshot."""
    await pilot.pause(0.2)
    await pilot.pause()


async def _opened(pilot) -> CatalogBrowserScreen:
    screen = pilot.app.screen
    assert isinstance(screen, CatalogBrowserScreen)
    await wait_for(pilot, lambda: screen.ready and screen.shown_filter == "")
    return screen


async def _filter(pilot, screen: CatalogBrowserScreen, text: str) -> None:
    await pilot.press("slash")
    screen.query_one(Input).value = ""
    await pilot.press(*text)
    await wait_for(pilot, lambda: screen.shown_filter == text)


async def _link(pilot, screen: CatalogBrowserScreen, label: str) -> None:
    """Move down the Go to list to the link whose text starts with `label`, choose it."""
    links = screen.query_one("#detail-links", OptionList)
    assert links.has_focus
    labels = [
        " ".join(str(links.get_option_at_index(n).prompt).split())
        for n in range(links.option_count)
    ]
    target = next(n for n, text in enumerate(labels) if text.startswith(label))
    while links.highlighted != target:
        await pilot.press("down")
    await pilot.press("enter")


def test_owner_lookup_from_a_dataset_to_a_consumer_and_its_team(paved_app, catalog):
    async def script(pilot):
        screen = await _opened(pilot)
        await _filter(pilot, screen, "kind:dataset orders")
        assert _rows(screen) == [("orders", "dataset", "analytics")]
        await pilot.press("enter")  # into the table, then Enter on the dataset
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.shown_entity == ("dataset", "orders"))
        body = _text(screen)
        assert "Producer orders" in body
        assert "order_id string required unique" in body
        assert "audit data-platform" in body and "revenue growth" in body

        await _link(pilot, screen, "consumer revenue")
        await wait_for(pilot, lambda: screen.shown_entity == ("project", "revenue"))
        body = _text(screen)
        assert "Repo /srv/repos/revenue" in body
        assert "revenue_daily dataset" in body and "consumed by churn_model (ml-platform)" in body

        await pilot.press("o")
        await wait_for(pilot, lambda: screen.shown_entity == ("team", "growth"))
        body = _text(screen)
        assert "Contact #growth-data" in body
        assert "Mia Chen" in body and "revenue" in body

        await pilot.press("escape")
        await wait_for(pilot, lambda: screen.shown_entity == ("project", "revenue"))
        await pilot.press("escape")
        await wait_for(pilot, lambda: screen.shown_entity == ("dataset", "orders"))
        await _link(pilot, screen, "its owner data-platform")
        await wait_for(pilot, lambda: screen.shown_entity == ("team", "data-platform"))

    drive(paved_app("browser"), script)


def test_a_project_shows_owner_datasets_consumers_and_version(paved_app, catalog):
    async def script(pilot):
        screen = await _opened(pilot)
        await _filter(pilot, screen, "owner:analytics kind:project")
        assert _rows(screen) == [("orders", "project", "analytics")]
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.shown_entity == ("project", "orders"))
        body = _text(screen)
        assert "project · dataset-producer · v1.0.0" in body
        assert (
            "Owner analytics\nContact #analytics · analytics@example.com" in body
            and "Members Ana Silva" in body
        )
        assert "Template v1.0.0 · drift: unknown (d to check)" in body
        assert "amount number required" in body
        assert "consumed by audit (data-platform), revenue (growth)" in body

    drive(paved_app("browser"), script)


def test_filtering_narrows_counts_and_reports_a_bad_token(paved_app, catalog):
    async def script(pilot):
        screen = await _opened(pilot)
        assert len(_rows(screen)) == 6  # 4 projects, 2 datasets; no teams, no users
        assert _text(screen, "#browser-count") == "6 matches"
        await _filter(pilot, screen, "path:etl")
        assert [row[0] for row in _rows(screen)] == ["audit", "revenue", "revenue_daily"]
        await _filter(pilot, screen, "kind:team ml")
        assert _rows(screen) == [("ml-platform", "team", "")]
        await _filter(pilot, screen, "zzz")
        assert _rows(screen) == [] and _text(screen, "#browser-count") == "0 matches"
        await _filter(pilot, screen, "kind:table")
        assert "unknown kind 'table'" in _text(screen, "#browser-count")

    drive(paved_app("browser"), script)


def test_a_large_answer_shows_a_page_and_the_count(paved_app, workspace):
    for number in range(230):
        _project(workspace, f"job_{number:03d}", "analytics", "etl-job")

    async def script(pilot):
        screen = await _opened(pilot)
        assert len(_rows(screen)) == 200
        assert _text(screen, "#browser-count") == "showing 200 of 230"

    drive(paved_app("browser"), script)


def test_escape_without_history_leaves_for_home(paved_app, catalog):
    async def script(pilot):
        await pilot.press("c")
        screen = await _opened(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: pilot.app.screen is not screen)
        assert type(pilot.app.screen).__name__ == "HomeScreen"

    drive(paved_app("home"), script)


def _select_orders(screen_size):
    async def run_before(pilot):
        screen = await _opened(pilot)
        await pilot.press("down", "down")
        await wait_for(pilot, lambda: screen.shown_entity == ("dataset", "orders"))
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_snapshot_browser(snap_compare, paved_app, catalog, size):
    assert snap_compare(paved_app("browser"), terminal_size=size, run_before=_select_orders(size))


def test_snapshot_browser_light(snap_compare, paved_app, catalog):
    app = paved_app("browser")
    app.theme = "textual-light"
    assert snap_compare(app, terminal_size=SMALL, run_before=_select_orders(SMALL))


def test_a_dataset_page_shows_each_consumers_pin_columns_and_who_is_behind(paved_app, catalog):
    """revenue pins 1.0.0 of orders (published 1.2.0, current); audit pins 0.9.0: behind."""
    for name, pin, reads in (("revenue", "1.0.0", "order_id, amount"), ("audit", "0.9.0", "*")):
        path = catalog.catalog_dir / f"{name}.yaml"
        docs = list(yaml.safe_load_all(path.read_text()))
        docs[0]["metadata"]["annotations"].update(
            {"paved.dev/pin.orders": pin, "paved.dev/reads.orders": reads}
        )
        path.write_text(yaml.safe_dump_all(docs, sort_keys=False))

    async def script(pilot):
        screen = await _opened(pilot)
        await _filter(pilot, screen, "kind:dataset orders")
        await pilot.press("enter")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.shown_entity == ("dataset", "orders"))
        body = _text(screen)
        assert "revenue growth\npins 1.0.0\nreads order_id, amount" in body
        assert "audit data-platform\npins 0.9.0\nreads every column\n" in body
        assert "BEHIND: pins 0.9.0 of 1.2.0" in body
        assert "BEHIND: pins 1.0.0" not in body

    drive(paved_app("browser"), script)
