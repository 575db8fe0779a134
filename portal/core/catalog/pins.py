"""Consumers behind: those that pin an older major version of a dataset's contract
than its producer now publishes, with the change that took them behind."""

from __future__ import annotations

from .index import CatalogIndex


def behind(pinned: str | None, published: str | None, change: str | None) -> str | None:
    """Why a consumer pinning `pinned` is behind `published`, or None if it is not:
    it pins an older major version. `change` is the dataset's last major change."""
    from packaging.version import InvalidVersion, Version

    try:
        if not pinned or not published or Version(pinned).major >= Version(published).major:
            return None
        major = Version(published).major
    except InvalidVersion:
        return None
    note = f" ({change})" if change and change.startswith(f"{major}.") else ""
    return f"pins {pinned} of {published}{note}"


def consumers_behind(index: CatalogIndex) -> dict[str, list[str]]:
    """For each project behind on a dataset it reads: "DATASET: why", by project."""
    rows = index.db.execute(
        "SELECT c.project, c.dataset, c.pinned, e.contract_version, "
        "json_extract(e.document, '$.metadata.annotations.\"paved.dev/major-change\"') "
        "FROM consumers AS c JOIN entities AS e ON e.name = c.dataset AND e.kind = 'API' "
        "WHERE c.pinned IS NOT NULL ORDER BY c.project, c.dataset"
    )
    found: dict[str, list[str]] = {}
    for project, dataset, pinned, published, change in rows:
        why = behind(pinned, published, change)
        if why:
            found.setdefault(project, []).append(f"{dataset}: {why}")
    return found
