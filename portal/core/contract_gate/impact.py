"""Who a contract change touches, from the catalog: the consumers that read what a
breaking change touches, their teams, and everything downstream of them.

A change to a column touches the consumers that read it, those that read every column
(`select *`) and those whose columns read are not known; a change to a table or to the
dataset as a whole (its location) touches every consumer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..catalog.index import CatalogIndex
from ..catalog.queries import ConsumerRecord
from ..contracts.diff import Change


@dataclass
class Affected:
    project: str
    team: str | None
    contact: str | None
    pinned: str | None
    columns: list[str]  # the touched columns it reads ("(dataset)": a change to all)
    changes: list[str]  # the breaking changes that touch it, in words
    reads_known: bool
    downstream: list[ConsumerRecord] = field(default_factory=list)


@dataclass
class Impact:
    known: bool  # False: no catalog, or the dataset is not in it
    reason: str | None = None  # why the impact is not known
    affected: list[Affected] = field(default_factory=list)
    unread: list[Change] = field(default_factory=list)  # breaking, read by nobody known

    @property
    def teams(self) -> list[str]:
        """Every team to tell: the consumers' and those downstream of them."""
        found = {a.team for a in self.affected} | {
            d.owner for a in self.affected for d in a.downstream
        }
        return sorted(team for team in found if team)


def unknown_impact(reason: str) -> Impact:
    return Impact(known=False, reason=reason)


def impact_of(index: CatalogIndex, dataset: str, breaking: list[Change]) -> Impact:
    """The consumers of `dataset` that `breaking` changes touch, with their teams and
    what is downstream of them."""
    if index.entity(dataset, ("API",)) is None:
        return unknown_impact(f"{dataset} is not a dataset in the catalog")
    impact = Impact(known=True)
    touched: dict[str, Affected] = {}
    pins = index.pins(dataset)
    for change in breaking:
        hit = False
        for project, owner, pinned, reads in pins:
            columns = None if reads is None else [c.strip().lower() for c in reads.split(",")]
            column = change.column
            reads_it = column is None or columns is None or "*" in columns
            # A field of an object column (its items, its map's key or value) is read by
            # whoever reads the column.
            if not reads_it and re.split(r"[.\[{]", column)[0].lower() not in columns:
                continue
            hit = True
            entry = touched.setdefault(
                project, Affected(project, owner, None, pinned, [], [], reads is not None)
            )
            shown = column or "(dataset)"
            if shown not in entry.columns:
                entry.columns.append(shown)
            entry.changes.append(change.detail)
        if not hit:
            impact.unread.append(change)
    if not touched:
        return impact
    contacts = index.contacts(sorted({a.team for a in touched.values() if a.team}))
    graph = index.downstream()
    for entry in touched.values():
        entry.contact = contacts.get(entry.team) if entry.team else None
        below: dict[str, ConsumerRecord] = {}
        for published in graph.published_by(entry.project):
            for name, owner, via, depth in graph.walk(published):
                if name not in below or below[name].depth > depth + 1:
                    below[name] = ConsumerRecord(name, owner, via or published, depth + 1)
        below.pop(entry.project, None)
        entry.downstream = sorted(below.values(), key=lambda r: (r.depth, r.name))
    impact.affected = [touched[name] for name in sorted(touched)]
    return impact
