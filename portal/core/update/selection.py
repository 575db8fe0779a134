"""What a rollout is asked, and which of the catalog's projects it covers.

`paved update --all` selects the catalog's projects (by owner, golden path, name),
then takes a shard of them (`--shard K/N`, a stable split by a hash of the name, the
same on every machine) and, with `--waves`, one wave or all of them in turn.
"""

from __future__ import annotations

import hashlib
from typing import Literal, NamedTuple

from pydantic import BaseModel, Field

from ..catalog.index import open_index
from ..catalog.queries import require_team, unknown
from ..errors import BadInputError
from ..workspace.model import Workspace


class RolloutRequest(BaseModel):
    """What `paved update --all` is asked: the version, the selection, the options.

    On a resume (`resume`), only the fields set explicitly are read, each applied to
    what is left or refused (`resume.resumed_request`)."""

    to: str | None = None
    owner: str | None = None
    golden_path: str | None = None
    only: list[str] = Field(default_factory=list)
    shard: str | None = None
    dry_run: bool = False
    check: bool = False
    push: bool = False
    on_conflict: Literal["report", "branch"] = "report"
    push_conflicts: bool = False  # push branches with conflict markers, for owners to resolve
    allow_downgrade: bool = False
    diff: bool = False  # a dry run: each repo's unified diff
    waves: str | None = None  # cumulative wave sizes, e.g. "5,25%,100%"; implies checks
    max_failed: str = "0"  # failures a wave may have before the next is held back
    wave: int | None = None  # only this wave of the waves (a CI job per wave)
    force_wave: bool = False  # on a resume: start the next wave though the gate stopped it
    jobs: int = 1
    resume: str | None = None


class Selected(NamedTuple):
    name: str
    repo: str | None
    golden_path: str | None
    owner: str | None


def parse_shard(text: str) -> tuple[int, int]:
    try:
        number, total = (int(part) for part in text.split("/"))
    except ValueError:
        number = total = 0
    if not 1 <= number <= total:
        raise BadInputError(f"invalid shard {text!r}", "use K/N with 1 <= K <= N, e.g. 2/4")
    return number, total


def in_shard(project: str, shard: tuple[int, int]) -> bool:
    """Whether a project falls in shard K of N: stable across runs and machines."""
    number, total = shard
    digest = hashlib.sha256(project.encode()).digest()
    return int.from_bytes(digest[:8], "big") % total == number - 1


def select(workspace: Workspace, request: RolloutRequest, sharded: bool = True) -> list[Selected]:
    """The catalog's projects a request covers (its shard only, when `sharded`)."""
    if request.golden_path is not None:
        workspace.golden_path(request.golden_path)
    shard = parse_shard(request.shard) if request.shard and sharded else None
    with open_index(workspace.catalog_dir, workspace.index_dir) as index:
        if request.owner is not None:
            require_team(index, request.owner)
        rows = index.entities(
            kind="Component", owner=request.owner, golden_path=request.golden_path
        )
        by_name = {row["name"]: row for row in rows}
        for name in request.only:
            if name not in by_name:
                if index.entity(name, ("Component",)) is None:
                    raise unknown(index, name, "project")
                raise BadInputError(
                    f"{name!r} is not selected by --owner/--path", "drop the filter or the name"
                )
        names = request.only or list(by_name)
        return [
            Selected(
                name, by_name[name]["repo"], by_name[name]["golden_path"], by_name[name]["owner"]
            )
            for name in sorted(set(names))
            if shard is None or in_shard(name, shard)
        ]
