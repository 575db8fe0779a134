"""The detail pane of the catalog browser: all the catalog knows about one project,
dataset or team, and links to its neighbours (owner, producer, datasets, consumers).

`gather` asks the core for the facts (run it in a worker: it queries the index);
`EntityDetail` shows them and posts `EntityDetail.Jump` when a link is chosen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...core.catalog.index import CatalogIndex
from ...core.catalog.queries import DatasetRecord, ProjectRecord, TeamRecord
from ...core.catalog.search import entity
from ...core.errors import PortalError

Record = ProjectRecord | DatasetRecord | TeamRecord
LABEL = "$text-muted"
NAME = "bold $text-primary"
# Past these, a list shows its first items and how many more there are.
MAX_LINKS = 60
MAX_MEMBERS = 4


@dataclass
class EntityFacts:
    """One entity with what its detail shows beside it."""

    record: Record
    team: TeamRecord | None = None  # the owning team of a project or dataset
    team_problem: str | None = None  # why the owning team could not be shown
    datasets: list[DatasetRecord] = field(default_factory=list)  # a project's, in full


def gather(index: CatalogIndex, name: str, kind: str) -> EntityFacts:
    """The facts the detail pane shows for `name` of `kind` (project, dataset, api, team)."""
    facts = EntityFacts(record=entity(index, name, kind))
    record = facts.record
    if isinstance(record, ProjectRecord):
        facts.datasets = [entity(index, api.name, "api") for api in record.provides]
    if not isinstance(record, TeamRecord):
        if record.owner is None:
            facts.team_problem = "no owner recorded"
        else:
            try:
                facts.team = entity(index, record.owner, "team")
            except PortalError:
                facts.team_problem = f"{record.owner} is not a team in the catalog"
    return facts


class EntityDetail(Vertical):
    """Facts on top (scrolling), links below: Enter on a link jumps to it."""

    class Jump(Message):
        """The user chose a link: show `name` of `kind` next."""

        def __init__(self, kind: str, name: str) -> None:
            super().__init__()
            self.kind = kind
            self.name = name

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-facts"):
            yield Static(id="detail-body")
        yield Static("Go to", id="detail-links-title", classes="heading")
        yield OptionList(id="detail-links")

    def on_mount(self) -> None:
        self.clear("Select a project or dataset to see its owner and consumers.")

    def clear(self, message: str) -> None:
        self.query_one("#detail-body", Static).update(Content.styled(message, LABEL))
        self._set_links([])

    def show(self, facts: EntityFacts, drift: str) -> None:
        """Show `facts`; `drift` is a project's template drift, in words."""
        record = facts.record
        if isinstance(record, ProjectRecord):
            body = _project(record, facts, drift)
        elif isinstance(record, DatasetRecord):
            body = _dataset(record, facts)
        else:
            body = _team(record)
        self.query_one("#detail-body", Static).update(body)
        self.query_one("#detail-facts", VerticalScroll).scroll_home(animate=False)
        self._set_links(_links(facts))

    def _set_links(self, links: list[tuple[str, str, Content]]) -> None:
        options = self.query_one("#detail-links", OptionList)
        options.clear_options()
        options.add_options(Option(label, id=f"{kind}:{name}") for kind, name, label in links)
        options.display = bool(links)
        self.query_one("#detail-links-title").display = bool(links)
        if links:
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, _, name = (event.option.id or "").partition(":")
        if name:
            self.post_message(self.Jump(kind, name))


def _project(record: ProjectRecord, facts: EntityFacts, drift: str) -> Content:
    lines = [
        Content.styled(record.name, NAME),
        _summary("project", record.golden_path, record.template_version),
    ]
    if record.description:
        lines.append(Content.styled(record.description, LABEL))
    lines += ["", *_owner_lines(facts)]
    lines.append(_fact("Repo", record.repo or "not recorded"))
    lines.append(_fact("Template", f"{record.template_version or 'unknown'} · drift: {drift}"))
    lines += ["", Content.styled(f"Produces ({len(facts.datasets)})", "bold")]
    for dataset in facts.datasets:
        contract = f"contract {dataset.contract_version}" if dataset.contract_version else ""
        lines.append(
            Content.assemble(
                "  ", (dataset.name, "bold"), f"  {dataset.type or ''}  ", (contract, LABEL)
            )
        )
        lines += [Content("    ") + line for line in _columns(dataset)]
        readers = ", ".join(_consumer(consumer) for consumer in dataset.consumers)
        lines.append(Content.assemble("    ", ("consumed by ", LABEL), readers or "nobody yet"))
    if not facts.datasets:
        lines.append(Content.styled("  nothing", LABEL))
    lines += ["", Content.styled(f"Consumes ({len(record.consumes)})", "bold")]
    lines += [Content(f"  {name}") for name in record.consumes] or [
        Content.styled("  nothing", LABEL)
    ]
    return Content("\n").join(lines)


