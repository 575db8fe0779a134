"""The demo workspace: what paved opens on when no workspace is given or found.

A small organisation, built from paved's own golden paths in the user's data
directory (never in a checkout): a platform workspace with two template versions,
five teams, and sixteen projects across the three golden paths that are real git repos
made by `paved new`. Consumers chain four datasets deep and a model service trains on
a dataset. Some projects are behind the newest version, some of those carry owners'
edits that merge cleanly, and one has an edit on the line the release changes, so its
update would conflict.

It is built once, under a lock, and marked complete only at the end: a demo whose
build was killed has no marker and is built again. `paved demo --reset` rebuilds it.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .errors import BadInputError
from .git import commands as git
from .reporting import NullReporter, Reporter
from .workspace.locate import DATA_DIR_VAR, demo_workspace_folder
from .workspace.model import Workspace, find_workspace

_MARKER = "demo.json"
_FORMAT = 1
_TEAMS = (  # beyond the four of the built-in groups.yaml
    ("finance", ["noa.weiss", "sam.okafor"], "#finance", "Revenue, payments and forecasts."),
)


@dataclass(frozen=True)
class Demo:
    root: Path  # the folder holding the workspace and the projects
    workspace: Path
    projects: Path
    built: bool  # built by this call


@dataclass(frozen=True)
class _Project:
    name: str
    golden_path: str
    owner: str
    consumes: tuple[str, ...] = ()
    data: tuple[tuple[str, str], ...] = ()
    edit: str | None = None  # what its owner changed since: "clean" or "conflict"


# Made at the first version, in this order (a consumer after what it reads).
_FIRST = (
    _Project("orders_raw", "dataset-producer", "growth"),
    _Project("customers_raw", "dataset-producer", "growth"),
    _Project("payments_raw", "dataset-producer", "finance"),
    _Project("orders_daily", "etl-job", "analytics", ("orders_raw",), edit="clean"),
    _Project("revenue_by_region", "etl-job", "finance", ("orders_daily",), edit="clean"),
    _Project("revenue_forecast_inputs", "etl-job", "finance", ("revenue_by_region",)),
    _Project("customer_features", "etl-job", "ml-platform", ("customers_raw", "orders_daily")),
    _Project(
        "payments_reconciled", "etl-job", "finance", ("payments_raw", "orders_raw"), edit="conflict"
    ),
    _Project("marketing_attribution", "etl-job", "growth", ("orders_daily",)),
    _Project("weekly_kpis", "etl-job", "analytics", ("revenue_by_region", "customer_features")),
    _Project("churn_model", "model-service", "ml-platform", ("customer_features",), edit="clean"),
    _Project("delivery_eta", "model-service", "ml-platform", data=(("model_kind", "regressor"),)),
    _Project("fraud_score", "model-service", "finance", ("payments_reconciled",)),
)
# Made at the newest version: current from the start.
_NEWEST = (
    _Project("inventory_raw", "dataset-producer", "data-platform"),
    _Project("stock_levels", "etl-job", "analytics", ("inventory_raw",)),
    _Project("demand_forecast", "model-service", "ml-platform", ("stock_levels",)),
)
FIRST_VERSION, NEWEST_VERSION = "1.0.0", "1.1.0"
# The release: a managed CI line changed in every golden path, and a new managed file.
_RELEASED_LINE = ("actions/checkout@v4", "actions/checkout@v5")
_OWNER_PIN = "actions/checkout@v4.2.2"  # what the conflicting owner put on that line


def demo_root() -> Path:
    """$PAVED_DATA_DIR/demo, else the demo folder in the platform's user data directory
    (on Linux $XDG_DATA_HOME/paved, by default ~/.local/share/paved)."""
    return Path(demo_workspace_folder()).parent


def is_built(root: Path | None = None) -> bool:
    """Whether a complete demo is at `root` (a half-built one is not)."""
    return ((root or demo_root()) / _MARKER).is_file()


def find_workspace_or_demo(
    explicit: Path | None = None, cwd: Path | None = None, reporter: Reporter | None = None
) -> Workspace:
    """The workspace named or found (`find_workspace`), else the demo workspace, built
    first (reporting to `reporter`) when it is missing."""
    return find_workspace(
        explicit, cwd, reporter, demo=lambda shown: ensure_demo(shown).workspace
    )


def ensure_demo(reporter: Reporter | None = None, reset: bool = False) -> Demo:
    """The demo workspace, built first when it is missing, half-built, or `reset`."""
    root = demo_root()
    _require_writable(root.parent)
    from filelock import FileLock, Timeout

    try:
        with FileLock(str(root.parent / "demo.lock"), timeout=120):
            built = reset or not is_built(root)
            if built:
                _build(root, reporter or NullReporter())
    except Timeout:
        raise BadInputError(
            f"another paved has been building the demo in {root} for two minutes",
            "wait for it to finish, or stop it and run `paved demo --reset`",
        ) from None
    return Demo(root, root / "workspace", root / "projects", built)


def _require_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".paved-write-check-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise BadInputError(
            f"cannot build the demo workspace in {folder}: {reason.lower()}",
            f"set {DATA_DIR_VAR} to a folder you can write, or point paved at a workspace "
            "with --workspace DIR",
        ) from None


def _build(root: Path, reporter: Reporter) -> None:
    from .catalog.edits import add_team
    from .projects.new import NewProject, new_project
    from .workspace.create import init_workspace

    if root.exists():
        shutil.rmtree(root)
    steps = 3 + len(_FIRST) + len(_NEWEST)
    reporter.start("Building the demo workspace", total=steps)
    try:
        workspace = init_workspace(root / "workspace", version=FIRST_VERSION, name="demo-platform")
        for name, members, contact, about in _TEAMS:
            add_team(
                workspace.catalog_dir,
                workspace.index_dir,
                name,
                members,
                contact,
                about,
                repo=workspace.root,
            )
        reporter.advance("Generating projects at the first version")

        def generate(project: _Project) -> Path:
            reporter.advance(f"{project.name} ({project.golden_path})")
            request = NewProject(
                golden_path=project.golden_path,
                name=project.name,
                owner=project.owner,
                dest=root / "projects" / project.name,
                consumes=list(project.consumes),
                data=dict(project.data),
            )
            return new_project(workspace, request).dest

        first = {project: generate(project) for project in _FIRST}
        reporter.advance(f"Releasing {NEWEST_VERSION}")
        _release_newest(workspace)
        for project in _NEWEST:
            generate(project)
        reporter.advance("Owners' edits")
        for project, repo in first.items():
            if project.edit:
                _edit_as_owner(repo, project.edit)
        (root / _MARKER).write_text(
            json.dumps({"format": _FORMAT, "workspace": str(workspace.root)}) + "\n", "utf-8"
        )
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    finally:
        reporter.finish()


def _release_newest(workspace: Workspace) -> None:
    """The newest template version: changes to managed files of every golden path."""
    changed = []
    for folder in sorted((workspace.root / "templates").iterdir()):
        ci = folder / ".github" / "workflows" / "ci.yml.jinja"
        old, new = _RELEASED_LINE
        if ci.is_file() and old in ci.read_text("utf-8"):
            ci.write_text(ci.read_text("utf-8").replace(old, new), "utf-8")
            changed.append(folder.name)
        (folder / ".editorconfig").write_text(
            "root = true\n\n[*]\nindent_style = space\nend_of_line = lf\n", "utf-8"
        )
    git.commit_all(
        workspace.root,
        f"Bump actions/checkout in CI ({', '.join(changed) or 'no path'}); add .editorconfig",
    )
    from .workspace.release import release

    release(workspace, NEWEST_VERSION, "CI on actions/checkout v5; an .editorconfig everywhere")


def _edit_as_owner(repo: Path, kind: str) -> None:
    """An owner's commit: notes and a runbook (merge cleanly), or a pinned action on the
    very line the newest release changes (conflicts)."""
    if kind == "conflict":
        ci = repo / ".github" / "workflows" / "ci.yml"
        ci.write_text(ci.read_text("utf-8").replace(_RELEASED_LINE[0], _OWNER_PIN, 1), "utf-8")
        message = "Pin actions/checkout to a patch release"
    else:
        readme = repo / "README.md"
        readme.write_text(
            readme.read_text("utf-8")
            + "\n## Runbook\n\nIf the nightly run fails, page the on-call of the owning team.\n",
            "utf-8",
        )
        notes = repo / "docs" / "decisions.md"
        notes.parent.mkdir(exist_ok=True)
        notes.write_text("# Decisions\n\n1. Raw files are kept for a year.\n", "utf-8")
        message = "Runbook and decision log"
    git.commit_all(repo, message)
