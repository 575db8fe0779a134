"""The changes between two versions of a data contract, each classified by `rules`.

Columns are matched by name within their table (schema object); quality rules by name,
else by their metric (or type) and place. A column removed and one added in the same
place with the same types is reported once, as a rename.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from packaging.version import InvalidVersion, Version

from .rules import RULES, allowed, compare_options, compare_rules, most, type_change

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
        result.changes = _changes(old, new)
    result.needed = most([change.bump for change in result.changes])
    result.done = bump_between(result.old_version, result.new_version)
    return result


def _changes(old: OpenDataContractStandard, new: OpenDataContractStandard) -> list[Change]:
    before, after = _dump(old), _dump(new)
    changes: list[Change] = []
    old_tables, new_tables = _tables(before), _tables(after)
    for name, table in old_tables.items():
        if name not in new_tables:
            changes.append(_change("object-removed", f"table {name} removed", name))
            continue
        changes += _table_changes(name, table, new_tables[name])
    for name in new_tables.keys() - old_tables.keys():
        changes.append(_change("object-added", f"table {name} added", name))
    changes += _server_changes(before.get("servers") or [], after.get("servers") or [])
    for key in sorted((before.keys() | after.keys()) - {"schema", "servers", "version"}):
        if before.get(key) != after.get(key):
            rule = {"description": "description-changed", "tags": "tags-changed"}.get(
                key, "metadata-changed"
            )
            changes.append(_change(rule, f"{key} changed"))
    return changes


def _dump(contract: OpenDataContractStandard) -> dict[str, Any]:
    return contract.model_dump(by_alias=True, exclude_none=True, mode="json")


def _tables(contract: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        str(table.get("name") or f"schema[{number}]"): table
        for number, table in enumerate(contract.get("schema") or [])
    }


def _change(rule: str, detail: str, table: str | None = None, column: str | None = None) -> Change:
    kind = RULES[rule]
    return Change(rule, kind.breaking, kind.bump, detail, table, column)


def _table_changes(name: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    changes = []
    if old.get("physicalName", name) != new.get("physicalName", name):
        changes.append(
            _change(
                "location-changed",
                f"table {name}: physicalName {old.get('physicalName', name)} -> "
                f"{new.get('physicalName', name)}",
                name,
            )
        )
    changes += _columns_changes(name, "", old.get("properties"), new.get("properties"))
    changes += _quality_changes(name, None, old.get("quality"), new.get("quality"))
    for key in sorted(
        (old.keys() | new.keys()) - {"name", "physicalName", "properties", "quality"}
    ):
        if old.get(key) != new.get(key):
            rule = "description-changed" if key == "description" else "metadata-changed"
            rule = "tags-changed" if key == "tags" else rule
            changes.append(_change(rule, f"table {name}: {key} changed", name))
    return changes


def _columns_changes(
    table: str, prefix: str, old: list[dict] | None, new: list[dict] | None
) -> list[Change]:
    """The changes to a table's columns, or (`prefix` "parent.") to an object column's
    fields, named `parent.field`."""
    changes = []
    old_columns = {prefix + column["name"]: column for column in old or []}
    new_columns = {prefix + column["name"]: column for column in new or []}
    removed = [column for column in old_columns if column not in new_columns]
    added = [column for column in new_columns if column not in old_columns]
    old_order, new_order = list(old_columns), list(new_columns)
    for column in removed:
        renamed = _renamed_to(column, old_order, new_order, added, old_columns, new_columns)
        if renamed:
            added.remove(renamed)
            changes.append(
                _change("column-renamed", f"{column} renamed to {renamed}", table, column)
            )
        else:
            changes.append(_change("column-removed", f"{column} removed", table, column))
    for column in added:
        required = " (required)" if new_columns[column].get("required") else ""
        changes.append(_change("column-added", f"{column} added{required}", table, column))
    for column in old_order:
        if column in new_columns:
            changes += _column_changes(table, column, old_columns[column], new_columns[column])
    return changes


def _renamed_to(
    column: str,
    old_order: list[str],
    new_order: list[str],
    added: list[str],
    old_columns: dict[str, dict[str, Any]],
    new_columns: dict[str, dict[str, Any]],
) -> str | None:
    """The added column at `column`'s place with its types, if any: a rename."""
    position = old_order.index(column)
    if position >= len(new_order) or new_order[position] not in added:
        return None
    candidate = new_order[position]
    same = all(
        old_columns[column].get(key) == new_columns[candidate].get(key)
        for key in ("logicalType", "physicalType")
    )
    return candidate if same else None