def _dataset(record: DatasetRecord, facts: EntityFacts) -> Content:
    lines = [
        Content.styled(record.name, NAME),
        _summary(
            record.kind, f"contract {record.contract_version}" if record.contract_version else None
        ),
    ]
    if record.description:
        lines.append(Content.styled(record.description, LABEL))
    lines += ["", _fact("Producer", record.producer or "not recorded"), *_owner_lines(facts)]
    lines += ["", Content.styled(f"Columns ({len(record.columns)})", "bold")]
    lines += [Content("  ") + line for line in _columns(record)] or [
        Content.styled("  no contract columns", LABEL)
    ]
    if record.major_change:
        lines.append(_fact("Major", record.major_change))
    lines += ["", Content.styled(f"Consumers ({len(record.consumers)})", "bold")]
    width = max((len(consumer.name) for consumer in record.consumers), default=0)
    for consumer in record.consumers:
        facts = consumer.facts()
        owner = consumer.owner or "no owner"
        lines.append(Content.assemble("  ", consumer.name.ljust(width), "  ", (owner, LABEL)))
        lines += [
            Content.styled(
                f"  {'':{width}}  {fact}", "bold $warning" if "BEHIND" in fact else LABEL
            )
            for fact in facts[1:]
        ]
    if not record.consumers:
        lines.append(Content.styled("  nobody yet", LABEL))
    return Content("\n").join(lines)


def _team(record: TeamRecord) -> Content:
    lines = [
        Content.styled(record.name, NAME),
        _summary("team", record.display_name),
    ]
    if record.description:
        lines.append(Content.styled(record.description, LABEL))
    lines += ["", _fact("Contact", _contact(record))]
    lines += ["", Content.styled(f"Members ({len(record.members)})", "bold")]
    lines += [
        Content.assemble(
            "  ", member.display_name or member.name, (f"  {member.email or member.name}", LABEL)
        )
        for member in record.members
    ] or [Content.styled("  nobody yet", LABEL)]
    lines += ["", Content.styled(f"Projects ({len(record.projects)})", "bold")]
    lines += [Content(f"  {name}") for name in record.projects] or [Content.styled("  none", LABEL)]
    return Content("\n").join(lines)


def _owner_lines(facts: EntityFacts) -> list[Content]:
    team = facts.team
    if team is None:
        return [_fact("Owner", facts.team_problem or "unknown")]
    names = [member.display_name or member.name for member in team.members]
    members = ", ".join(names[:MAX_MEMBERS])
    if len(names) > MAX_MEMBERS:
        members += f" and {len(names) - MAX_MEMBERS} more"
    return [
        _fact("Owner", team.name),
        _fact("Contact", _contact(team)),
        _fact("Members", members or "nobody yet"),
    ]


def _columns(dataset: DatasetRecord) -> list[Content]:
    columns = dataset.columns
    width = max((len(str(column.get("name", ""))) for column in columns), default=0)
    lines = []
    for column in columns:
        kind = column.get("logicalType") or column.get("physicalType") or "?"
        flags = " ".join(flag for flag in ("required", "unique") if column.get(flag))
        lines.append(
            Content.assemble(
                str(column.get("name", "")).ljust(width),
                "  ",
                (str(kind), "italic"),
                (f"  {flags}" if flags else "", LABEL),
            )
        )
    return lines


def _links(facts: EntityFacts) -> list[tuple[str, str, Content]]:
    """(kind, name, label) of each neighbour, once each, in the order they matter."""
    record = facts.record
    links: list[tuple[str, str, Content]] = []
    if isinstance(record, DatasetRecord):
        if record.producer:
            links.append(("project", record.producer, _link("producer", record.producer)))
        if record.owner:
            links.append(("team", record.owner, _link("owner", record.owner)))
        for consumer in record.consumers:
            links.append(
                ("project", consumer.name, _link("consumer", consumer.name, consumer.owner))
            )
            if consumer.owner:
                links.append(("team", consumer.owner, _link("its owner", consumer.owner)))
    elif isinstance(record, ProjectRecord):
        if record.owner:
            links.append(("team", record.owner, _link("owner", record.owner)))
        for dataset in facts.datasets:
            links.append(("api", dataset.name, _link("produces", dataset.name)))
        for name in record.consumes:
            links.append(("api", name, _link("consumes", name)))
        for dataset in facts.datasets:
            for consumer in dataset.consumers:
                links.append(
                    ("project", consumer.name, _link("consumer", consumer.name, consumer.owner))
                )
    else:
        links += [("project", name, _link("project", name)) for name in record.projects]
    unique: dict[str, tuple[str, str, Content]] = {}
    for kind, name, label in links:
        unique.setdefault(f"{kind}:{name}", (kind, name, label))
    return list(unique.values())[:MAX_LINKS]


def _link(role: str, name: str, owner: str | None = None) -> Content:
    return Content.assemble(
        (f"{role:<10}", LABEL), (name, "bold"), (f"  {owner}" if owner else "", LABEL)
    )


def _summary(kind: str, *facts: str | None) -> Content:
    return Content.styled(" · ".join([kind, *(fact for fact in facts if fact)]), LABEL)


def _fact(label: str, value: str) -> Content:
    return Content.assemble((f"{label:<9}", LABEL), value)


def _contact(team: TeamRecord) -> str:
    return " · ".join(part for part in (team.contact, team.email) if part) or "no contact recorded"


def _consumer(consumer) -> str:
    return f"{consumer.name} ({consumer.owner})" if consumer.owner else consumer.name
