"""What an existing repo says of itself: its Component in its own `catalog-info.yaml`,
and its owning team, from that file's `spec.owner` or else from its CODEOWNERS."""

from __future__ import annotations

from pathlib import Path

from ..catalog.entities import Entity
from ..catalog.index import bare_name
from ..catalog.store import read_entities
from ..errors import BadInputError
from ..filenames import CODEOWNERS_FILES, REPO_CATALOG_FILE


def repo_component(repo: Path) -> Entity | None:
    """The repo's Component, from its catalog-info.yaml (None: it has no such file)."""
    source = repo / REPO_CATALOG_FILE
    if not source.is_file():
        return None
    components = [entity for entity in read_entities(source) if entity.kind == "Component"]
    if len(components) != 1:
        raise BadInputError(
            f"{source} holds {len(components)} Components", "a project's file holds exactly one"
        )
    return components[0]


def recorded_owner(repo: Path, component: Entity | None) -> tuple[str, str] | None:
    """(team, where it is said) from the repo's own files: its Component's `spec.owner`
    (`group:default/data-eng`, `group:data-eng` or `data-eng`), else the team CODEOWNERS
    gives every file (`* @org/data-eng`). None when neither names a team."""
    if component is not None and component.spec.get("owner"):
        owner = str(component.spec["owner"])
        if owner.partition(":")[0] == "user" and ":" in owner:
            raise BadInputError(
                f"{repo}/{REPO_CATALOG_FILE} says the owner is the user {owner!r}: an owner "
                "in paved is a team",
                f"set spec.owner to a group in {REPO_CATALOG_FILE} and commit, or pass --owner",
            )
        return str(bare_name(owner)), f"{REPO_CATALOG_FILE} spec.owner"
    for name in CODEOWNERS_FILES:
        path = repo / name
        if path.is_file():
            team = _codeowners_team(path.read_text("utf-8", errors="replace"))
            return (team, name) if team else None
    return None


def _codeowners_team(text: str) -> str | None:
    """The first team of the last rule for every file (`*`): GitHub's last match wins."""
    team = None
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) < 2 or fields[0] not in ("*", "/*", "/**", "**"):
            continue
        teams = [owner for owner in fields[1:] if owner.startswith("@") and "/" in owner]
        team = teams[0].rpartition("/")[2].lower() if teams else None
    return team
