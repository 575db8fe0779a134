"""Orphans both ways: catalog entries whose repo is gone, and repos that claim one of
the workspace's golden paths but have no catalog entry.

Unregistered repos are looked for where projects are: the folders holding the
registered repos (where `paved new` put them), one level deep. A repo claims the
workspace's golden path when its copier answers file names a golden path and was
rendered from this workspace (`_src_path`).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..filenames import ANSWERS_FILE
from .index import CatalogIndex
from .lineage import Problem


def orphans(index: CatalogIndex, workspace_root: Path) -> list[Problem]:
    rows = index.db.execute(
        "SELECT name, file, repo FROM entities WHERE kind = 'Component'"
    ).fetchall()
    problems: list[Problem] = []
    registered: set[Path] = set()
    names = {row["name"] for row in rows}
    for row in rows:
        repo = row["repo"]
        if not repo or "://" in repo:
            continue
        path = Path(repo)
        registered.add(path.resolve())
        if not (path / ".git").exists():
            problems.append(
                Problem(
                    "orphan-entry",
                    row["name"],
                    row["file"],
                    f"its repo {repo} is gone: restore it, or take the project out with "
                    f"`paved catalog remove {row['name']}`",
                )
            )
    folders = {path.parent for path in registered if path.parent.is_dir()}
    for folder in sorted(folders):
        for candidate in sorted(folder.iterdir()):
            claim = _claim(candidate, workspace_root)
            if claim is None or candidate.resolve() in registered:
                continue
            name, path = claim
            if name in names:
                continue
            problems.append(
                Problem(
                    "unregistered-repo",
                    name,
                    str(candidate),
                    f"claims the {path} golden path but has no catalog entry: register it "
                    f"with `paved adopt {candidate} --owner TEAM --path {path}`",
                )
            )
    return problems


def _claim(repo: Path, workspace_root: Path) -> tuple[str, str] | None:
    """(project name, golden path) when `repo` is a git repo rendered from this
    workspace's golden path; None otherwise (or when its answers cannot be read)."""
    answers_file = repo / ANSWERS_FILE
    if not (repo / ".git").exists() or not answers_file.is_file():
        return None
    try:
        answers = yaml.safe_load(answers_file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(answers, dict) or not answers.get("golden_path"):
        return None
    source = str(answers.get("_src_path", ""))
    if source.startswith("git+"):
        source = source[4:]
    source = source.removeprefix("file://")
    try:
        same = Path(source).resolve() == workspace_root.resolve()
    except OSError:
        same = False
    if not same:
        return None
    return str(answers.get("project_name") or repo.name), str(answers["golden_path"])
