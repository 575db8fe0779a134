"""What a change to a column's own constraints does: its `logicalTypeOptions` (ranges,
lengths, patterns, a vector's shape) and its allowed values (`enum`, ODCS 3.2).

Each function returns (rule of `rules`, words) pairs; an option paved does not know
(a vector's embedding model, say) is words, no promise.
"""

from __future__ import annotations

import operator
from typing import Any

from .bounds import (
    BOTH,
    LOOSENS,
    METADATA,
    SAME,
    TIGHTENS,
    UNKNOWN,
    direction_of,
    flag,
    limit,
    presence,
)

_RANGE = ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum")
_LIMITS = {
    "minLength": False,
    "maxLength": True,
    "minItems": False,
    "maxItems": True,
    "minProperties": False,
    "maxProperties": True,
}
_COMPARISONS = {
    "minimum": operator.ge,
    "exclusiveMinimum": operator.gt,
    "maximum": operator.le,
    "exclusiveMaximum": operator.lt,
}


def _rule(direction: str) -> str:
    return {TIGHTENS: "constraint-tightened", METADATA: "metadata-changed"}.get(
        direction, "constraint-loosened"
    )


def compare_options(
    old: dict[str, Any], new: dict[str, Any], logical_type: str | None
) -> list[tuple[str, str]]:
    """How a column's `logicalTypeOptions` changed, option by option."""
    found: list[tuple[str, str]] = []

    def said(key: str) -> str:
        return f"{key} {_shown(old.get(key))} -> {_shown(new.get(key))}"

    changed = sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))
    ranges = [key for key in changed if key in _RANGE]
    if ranges:
        words = "; ".join(said(key) for key in ranges)
        found.append((_range_direction(old, new, logical_type), words))
    for key in changed:
        if key in _RANGE:
            continue
        if key in _LIMITS:
            found.append((limit(old.get(key), new.get(key), _LIMITS[key]), said(key)))
        elif key in ("pattern", "format", "timezone", "defaultTimezone"):
            found.append((presence(old.get(key), new.get(key)) or UNKNOWN, said(key)))
        elif key == "uniqueItems":
            found.append((flag(old.get(key), new.get(key)), said(key)))
        elif key == "multipleOf":
            found.append((_multiple(old.get(key), new.get(key)), said(key)))
        elif key == "dimensions":
            found.append((presence(old.get(key), new.get(key)) or BOTH, said(key)))
        elif key == "elementType":
            same = (old.get(key) or "float32") == (new.get(key) or "float32")
            found.append((SAME if same else BOTH, said(key)))
        else:
            found.append((METADATA, said(key)))
    return [(_rule(direction), words) for direction, words in found if direction != SAME]


def _range_direction(old: dict[str, Any], new: dict[str, Any], logical_type: str | None) -> str:
    from .bounds import as_number

    sides, bounds, whole = [], [], logical_type in ("integer", "date")
    for options in (old, new):
        tests = []
        for key, compare in _COMPARISONS.items():
            value = options.get(key)
            if value is None or isinstance(value, bool):
                continue
            number = as_number(value)
            if number is None:
                return UNKNOWN
            if key in ("minimum", "maximum") and options.get(f"exclusive{key.title()}") is True:
                compare = operator.gt if key == "minimum" else operator.lt  # ODCS 3.0's flag
            whole = whole or number[1]
            bounds.append(number[0])
            tests.append((compare, number[0]))
        sides.append(tests)
    old_tests, new_tests = sides
    return direction_of(
        lambda value: all(test(value, bound) for test, bound in old_tests),
        lambda value: all(test(value, bound) for test, bound in new_tests),
        bounds,
        whole,
    )


def _multiple(old: Any, new: Any) -> str:
    found = presence(old, new)
    if found is not None:
        return found
    if not all(isinstance(value, int | float) and value for value in (old, new)):
        return UNKNOWN
    if float(new / old).is_integer():
        return TIGHTENS
    return LOOSENS if float(old / new).is_integer() else BOTH


def compare_enum(old: list[Any] | None, new: list[Any] | None) -> list[tuple[str, str]]:
    """How a column's allowed values (`enum`) changed: a value added widens, one
    removed narrows; an entry's id, label or description is words."""
    found = presence(old, new)
    if found == SAME:
        return []
    if found is not None:
        return [(_rule(found), "allowed values (enum) " + ("added" if old is None else "dropped"))]
    before, after = _values(old or []), _values(new or [])
    added = [value for value in after if value not in before]
    removed = [value for value in before if value not in after]
    changes = []
    if added:
        changes.append(("allowed-value-added", f"allows {', '.join(map(_shown, added))}"))
    if removed:
        listed = ", ".join(map(_shown, removed))
        changes.append(("allowed-value-removed", f"no longer allows {listed}"))
    if not changes and old != new:
        changes.append(("metadata-changed", "allowed values' ids, labels or descriptions changed"))
    return changes


def _values(entries: list[Any]) -> list[Any]:
    return [entry.get("value") if isinstance(entry, dict) else entry for entry in entries]


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
