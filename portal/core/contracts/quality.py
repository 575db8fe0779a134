"""What a change to a table's or a column's quality rules does.

Rules are matched across versions by `id`, else `name`, else equal content, else what
they check (their type, metric, query), never by place: naming a rule, renaming it or
moving it is no change. A rule is a promise to consumers only where the runtime checks
it and fails the data on it (a *guarantee*): severity `error` (the default), a library
metric the runtime measures or a SQL query, and a threshold. Changes to a rule that is
no guarantee on either side are words.

Each comparison returns (rule of `rules`, words) pairs.
"""

from __future__ import annotations

from typing import Any

from .bounds import BOTH, LOOSENS, SAME, TIGHTENS, direction_of
from .odcs import standard

METRICS = ("rowCount", "nullValues", "missingValues", "duplicateValues", "invalidValues")
_WARNINGS = ("warning", "warn", "info")
_PERCENT = ("percent", "%", "percentage")
_CHECK = ("type", "metric", "query", "engine", "implementation")
# Arguments a metric reads, and whether a value added to the list counts more bad rows.
_COUNTED = {
    ("invalidValues", "validValues"): False,
    ("missingValues", "missingValues"): True,
    ("duplicateValues", "properties"): False,
}
_WORDS = ("description", "dimension", "businessImpact", "method", "schedule", "scheduler")


def label(rule: dict[str, Any]) -> str:
    return str(rule.get("name") or rule.get("id") or rule.get("metric") or rule.get("type"))


def pair(
    old: list[dict[str, Any]], new: list[dict[str, Any]]
) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """(pairs, removed, added): `old` and `new` rules matched by id, name, content,
    then what they check."""
    left, right = list(old), list(new)
    pairs = []
    for same in (
        lambda a, b: a.get("id") is not None and a.get("id") == b.get("id"),
        lambda a, b: a.get("name") is not None and a.get("name") == b.get("name"),
        lambda a, b: _content(a) == _content(b),
        lambda a, b: all(_checked(a).get(key) == _checked(b).get(key) for key in _CHECK),
    ):
        for rule in list(right):
            match = next((other for other in left if same(other, rule)), None)
            if match is not None:
                pairs.append((match, rule))
                left.remove(match)
                right.remove(rule)
    return pairs, left, right


def is_guarantee(rule: dict[str, Any]) -> bool:
    """Whether the runtime checks `rule` and fails the data on it."""
    if str(rule.get("severity") or "error").strip().lower() in _WARNINGS:
        return False
    if not any(rule.get(key) is not None for key in standard().THRESHOLDS):
        return False
    kind = rule.get("type") or "library"
    if kind == "sql":
        return bool(rule.get("query"))
    if kind != "library":
        return False
    metric = _checked(rule).get("metric")
    arguments = rule.get("arguments") or {}
    if metric == "invalidValues":
        return arguments.get("validValues") is not None or arguments.get("pattern") is not None
    return metric in METRICS


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    """How rule `old` became `new` (a pair from `pair`)."""
    name = label(new)
    if _content(old) == _content(new):
        return []
    promised, promises = is_guarantee(old), is_guarantee(new)
    if not promised and not promises:
        return [("metadata-changed", f"quality rule {name} changed (not a checked promise)")]
    if promised != promises:
        if promises:
            return [("rule-tightened", f"quality rule {name} is now checked")]
        return [("rule-loosened", f"quality rule {name} is no longer checked")]
    found = _measure_changes(old, new, name)
    if not found:
        found = _threshold_change(old, new, name)
    words = [key for key in _WORDS if old.get(key) != new.get(key)]
    if "description" in words:
        found.append(("description-changed", f"quality rule {name}: description changed"))
    if [key for key in words if key != "description"] or old.get("tags") != new.get("tags"):
        found.append(("metadata-changed", f"quality rule {name}: its metadata changed"))
    return found


