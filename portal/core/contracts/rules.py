"""What each kind of change to a data contract is: breaking or not, and the version
bump it needs. docs/contracts.md has a line per rule (a test keeps them in step).

Classes are drawn from the consumer's point of view, as the ecosystem draws them
(datacontract-cli's `breaking`, consumer perspective): a change that narrows what the
producer may emit (a column added, a value no longer allowed, a bound raised, a
shorter freshness) breaks no consumer, and is a minor version; one that widens it or
changes its meaning (a column or table removed or moved, a type changed, even widened,
a value newly allowed, a bound relaxed, the primary key changed, a relationship
dropped, a longer freshness) is breaking, a major version. A change paved cannot tell
the direction of (a new pattern, a rewritten SQL check) counts as breaking. Words
(descriptions, tags, other metadata) are a patch.
"""

from __future__ import annotations

from dataclasses import dataclass

BUMPS = ("none", "patch", "minor", "major")


@dataclass(frozen=True)
class Rule:
    name: str
    breaking: bool
    bump: str
    summary: str


def _breaking(name: str, summary: str) -> Rule:
    return Rule(name, True, "major", summary)


def _narrowing(name: str, summary: str) -> Rule:
    return Rule(name, False, "minor", summary)


def _words(name: str, summary: str) -> Rule:
    return Rule(name, False, "patch", summary)


RULES = {
    rule.name: rule
    for rule in (
        _breaking("object-removed", "a table (schema object) removed"),
        _breaking("column-removed", "a column removed"),
        _breaking(
            "column-renamed",
            "a column renamed: one removed and one of the same types added in its place",
        ),
        _breaking(
            "type-changed",
            "a column's logical or physical type changed or dropped, widened included "
            "(INTEGER to BIGINT: a consumer's INTEGER no longer holds every value)",
        ),
        _breaking("physical-name-changed", "a column's physicalName changed"),
        _breaking("required-dropped", "a required column no longer required"),
        _breaking("unique-dropped", "a unique column no longer unique"),
        _breaking(
            "primary-key-changed",
            "the primary key dropped, moved to other columns, made composite or given "
            "another column",
        ),
        _breaking("relationship-removed", "a relationship (foreign key) removed"),
        _breaking("relationship-changed", "a relationship's columns changed"),
        _breaking(
            "allowed-value-added",
            "a value newly allowed: added to a column's `enum`, or to an `invalidValues` "
            "rule's `validValues`",
        ),
        _breaking(
            "constraint-loosened",
            "a column's logicalTypeOptions or allowed values loosened: a bound relaxed or "
            "dropped, a length or count raised, a pattern or format dropped or changed, "
            "a vector's shape changed, `enum` dropped",
        ),
        _breaking(
            "rule-loosened",
            "a quality rule loosened: its threshold relaxed (or moved both ways), its "
            "severity lowered to a warning, or its query, metric, unit or arguments "
            "changed where paved cannot tell it is no looser",
        ),
        _breaking("rule-removed", "a quality rule the runtime checks removed"),
        _breaking(
            "freshness-loosened",
            "a longer freshness service level, one dropped, or measured on another column",
        ),
        _breaking(
            "location-changed",
            "the dataset's physical location changed: a table's physicalName, or a "
            "server's type, location, path, format, database, schema, dataset or table; "
            "a server removed",
        ),
        _narrowing("object-added", "a table (schema object) added"),
        _narrowing(
            "column-added",
            "a column added (optional or required: consumers read, they do not write)",
        ),
        _narrowing("type-added", "a type given to a column that had none"),
        _narrowing("required-added", "a column became required"),
        _narrowing("unique-added", "a column became unique"),
        _narrowing("primary-key-added", "a primary key given to a table that had none"),
        _narrowing("relationship-added", "a relationship (foreign key) added"),
        _narrowing(
            "allowed-value-removed",
            "a value no longer allowed: removed from `enum` or from `validValues`",
        ),
        _narrowing(
            "constraint-tightened",
            "a column's logicalTypeOptions or allowed values tightened: a bound raised, "
            "made exclusive or added, a length narrowed, a pattern added, `enum` added",
        ),
        _narrowing(
            "rule-tightened",
            "a quality rule tightened: its threshold narrowed, its severity raised to "
            "an error, or it counts more rows as bad",
        ),
        _narrowing("rule-added", "a quality rule the runtime checks added"),
        _narrowing("freshness-tightened", "a shorter freshness service level, or one added"),
        _narrowing("server-added", "a server added"),
        _words("description-changed", "a description changed"),
        _words("tags-changed", "tags changed"),
        _words(
            "metadata-changed",
            "any other field changed: status, team, support, other service levels, "
            "examples, quality rules the runtime does not check...",
        ),
    )
}


def most(bumps: list[str]) -> str:
    """The largest of `bumps` ("none" when there is none)."""
    return max(bumps, key=BUMPS.index, default="none")
