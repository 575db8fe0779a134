"""The changes between two versions of a data contract, each classified by `rules`.

Tables are matched by name, columns by name within their table (fields of an object
column as `parent.field`, an array's items as `column[]`, a map's key and value as
`column{key}` and `column{value}`), quality rules as `quality` says, relationships by
id, else by the columns they join. A column removed and one added in the same place
with the same types is reported once, as a rename. An element added or removed is one
change: what it holds is not compared.

The walk keeps its own list of what is left to compare (no recursion), so a contract
nested as deep as `source` lets through costs what its columns cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from packaging.version import InvalidVersion, Version

from . import quality
from .bounds import LOOSENS, METADATA, SAME, TIGHTENS, duration, flag
from .constraints import compare_enum, compare_options
from .rules import RULES, most

if TYPE_CHECKING:
    from open_data_contract_standard.model import OpenDataContractStandard


@dataclass
class Change:
    rule: str
    breaking: bool
    bump: str
    detail: str
    table: str | None = None
    column: str | None = None  # None: the change is to the table or the whole dataset


@dataclass
class ContractDiff:
    old_version: str | None  # None: the contract is new
    new_version: str
    changes: list[Change] = field(default_factory=list)
    needed: str = "none"  # the version bump the changes need
    done: str = "none"  # the bump made: none, patch, minor, major, or "down"

    @property
    def breaking(self) -> list[Change]:
        return [change for change in self.changes if change.breaking]


def bump_between(old: str | None, new: str) -> str:
    if old is None:
        return "none"
    try:
        before, after = Version(old), Version(new)
    except InvalidVersion:
        return "none" if old == new else "major"
    if after < before:
        return "down"
    if after.major > before.major:
        return "major"
    if after.minor > before.minor:
        return "minor"
    return "patch" if after > before else "none"


def major_of(version: str | None) -> int | None:
    try:
        return Version(version).major if version else None
    except InvalidVersion:
        return None


def diff_contracts(
    old: OpenDataContractStandard | None, new: OpenDataContractStandard
) -> ContractDiff:
    """Every change from `old` (None: the contract is new) to `new`."""
    result = ContractDiff(old.version if old else None, str(new.version))
    if old is not None:
        result.changes = _changes(_dump(old), _dump(new))
    result.needed = most([change.bump for change in result.changes])
    result.done = bump_between(result.old_version, result.new_version)
    return result


def _dump(contract: OpenDataContractStandard) -> dict[str, Any]:
    return contract.model_dump(by_alias=True, exclude_none=True, mode="json")


def _change(rule: str, detail: str, table: str | None = None, column: str | None = None) -> Change:
    kind = RULES[rule]
    return Change(rule, kind.breaking, kind.bump, detail, table, column)


def _words(key: str) -> str:
    return {"description": "description-changed", "tags": "tags-changed"}.get(
        key, "metadata-changed"
    )


def _changes(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    changes: list[Change] = []
    old_tables, new_tables = _named(before.get("schema")), _named(after.get("schema"))
    for name, table in old_tables.items():
        if name not in new_tables:
            changes.append(_change("object-removed", f"table {name} removed", name))
        else:
            changes += _table_changes(name, table, new_tables[name])
    for name in new_tables.keys() - old_tables.keys():
        changes.append(_change("object-added", f"table {name} added", name))
    changes += _server_changes(before.get("servers") or [], after.get("servers") or [])
    changes += _sla_changes(before.get("slaProperties") or [], after.get("slaProperties") or [])
    skipped = {"schema", "servers", "version", "slaProperties"}
    for key in sorted((before.keys() | after.keys()) - skipped):
        if before.get(key) != after.get(key):
            changes.append(_change(_words(key), f"{key} changed"))
    return changes


def _named(items: list[dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
    return {str(item.get("name") or f"[{n}]"): item for n, item in enumerate(items or [])}


def _table_changes(name: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes = []
    if old.get("physicalName", name) != new.get("physicalName", name):
        moved = f"{old.get('physicalName', name)} -> {new.get('physicalName', name)}"
        changes.append(_change("location-changed", f"table {name}: physicalName {moved}", name))
    changes += _key_changes(name, old.get("properties") or [], new.get("properties") or [])
    changes += _columns(name, old.get("properties"), new.get("properties"))
    changes += _rule_changes(name, None, old.get("quality"), new.get("quality"))
    changes += _relationship_changes(name, None, old, new)
    compared = {"name", "physicalName", "properties", "quality", "relationships"}
    for key in sorted((old.keys() | new.keys()) - compared):
        if old.get(key) != new.get(key):
            changes.append(_change(_words(key), f"table {name}: {key} changed", name))
    return changes


def _key_changes(table: str, old: list[dict], new: list[dict]) -> list[Change]:
    """The primary key as a set of columns: given where there was none narrows; any
    other change (dropped, moved, made composite) is breaking."""
    before = sorted(str(c.get("name")) for c in old if c.get("primaryKey"))
    after = sorted(str(c.get("name")) for c in new if c.get("primaryKey"))
    if before == after:
        return []
    words = f"table {table}: primary key ({', '.join(before) or 'none'}) -> ({', '.join(after)})"
    rule = "primary-key-added" if not before else "primary-key-changed"
    return [_change(rule, words.replace("()", "(none)"), table)]


def _columns(table: str, old: list[dict] | None, new: list[dict] | None) -> list[Change]:
    """Every change to a table's columns, to any depth, walked with a list of what is
    left to compare: (prefix, old columns, new columns) or (name, old, new) for one."""
    changes: list[Change] = []
    pending: list[tuple[str, Any, Any, bool]] = [("", old or [], new or [], True)]
    while pending:
        name, before, after, many = pending.pop()
        if not many and before == after:
            continue
        if not many:
            changes += _column_changes(table, name, before, after, pending)
            continue
        old_columns = {name + str(c["name"]): c for c in before}
        new_columns = {name + str(c["name"]): c for c in after}
        renamed = _renames(old_columns, new_columns)
        for column in old_columns.keys() - new_columns.keys():
            if column in renamed:
                words = f"{column} renamed to {renamed[column]}"
                changes.append(_change("column-renamed", words, table, column))
            else:
                changes.append(_change("column-removed", f"{column} removed", table, column))
        for column in new_columns.keys() - old_columns.keys() - set(renamed.values()):
            required = " (required)" if new_columns[column].get("required") else ""
            words = f"{column} added{required}"
            changes.append(_change("column-added", words, table, column))
        for column in old_columns.keys() & new_columns.keys():
            if old_columns[column] != new_columns[column]:  # most columns do not change
                pending.append((column, old_columns[column], new_columns[column], False))
    order = {rule: number for number, rule in enumerate(RULES)}
    return sorted(changes, key=lambda c: (c.column or "", order[c.rule]))


def _renames(old: dict[str, dict], new: dict[str, dict]) -> dict[str, str]:
    """Old column -> new column: each removed column whose place an added column of
    the same types takes."""
    old_order, new_order = list(old), list(new)
    found = {}
    for place, column in enumerate(old_order):
        if column in new or place >= len(new_order) or new_order[place] in old:
            continue
        candidate = new_order[place]
        types = ("logicalType", "physicalType")
        if all(old[column].get(key) == new[candidate].get(key) for key in types):
            found[column] = candidate
    return found


def _column_changes(
    table: str, column: str, old: dict[str, Any], new: dict[str, Any], pending: list
) -> list[Change]:
    changes = []

    def add(rule: str, detail: str) -> None:
        changes.append(_change(rule, f"{column}: {detail}", table, column))

    leaf = column.rsplit(".", 1)[-1]
    if old.get("physicalName", leaf) != new.get("physicalName", leaf):
        moved = f"{old.get('physicalName', leaf)} -> {new.get('physicalName', leaf)}"
        add("physical-name-changed", f"physicalName {moved}")
    for key, spelled in (("logicalType", _as_is), ("physicalType", _type)):
        was, now = spelled(old.get(key)), spelled(new.get(key))
        if was != now:
            add("type-added" if was is None else "type-changed", f"{key} {was} -> {now}")
    for key, narrower, wider in (
        ("required", "required-added", "required-dropped"),
        ("unique", "unique-added", "unique-dropped"),
    ):
        direction = flag(old.get(key), new.get(key))
        if direction != SAME:
            words = f"{key} {bool(old.get(key))} -> {bool(new.get(key))}".lower()
            add(narrower if direction == TIGHTENS else wider, words)
    options = compare_options(
        old.get("logicalTypeOptions") or {},
        new.get("logicalTypeOptions") or {},
        new.get("logicalType"),
    )
    for rule, words in options + compare_enum(old.get("enum"), new.get("enum")):
        add(rule, words)
    changes += _rule_changes(table, column, old.get("quality"), new.get("quality"))
    changes += _relationship_changes(table, column, old, new)
    if old.get("properties") or new.get("properties"):
        fields = (old.get("properties") or [], new.get("properties") or [])
        pending.append((f"{column}.", *fields, True))
    if old.get("items") or new.get("items"):
        pending.append((f"{column}[]", old.get("items") or {}, new.get("items") or {}, False))
    for side in ("key", "value"):
        was, now = (old.get("map") or {}).get(side), (new.get("map") or {}).get(side)
        if was or now:
            pending.append((f"{column}{{{side}}}", was or {}, now or {}, False))
    for key in sorted((old.keys() | new.keys()) - _COMPARED):
        if old.get(key) != new.get(key):
            add(_words(key), f"{key} changed")
    return changes


_COMPARED = {
    *("name", "physicalName", "logicalType", "physicalType", "required", "unique"),
    *("primaryKey", "primaryKeyPosition", "logicalTypeOptions", "enum", "quality"),
    *("relationships", "properties", "items", "map"),
}


def _type(value: Any) -> str | None:
    """A physical type spelled one way: `decimal(12, 2)` is `DECIMAL(12,2)`."""
    return None if value is None else " ".join(str(value).upper().replace(", ", ",").split())


def _as_is(value: Any) -> str | None:
    return None if value is None else str(value)


def _rule_changes(table: str, column: str | None, old: list | None, new: list | None) -> list:
    where = column or f"table {table}"
    pairs, removed, added = quality.pair(old or [], new or [])
    found = [
        ("rule-removed" if quality.is_guarantee(rule) else "metadata-changed",
         f"quality rule {quality.label(rule)} removed")
        for rule in removed
    ]  # fmt: skip
    for before, after in pairs:
        found += quality.compare(before, after)
    found += [
        ("rule-added" if quality.is_guarantee(rule) else "metadata-changed",
         f"quality rule {quality.label(rule)} added")
        for rule in added
    ]  # fmt: skip
    return [_change(kind, f"{where}: {words}", table, column) for kind, words in found]


def _relationship_changes(
    table: str, column: str | None, old: dict[str, Any], new: dict[str, Any]
) -> list[Change]:
    """Foreign keys: one added narrows, one removed or pointed elsewhere widens; other
    kinds of relationship are words."""
    changes = []
    where = column or f"table {table}"
    before, after = _relationships(old, column), _relationships(new, column)
    for key in before.keys() | after.keys():
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        checked = [(r.get("type") or "foreignKey") == "foreignKey" for r in (was, now) if r]
        if not any(checked):
            rule = "metadata-changed"
        elif was is None or now is None:
            rule = "relationship-added" if was is None else "relationship-removed"
        elif not all(checked):
            rule = "relationship-added" if checked[-1] else "relationship-removed"
        elif (was.get("from"), was.get("to")) != (now.get("from"), now.get("to")):
            rule = "relationship-changed"
        else:
            rule = "metadata-changed"
        verb = "added" if was is None else "removed" if now is None else "changed"
        changes.append(_change(rule, f"{where}: relationship {key} {verb}", table, column))
    return changes


def _relationships(owner: dict[str, Any], column: str | None) -> dict[str, dict[str, Any]]:
    found = {}
    for number, relationship in enumerate(owner.get("relationships") or []):
        ends = [str(relationship.get(end)) for end in ("from", "to") if relationship.get(end)]
        key = relationship.get("id") or (" -> ".join(ends) if ends else f"[{number}]")
        found[str(key)] = relationship
    return found


def _sla_changes(old: list[dict], new: list[dict]) -> list[Change]:
    """Freshness, the service level a consumer waits on: longer, dropped or measured
    elsewhere is breaking, shorter or added narrows; other service levels are words."""
    changes = []
    before = {str(s.get("id") or s.get("property")): s for s in old}
    after = {str(s.get("id") or s.get("property")): s for s in new}
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        if was == now:
            continue
        fresh = "freshness" in {(s or {}).get("property") for s in (was, now)}
        if not fresh:
            changes.append(_change("metadata-changed", f"service level {key} changed"))
            continue
        direction = _freshness(was, now)
        if direction == SAME:
            continue
        rule = {TIGHTENS: "freshness-tightened", METADATA: "metadata-changed"}.get(
            direction, "freshness-loosened"
        )
        shown = [f"{s.get('value')} {s.get('unit') or 'd'}" if s else "none" for s in (was, now)]
        changes.append(_change(rule, f"freshness {shown[0]} -> {shown[1]}"))
    return changes


def _freshness(old: dict | None, new: dict | None) -> str:
    if old is None or new is None:
        return TIGHTENS if old is None else LOOSENS
    if old.get("element") != new.get("element"):
        return LOOSENS
    was = duration(old.get("value"), old.get("unit"))
    now = duration(new.get("value"), new.get("unit"))
    if was is None or now is None:
        moved = (old.get("value"), old.get("unit")) != (new.get("value"), new.get("unit"))
        return LOOSENS if moved else METADATA
    if was == now:
        others = [key for key in old.keys() | new.keys() if key not in ("value", "unit")]
        return METADATA if any(old.get(key) != new.get(key) for key in others) else SAME
    return TIGHTENS if now < was else LOOSENS


_SERVER_PLACE = (
    *("type", "location", "path", "format", "database", "schema", "dataset", "table"),
    *("catalog", "project", "account", "host", "port", "topic", "delimiter"),
)


def _server_changes(old: list[dict], new: list[dict]) -> list[Change]:
    changes = []
    old_servers = {str(s.get("server") or number): s for number, s in enumerate(old)}
    new_servers = {str(s.get("server") or number): s for number, s in enumerate(new)}
    for name, server in old_servers.items():
        other = new_servers.get(name)
        if other is None:
            changes.append(_change("location-changed", f"server {name} removed"))
            continue
        moved = [key for key in _SERVER_PLACE if server.get(key) != other.get(key)]
        if moved:
            detail = ", ".join(f"{key} {server.get(key)} -> {other.get(key)}" for key in moved)
            changes.append(_change("location-changed", f"server {name}: {detail}"))
        elif server != other:
            changes.append(_change("metadata-changed", f"server {name} changed"))
    for name in new_servers.keys() - old_servers.keys():
        changes.append(_change("server-added", f"server {name} added"))
    return changes