def _measure_changes(old: dict[str, Any], new: dict[str, Any], name: str) -> list[tuple[str, str]]:
    """What changed in what the rule measures: its check, its unit, its arguments."""
    before, after = _checked(old), _checked(new)
    if before.get("metric") != after.get("metric") and {
        before.get("metric"),
        after.get("metric"),
    } == {"nullValues", "missingValues"}:
        more = after.get("metric") == "missingValues"
        words = f"quality rule {name}: metric {before.get('metric')} -> {after.get('metric')}"
        return [_counted(new, more, words)]
    changed = [key for key in _CHECK if before.get(key) != after.get(key)]
    if changed or _percent(old) != _percent(new):
        what = ", ".join(changed) or "unit"
        return [("rule-loosened", f"quality rule {name}: {what} changed (paved cannot tell how)")]
    found = []
    old_arguments, new_arguments = old.get("arguments") or {}, new.get("arguments") or {}
    for key in sorted(old_arguments.keys() | new_arguments.keys()):
        was, now = old_arguments.get(key), new_arguments.get(key)
        if was == now:
            continue
        counted = _COUNTED.get((after.get("metric"), key))
        if counted is None or not isinstance(was, list) or not isinstance(now, list):
            found.append(("rule-loosened", f"quality rule {name}: {key} changed"))
            continue
        added = [value for value in now if value not in was]
        removed = [value for value in was if value not in now]
        for values, more in ((added, counted), (removed, not counted)):
            if values:
                verb = "adds" if values is added else "removes"
                listed = ", ".join(map(str, values))
                words = f"quality rule {name}: {key} {verb} {listed}"
                found.append(_counted(new, more, words, allowed=key == "validValues"))
    return found


def _counted(
    rule: dict[str, Any], more: bool, words: str, allowed: bool = False
) -> tuple[str, str]:
    """A change that makes the rule count more (or fewer) bad rows, by its threshold;
    `allowed`: the change is to its allowed values."""
    tests = _tests(rule)
    bounds = [0.0] + [b for _, value in tests for b in _numbers(value)]
    points = sorted({n for b in bounds for n in range(int(b) - 1, int(b) + 2) if n >= 0})
    accepted = [all(test(p, value) for test, value in tests) for p in points]
    if all(accepted) or not any(accepted):
        return ("metadata-changed", words)
    if accepted == sorted(accepted, reverse=True):  # passes up to a limit
        direction = TIGHTENS if more else LOOSENS
    elif accepted == sorted(accepted):
        direction = LOOSENS if more else TIGHTENS
    else:
        direction = BOTH
    if allowed and direction in (TIGHTENS, LOOSENS):
        return ("allowed-value-added" if direction == LOOSENS else "allowed-value-removed", words)
    return ("rule-tightened" if direction == TIGHTENS else "rule-loosened", words)


def _threshold_change(old: dict[str, Any], new: dict[str, Any], name: str) -> list[tuple[str, str]]:
    before, after = _tests(old), _tests(new)
    bounds = [b for _, value in before + after for b in _numbers(value)]
    if any(not _numbers(value) for _, value in before + after):
        direction = LOOSENS if before != after else SAME
    else:
        whole = not _percent(new) and (new.get("type") or "library") == "library"
        direction = direction_of(
            lambda value: all(test(value, bound) for test, bound in before),
            lambda value: all(test(value, bound) for test, bound in after),
            bounds,
            whole,
        )
    if direction == SAME:
        return []
    words = "; ".join(
        f"{key} {old.get(key, '(none)')} -> {new.get(key, '(none)')}"
        for key in standard().THRESHOLDS
        if old.get(key) != new.get(key)
    )
    rule = "rule-tightened" if direction == TIGHTENS else "rule-loosened"
    return [(rule, f"quality rule {name}: {words}")]


def _tests(rule: dict[str, Any]) -> list[tuple[Any, Any]]:
    thresholds = standard().THRESHOLDS
    return [(test, rule[key]) for key, test in thresholds.items() if rule.get(key) is not None]


def _numbers(value: Any) -> list[float]:
    values = value if isinstance(value, list) else [value]
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    return [float(v) for v in numbers] if len(numbers) == len(values) else []


def _checked(rule: dict[str, Any]) -> dict[str, Any]:
    """What a rule checks: its type (library by default) and metric (`rule`, ODCS 3.0's
    name for it, read as the metric)."""
    return {
        **{key: rule.get(key) for key in _CHECK},
        "type": rule.get("type") or "library",
        "metric": rule.get("metric") or rule.get("rule"),
    }


def _percent(rule: dict[str, Any]) -> bool:
    return str(rule.get("unit") or "rows").strip().lower() in _PERCENT


def _content(rule: dict[str, Any]) -> dict[str, Any]:
    """A rule as what it says, not what it is called: no id or name, its check and
    unit spelled one way."""
    content = {key: value for key, value in rule.items() if key not in ("id", "name", "rule")}
    content.update(_checked(rule))
    content["unit"] = "percent" if _percent(rule) else "rows"
    content["severity"] = str(rule.get("severity") or "error").strip().lower()
    return content
