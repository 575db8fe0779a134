"""What each kind of change to a data contract is: breaking or not, and the version
bump it needs. docs/contracts.md has a line per rule (a test keeps them in step).

A contract protects its consumers: what a consumer may rely on (a column, its type,
that it is required or unique, its allowed values, the quality rules, where the data
lives) can only be taken away in a new major version. Adding what nobody relied on
yet is a minor version; words (descriptions, tags, other metadata) are a patch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BUMPS = ("none", "patch", "minor", "major")


@dataclass(frozen=True)
class Rule:
    name: str
    breaking: bool
    bump: str
    summary: str


RULES = {
    rule.name: rule
    for rule in (
        Rule("object-removed", True, "major", "a table (schema object) removed"),
        Rule("column-removed", True, "major", "a column removed"),
        Rule(
            "column-renamed",
            True,
            "major",
            "a column renamed: one removed and one of the same type added in its place",
        ),
        Rule(
            "type-changed",
            True,
            "major",
            "a column's logical type changed, or its physical type changed to one that "
            "does not hold every value of the old one",
        ),
        Rule("required-dropped", True, "major", "a required column no longer required"),
        Rule("unique-dropped", True, "major", "a unique column or primary key no longer so"),
        Rule(
            "allowed-value-removed",
            True,
            "major",
            "a value removed from a column's allowed values (`validValues`)",
        ),
        Rule(
            "rule-loosened",
            True,
            "major",
            "a quality rule or a column's logicalTypeOptions loosened: a bound relaxed or "
            "dropped, an allowed value added, its severity lowered, or its query, "
            "threshold, format or pattern changed (paved cannot tell those are no looser)",
        ),
        Rule("rule-removed", True, "major", "a quality rule removed"),
        Rule(
            "location-changed",
            True,
            "major",
            "the dataset's physical location changed: a table's physicalName, or a "
            "server's type, location, path, format, database, schema, dataset or table",
        ),
        Rule("object-added", False, "minor", "a table (schema object) added"),
        Rule(
            "column-added",
            False,
            "minor",
            "a column added (optional or required: consumers read, they do not write)",
        ),
        Rule(
            "type-widened",
            False,
            "minor",
            "a column's physical type widened: INTEGER to BIGINT, FLOAT to DOUBLE, a "
            "longer VARCHAR, a DECIMAL with more digits on both sides of the point",
        ),
        Rule("required-added", False, "minor", "a column became required"),
        Rule("unique-added", False, "minor", "a column became unique"),
        Rule(
            "rule-tightened",
            False,
            "minor",
            "a quality rule or a column's logicalTypeOptions tightened: a bound narrowed "
            "or added, its severity raised",
        ),
        Rule("rule-added", False, "minor", "a quality rule added"),
        Rule("server-added", False, "minor", "a server added"),
        Rule("description-changed", False, "patch", "a description changed"),
        Rule("tags-changed", False, "patch", "tags changed"),
        Rule(
            "metadata-changed",
            False,
            "patch",
            "any other field changed: status, team, support, SLA, examples...",
        ),
    )
}


def most(bumps: list[str]) -> str:
    """The largest of `bumps` ("none" when there is none)."""
    return max(bumps, key=BUMPS.index, default="none")


# Physical types -----------------------------------------------------------------

_INTEGER_BYTES = {"TINYINT": 1, "SMALLINT": 2, "INT": 4, "BIGINT": 8, "INT128": 16}
_INTEGER_DIGITS = {1: 3, 2: 5, 4: 10, 8: 19, 16: 39}
_FLOAT_BYTES = {"FLOAT": 4, "DOUBLE": 8}
_TEXT = {"VARCHAR", "TEXT", "CHAR", "NCHAR", "NVARCHAR"}


def type_change(old: str, new: str) -> str:
    """ "same", "widened" or "changed": whether physical type `new` holds every value
    of `old`, both read as DuckDB types with sqlglot."""
    before, after = _parse_type(old), _parse_type(new)
    if before is None or after is None:
        return "same" if old.strip().upper() == new.strip().upper() else "changed"
    if before == after:
        return "same"
    (old_kind, old_size), (new_kind, new_size) = before, after
    if old_kind == "integer" and new_kind == "integer":
        return "widened" if new_size[0] >= old_size[0] else "changed"
    if old_kind == "float" and new_kind == "float":
        return "widened" if new_size[0] >= old_size[0] else "changed"
    if old_kind == "integer" and new_kind == "float":
        return "widened" if old_size[0] <= 4 and new_size[0] == 8 else "changed"
    if old_kind == "integer" and new_kind == "decimal":
        return "widened" if new_size[0] - new_size[1] >= _INTEGER_DIGITS[old_size[0]] else "changed"
    if old_kind == "decimal" and new_kind == "decimal":
        (precision, scale), (new_precision, new_scale) = old_size, new_size
        wider = new_scale >= scale and new_precision - new_scale >= precision - scale
        return "widened" if wider else "changed"
    if old_kind == "text" and new_kind == "text":
        unbounded = new_size[0] is None
        return "widened" if unbounded or (old_size[0] or 0) <= new_size[0] else "changed"
    return "changed"


def _parse_type(text: str) -> tuple[str, tuple[Any, ...]] | None:
    from sqlglot import exp
    from sqlglot.errors import ParseError

    try:
        data_type = exp.DataType.build(text, dialect="duckdb")
    except (ParseError, ValueError):
        return None
    name = data_type.this.name
    sizes = [int(param.name) for param in data_type.expressions if param.name.isdigit()]
    if name in _INTEGER_BYTES:
        return "integer", (_INTEGER_BYTES[name],)
    if name in _FLOAT_BYTES:
        return "float", (_FLOAT_BYTES[name],)
    if name == "DECIMAL":
        precision = sizes[0] if sizes else 18
        return "decimal", (precision, sizes[1] if len(sizes) > 1 else (0 if sizes else 3))
    if name in _TEXT:
        return "text", (sizes[0] if sizes else None,)
    return name.lower(), tuple(sizes)


# Quality rules ------------------------------------------------------------------

_LOWER_BOUNDS = ("mustBeGreaterThan", "mustBeGreaterOrEqualTo")
_UPPER_BOUNDS = ("mustBeLessThan", "mustBeLessOrEqualTo")
_SEVERITY = {"info": 0, "warning": 1, "error": 2}


def compare_rules(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(loosened, tightened): how quality rule `new` differs from `old`, in words.
    Allowed values removed are left to `allowed_values`."""
    loosened: list[str] = []
    tightened: list[str] = []
    for key in _LOWER_BOUNDS + _UPPER_BOUNDS:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if after is None:
            loosened.append(f"{key} {before} dropped")
        elif before is None:
            tightened.append(f"{key} {after} added")
        elif (after > before) == (key in _LOWER_BOUNDS):
            tightened.append(f"{key} {before} -> {after}")
        else:
            loosened.append(f"{key} {before} -> {after}")
    for key, narrower in (("mustBeBetween", True), ("mustNotBeBetween", False)):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if after is None:
            loosened.append(f"{key} {before} dropped")
        elif before is None:
            tightened.append(f"{key} {after} added")
        else:
            inside = after[0] >= before[0] and after[1] <= before[1]
            outside = after[0] <= before[0] and after[1] >= before[1]
            (tightened if (inside if narrower else outside) else loosened).append(
                f"{key} {before} -> {after}"
            )
    for key in ("mustBe", "mustNotBe", "query", "metric", "rule", "type", "unit"):
        if old.get(key) != new.get(key):
            loosened.append(f"{key} {old.get(key)!r} -> {new.get(key)!r}")
    old_arguments = {k: v for k, v in (old.get("arguments") or {}).items() if k != "validValues"}
    new_arguments = {k: v for k, v in (new.get("arguments") or {}).items() if k != "validValues"}
    if old_arguments != new_arguments:
        loosened.append(f"arguments {old_arguments} -> {new_arguments}")
    added = [v for v in allowed(new) or [] if v not in (allowed(old) or [])]
    if added and allowed(old) is not None:
        loosened.append(f"allows {', '.join(map(str, added))}")
    elif allowed(old) is not None and allowed(new) is None:
        loosened.append("allowed values dropped")
    severity_before = _SEVERITY.get(str(old.get("severity", "error")), 2)
    severity_after = _SEVERITY.get(str(new.get("severity", "error")), 2)
    if severity_after < severity_before:
        loosened.append(f"severity {old.get('severity')} -> {new.get('severity')}")
    elif severity_after > severity_before:
        tightened.append(f"severity {old.get('severity')} -> {new.get('severity')}")
    return loosened, tightened


def allowed(rule: dict[str, Any]) -> list[Any] | None:
    """The allowed values of an `invalidValues` rule, else None."""
    values = (rule.get("arguments") or {}).get("validValues")
    return list(values) if isinstance(values, list) else None


# Logical type options --------------------------------------------------------------

_OPTION_UPPER = ("maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties")
_OPTION_LOWER = ("minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties")


def compare_options(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(loosened, tightened): how a column's `logicalTypeOptions` changed. A bound
    raised (an upper one) or lowered (a lower one) or dropped loosens; any other option
    changed (format, pattern...) counts as loosened: paved cannot tell it is not."""
    loosened: list[str] = []
    tightened: list[str] = []
    for key in sorted(old.keys() | new.keys()):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        text = f"{key} {before} -> {after}"
        numbers = all(isinstance(v, int | float) for v in (before, after))
        if key in _OPTION_UPPER + _OPTION_LOWER and (after is None or before is None or numbers):
            wider = after is None or (
                before is not None and (after > before) == (key in _OPTION_UPPER)
            )
            (loosened if wider else tightened).append(text)
        else:
            loosened.append(text)
    return loosened, tightened
