"""Questions the catalog answers: what is there, who owns it, who consumes it.

Answers are plain dataclasses built from the SQLite index, so a lookup from the
command line needs neither pydantic nor a parse of the entity files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import BadInputError, UnknownEntityError, UnknownOwnerError
from ..naming import closest
from .index import CatalogIndex, document
from .pins import behind

KINDS = {"project": "Component", "dataset": "API", "api": "API", "team": "Group", "user": "User"}


@dataclass
class ApiSummary:
    name: str
    type: str | None
    contract_version: str | None
    description: str | None


@dataclass
class ProjectRecord:
    name: str
    description: str | None
    golden_path: str | None
    owner: str | None
    template_version: str | None
    repo: str | None
    provides: list[ApiSummary]
    consumes: list[str]
    kind: str = "project"


@dataclass
class ConsumerRecord:
    name: str
    owner: str | None
    via: str | None = None
    depth: int = 1
    pinned: str | None = None  # the contract version it pins, when known
    reads: list[str] | None = None  # the columns it reads ("*": all), when known
    behind: str | None = None  # why it is behind the published major version, if it is

    def facts(self) -> list[str]:
        """What the catalog knows of this consumer of a dataset, in words: the one
        wording the command line and the terminal UI show."""
        reads = (
            "columns read unknown"
            if self.reads is None
            else "reads "
            + ("every column" if self.reads == ["*"] else ", ".join(self.reads) or "no column")
        )
        return [
            f"team {self.owner or '(none)'}",
            f"pins {self.pinned}" if self.pinned else "pins no version",
            reads,
            *([f"BEHIND: {self.behind}"] if self.behind else []),
        ]


@dataclass
class DatasetRecord:
    name: str
    type: str | None
    description: str | None
    owner: str | None
    producer: str | None
    contract_version: str | None
    consumers: list[ConsumerRecord]
    columns: list[dict[str, Any]] = field(default_factory=list)
    kind: str = "dataset"
    major_change: str | None = None  # what its last major version changed

    @property
    def behind(self) -> list[ConsumerRecord]:
        return [consumer for consumer in self.consumers if consumer.behind]


@dataclass
class MemberRecord:
    name: str
    display_name: str | None
    email: str | None


@dataclass
class TeamRecord:
    name: str
    description: str | None
    display_name: str | None
    email: str | None
    contact: str | None
    members: list[MemberRecord]
    projects: list[str]
    kind: str = "team"


@dataclass
class OwnerAnswer:
    name: str
    kind: str
    team: TeamRecord


@dataclass
class ImpactGroup:
    team: str | None
    contact: str | None
    projects: list[ConsumerRecord]


@dataclass
class ImpactAnswer:
    dataset: str
    producer: str | None
    owner: str | None
    teams: list[ImpactGroup]
    total: int


def list_entities(
    index: CatalogIndex,
    owner: str | None = None,
    kind: str | None = None,
    golden_path: str | None = None,
) -> list[ProjectRecord | DatasetRecord]:
    """Projects (the default) or datasets/APIs, narrowed by owner and golden path."""
    if owner is not None:
        require_team(index, owner)
    wanted = ("project" if kind is None else kind).lower()
    if wanted not in ("project", "dataset", "api"):
        raise BadInputError(f"unknown kind {kind!r}", "use project, dataset or api")
    if wanted == "project":
        rows = index.entities(kind="Component", owner=owner, golden_path=golden_path)
        return [project_record(index, row) for row in rows]
    rows = index.entities(kind="API", owner=owner, type="dataset" if wanted == "dataset" else None)
    records = [dataset_record(index, row, consumers=False) for row in rows]
    if golden_path is not None:
        producers = {row["name"] for row in index.entities("Component", golden_path=golden_path)}
        records = [record for record in records if record.producer in producers]
    return records


# What `show --kind` takes, and the entity kinds each means.
SHOW_KINDS = {
    "project": ("Component",),
    "dataset": ("API",),
    "api": ("API",),
    "team": ("Group",),
}


Shown = ProjectRecord | DatasetRecord | TeamRecord


def show(index: CatalogIndex, name: str, kind: str | None = None) -> Shown:
    """A project by name, else a dataset or API, else a team; or only the `kind` asked
    for (a dataset producer's dataset often has its project's name)."""
    if kind is not None and kind not in SHOW_KINDS:
        raise BadInputError(f"unknown kind {kind!r}", f"use --kind {', '.join(SHOW_KINDS)}")
    kinds = SHOW_KINDS[kind] if kind else ("Component", "API", "Group")
    row = index.entity(name, kinds)
    if row is None:
        raise unknown(index, name, kind or "project, dataset or team")
    if row["kind"] == "Component":
        return project_record(index, row)
    if row["kind"] == "API":
        return dataset_record(index, row)
    return team_record(index, row)


def also_named(index: CatalogIndex, record: Shown) -> list[str]:
    """The other kinds (`project`, `dataset`, `team`) of entity with `record`'s name:
    what `show --kind` would show besides it."""
    shown = {ProjectRecord: "project", DatasetRecord: "dataset", TeamRecord: "team"}
    return [
        kind
        for kind in ("project", "dataset", "team")
        if kind != shown[type(record)] and index.entity(record.name, SHOW_KINDS[kind])
    ]


def owner_of(index: CatalogIndex, name: str) -> OwnerAnswer:
    """The team that owns a project or dataset, with its members and contact."""
    row = index.entity(name, ("Component", "API"))
    if row is None:
        raise unknown(index, name, "project or dataset")
    team = index.entity(row["owner"], ("Group",)) if row["owner"] else None
    if team is None:
        owned = (
            f"is owned by {row['owner']!r}, which is not a team" if row["owner"] else "has no owner"
        )
        raise UnknownOwnerError(
            f"{name} {owned} in the catalog",
            "add the team with `paved catalog team add`, or fix the owner",
        )
    kind = "project" if row["kind"] == "Component" else (row["type"] or "api")
    return OwnerAnswer(name=name, kind=kind, team=team_record(index, team))


def consumers(index: CatalogIndex, dataset: str, transitive: bool = False) -> list[ConsumerRecord]:
    """The projects that consume a dataset; with `transitive`, also those downstream of
    them through the datasets they publish in turn.

    A project is reached at its smallest depth, via the first (by name) dataset of that
    level it consumes; the answer is by depth, then name.
    """
    require_api(index, dataset)
    if transitive:
        return [ConsumerRecord(*found) for found in index.downstream().walk(dataset)]
    direct: dict[str, ConsumerRecord] = {}
    for project, owner in index.readers(dataset):
        direct.setdefault(project, ConsumerRecord(project, owner))
    return list(direct.values())


def impact(index: CatalogIndex, dataset: str) -> ImpactAnswer:
    """Everything downstream of a dataset, grouped by owning team: who to tell."""
    row = require_api(index, dataset)
    downstream = consumers(index, dataset, transitive=True)
    groups: dict[str | None, list[ConsumerRecord]] = {}
    for record in downstream:
        groups.setdefault(record.owner, []).append(record)
    contacts = index.contacts([team for team in groups if team])
    teams = [
        ImpactGroup(team=team, contact=contacts.get(team) if team else None, projects=groups[team])
        for team in sorted(groups, key=lambda name: (name is None, name or ""))
    ]
    producer = index.sources(dataset, "providesApi")
    return ImpactAnswer(
        dataset=dataset,
        producer=producer[0] if producer else None,
        owner=row["owner"],
        teams=teams,
        total=len(downstream),
    )


def team_names(index: CatalogIndex) -> list[str]:
    return [row["name"] for row in index.entities(kind="Group")]


def require_team(index: CatalogIndex, name: str) -> Any:
    row = index.entity(name, ("Group",))
    if row is None:
        teams = team_names(index)
        shown = ", ".join(teams[:20]) + (f" and {len(teams) - 20} more" if len(teams) > 20 else "")
        raise UnknownOwnerError(
            f"unknown owner {name!r}: it is not a team in the catalog",
            f"the teams are: {shown or 'none yet'} (add one with `paved catalog team add NAME`)",
        )
    return row


def require_api(index: CatalogIndex, name: str) -> Any:
    row = index.entity(name, ("API",))
    if row is None:
        raise unknown(index, name, "dataset")
    return row


def unknown(index: CatalogIndex, name: str, what: str) -> UnknownEntityError:
    """The error for a name that is not there, with the closest names."""
    candidates = set(index.names(name[:3])) if len(name) >= 3 else set(index.names())
    suggestions = closest(name, sorted(candidates))
    hint = (
        f"did you mean {', '.join(suggestions)}?"
        if suggestions
        else "see `paved catalog list` for what the catalog holds"
    )
    return UnknownEntityError(f"no {what} named {name!r} in the catalog", hint)


def project_record(index: CatalogIndex, row: Any) -> ProjectRecord:
    provides = []
    for name in index.related(row["name"], "providesApi"):
        api = index.entity(name, ("API",))
        provides.append(
            ApiSummary(
                name=name,
                type=api["type"] if api else None,
                contract_version=api["contract_version"] if api else None,
                description=api["description"] if api else None,
            )
        )
    return ProjectRecord(
        name=row["name"],
        description=row["description"],
        golden_path=row["golden_path"],
        owner=row["owner"],
        template_version=row["template_version"],
        repo=row["repo"],
        provides=provides,
        consumes=index.related(row["name"], "consumesApi"),
    )


def dataset_record(index: CatalogIndex, row: Any, consumers: bool = True) -> DatasetRecord:
    producer = index.sources(row["name"], "providesApi")
    doc = document(row)
    change = ((doc.get("metadata") or {}).get("annotations") or {}).get("paved.dev/major-change")
    records: dict[str, ConsumerRecord] = {}
    if consumers:
        for project, owner, pinned, reads in index.pins(row["name"]):
            records.setdefault(
                project,
                ConsumerRecord(
                    name=project,
                    owner=owner,
                    pinned=pinned,
                    reads=None
                    if reads is None
                    else [c.strip() for c in reads.split(",") if c.strip()],
                    behind=behind(pinned, row["contract_version"], change),
                ),
            )
    return DatasetRecord(
        name=row["name"],
        type=row["type"],
        description=row["description"],
        owner=row["owner"],
        producer=producer[0] if producer else None,
        contract_version=row["contract_version"],
        consumers=list(records.values()),
        columns=_columns(doc) if consumers else [],
        kind="dataset" if row["type"] == "dataset" else "api",
        major_change=change,
    )


def team_record(index: CatalogIndex, row: Any) -> TeamRecord:
    doc = document(row)
    spec = doc.get("spec") or {}
    profile = spec.get("profile") or {}
    members = []
    names = set(spec.get("members") or []) | set(index.sources(row["name"], "memberOf"))
    for member in sorted(names):
        user = index.entity(member, ("User",))
        user_profile = ((document(user).get("spec") or {}).get("profile") or {}) if user else {}
        members.append(
            MemberRecord(
                name=member,
                display_name=user_profile.get("displayName"),
                email=user_profile.get("email"),
            )
        )
    return TeamRecord(
        name=row["name"],
        description=row["description"],
        display_name=profile.get("displayName"),
        email=profile.get("email"),
        contact=_contact(doc),
        members=members,
        projects=[r["name"] for r in index.entities(kind="Component", owner=row["name"])],
    )


def _contact(doc: dict[str, Any]) -> str | None:
    annotations = (doc.get("metadata") or {}).get("annotations") or {}
    return annotations.get("paved.dev/contact")


def _columns(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The columns of a dataset's contract, when its definition is an ODCS contract."""
    definition = (doc.get("spec") or {}).get("definition")
    if not isinstance(definition, str):
        return []
    import yaml  # only here: owner, consumers and impact answer without YAML

    try:
        contract = yaml.safe_load(definition)
    except yaml.YAMLError:
        return []
    if not isinstance(contract, dict) or contract.get("kind") != "DataContract":
        return []
    schema = contract.get("schema") or [{}]
    from ..contracts.inputs import PINNED_FACTS

    return [
        {key: prop[key] for key in PINNED_FACTS if key in prop}
        for prop in (schema[0].get("properties") or [])
    ]