def _column_changes(
    table: str, column: str, old: dict[str, Any], new: dict[str, Any]
) -> list[Change]:
    changes = []

    def add(rule: str, detail: str) -> None:
        changes.append(_change(rule, f"{column}: {detail}", table, column))

    if old.get("logicalType") != new.get("logicalType"):
        add("type-changed", f"logical type {old.get('logicalType')} -> {new.get('logicalType')}")
    elif old.get("physicalType") != new.get("physicalType"):
        before, after = old.get("physicalType"), new.get("physicalType")
        verdict = (
            type_change(str(before or ""), str(after or "")) if before and after else "changed"
        )
        if verdict != "same":
            rule = "type-widened" if verdict == "widened" else "type-changed"
            add(rule, f"physical type {before} -> {after}")
    for key, dropped, added in (
        ("required", "required-dropped", "required-added"),
        ("unique", "unique-dropped", "unique-added"),
        ("primaryKey", "unique-dropped", "unique-added"),
    ):
        if bool(old.get(key)) and not new.get(key):
            add(dropped, f"no longer {key}")
        elif new.get(key) and not old.get(key):
            add(added, f"now {key}")
    loosened, tightened = compare_options(
        old.get("logicalTypeOptions") or {}, new.get("logicalTypeOptions") or {}
    )
    if loosened:
        add("rule-loosened", f"logicalTypeOptions loosened: {'; '.join(loosened)}")
    elif tightened:
        add("rule-tightened", f"logicalTypeOptions tightened: {'; '.join(tightened)}")
    changes += _quality_changes(table, column, old.get("quality"), new.get("quality"))
    if old.get("properties") or new.get("properties"):
        changes += _columns_changes(
            table, f"{column}.", old.get("properties"), new.get("properties")
        )
    if old.get("items") or new.get("items"):
        changes += _column_changes(
            table, f"{column}[]", old.get("items") or {}, new.get("items") or {}
        )
    compared = {
        "name",
        "logicalType",
        "physicalType",
        "required",
        "unique",
        "primaryKey",
        "quality",
        "logicalTypeOptions",
        "properties",
        "items",
    }
    for key in sorted((old.keys() | new.keys()) - compared):
        if old.get(key) != new.get(key):
            rule = {"description": "description-changed", "tags": "tags-changed"}.get(
                key, "metadata-changed"
            )
            add(rule, f"{key} changed")
    return changes


def _quality_changes(
    table: str, column: str | None, old: list[dict] | None, new: list[dict] | None
) -> list[Change]:
    changes = []
    where = column or f"table {table}"

    def add(rule: str, detail: str) -> None:
        changes.append(_change(rule, f"{where}: {detail}", table, column))

    old_rules, new_rules = _keyed(old or []), _keyed(new or [])
    for key, rule in old_rules.items():
        if key not in new_rules:
            add("rule-removed", f"quality rule {key} removed")
            continue
        other = new_rules[key]
        before, after = allowed(rule), allowed(other)
        gone = [value for value in before or [] if value not in (after or before or [])]
        if gone:
            add("allowed-value-removed", f"allowed values lose {', '.join(map(str, gone))}")
        loosened, tightened = compare_rules(rule, other)
        if loosened:
            add("rule-loosened", f"quality rule {key} loosened: {'; '.join(loosened)}")
        elif tightened:
            add("rule-tightened", f"quality rule {key} tightened: {'; '.join(tightened)}")
        elif _without_values(rule) != _without_values(other):
            add("description-changed", f"quality rule {key}: wording changed")
    for key in new_rules.keys() - old_rules.keys():
        add("rule-added", f"quality rule {key} added")
    return changes


def _without_values(rule: dict[str, Any]) -> dict[str, Any]:
    arguments = {k: v for k, v in (rule.get("arguments") or {}).items() if k != "validValues"}
    return {**rule, "arguments": arguments}


def _keyed(rules: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    keyed: dict[str, dict[str, Any]] = {}
    for rule in rules:
        base = str(rule.get("name") or rule.get("metric") or rule.get("rule") or rule.get("type"))
        key, number = base, 2
        while key in keyed:
            key, number = f"{base}#{number}", number + 1
        keyed[key] = rule
    return keyed


_SERVER_PLACE = (
    "type",
    "location",
    "path",
    "format",
    "database",
    "schema",
    "dataset",
    "table",
    "catalog",
    "project",
    "account",
    "host",
    "port",
    "topic",
    "delimiter",
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
