"""What a workspace holds, in one line of counts: the first thing the TUI shows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..catalog.index import open_index
from .locate import demo_workspace_folder
from .model import Workspace


@dataclass(frozen=True)
class Overview:
    workspace: str
    root: str
    is_demo: bool
    latest: str | None
    projects: int
    teams: int
    datasets: int
    golden_paths: list[str]


def overview(workspace: Workspace) -> Overview:
    """Counts from the catalog index (brought up to date) and the workspace's tags."""
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        counts = dict(
            index.db.execute(
                "SELECT CASE WHEN kind = 'API' THEN 'API:' || COALESCE(type, '') ELSE kind END,"
                " COUNT(*) FROM entities GROUP BY 1"
            ).fetchall()
        )
    return Overview(
        workspace=workspace.config.name,
        root=str(workspace.root),
        is_demo=is_demo(workspace),
        latest=workspace.latest_tag(),
        projects=counts.get("Component", 0),
        teams=counts.get("Group", 0),
        datasets=counts.get("API:dataset", 0),
        golden_paths=sorted(workspace.golden_paths),
    )


def is_demo(workspace: Workspace) -> bool:
    """Whether `workspace` is the demo paved built in its data directory."""
    return workspace.root == Path(demo_workspace_folder()).resolve()
