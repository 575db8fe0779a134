"""How a change moves what a contract lets through: the direction of a change.

The data a contract permits is a set: the values a column may hold, the measures a
quality rule passes. A change narrows it (TIGHTENS: the producer emits less, which no
consumer can mind), widens it (LOOSENS: a consumer may now get what it was promised it
would not), does both, or cannot be told apart (UNKNOWN); SAME when it accepts exactly
what it did, whatever the spelling (`>= 1` and `> 0` over counts); METADATA when what
changed bounds nothing (words).

Bounds are compared by what they accept: each side is a conjunction of comparisons, so
the sets can differ only at a bound, between two of them or beyond them all; those few
probe values tell the sets apart (on whole numbers, the integers next to each bound).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from typing import Any

SAME, TIGHTENS, LOOSENS, BOTH, UNKNOWN = "same", "tightens", "loosens", "both", "unknown"
METADATA = "metadata"

Test = Callable[[float], bool]


def direction_of(old: Test, new: Test, bounds: Iterable[float], whole: bool) -> str:
    """How the set `new` accepts differs from the one `old` accepts, both changing
    their answer only at `bounds`; `whole`: the values are integers."""
    points = _probes(sorted(set(bounds)), whole)
    wider = any(new(point) and not old(point) for point in points)
    narrower = any(old(point) and not new(point) for point in points)
    if wider and narrower:
        return BOTH
    return LOOSENS if wider else TIGHTENS if narrower else SAME


def _probes(bounds: list[float], whole: bool) -> list[float]:
    if not bounds:
        return [0.0]
    if whole:
        return sorted(
            {n for bound in bounds for n in range(math.floor(bound) - 1, math.ceil(bound) + 2)}
        )
    between = [(low + high) / 2 for low, high in zip(bounds, bounds[1:], strict=False)]
    return [bounds[0] - 1, *bounds, *between, bounds[-1] + 1]


def flag(old: Any, new: Any) -> str:
    """A constraint that is on or off (off when absent): required, unique..."""
    before, after = bool(old), bool(new)
    return SAME if before == after else TIGHTENS if after else LOOSENS


def presence(old: Any, new: Any) -> str | None:
    """A constraint added narrows, removed widens; None when both sides have one."""
    if old is None and new is None:
        return SAME
    if old is None:
        return TIGHTENS
    return LOOSENS if new is None else None


def limit(old: Any, new: Any, upper: bool) -> str:
    """A lower (`upper` false) or upper limit: a length, a count of items."""
    found = presence(old, new)
    if found is not None:
        return found
    if not all(isinstance(value, int | float) for value in (old, new)):
        return UNKNOWN
    if old == new:
        return SAME
    return LOOSENS if (new > old) == upper else TIGHTENS


# Values a bound is written in: numbers, dates (whole days), timestamps (seconds).


def as_number(value: Any) -> tuple[float, bool] | None:
    """(the value as a number, whether it counts whole units), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value), False
    text = str(value).strip()
    try:
        return float(date.fromisoformat(text).toordinal()), True
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp(), False


# Durations of service levels (freshness): seconds.

_UNITS = (
    (("s", "sec", "secs", "second", "seconds"), 1),
    (("m", "min", "mins", "minute", "minutes"), 60),
    (("h", "hr", "hrs", "hour", "hours"), 3600),
    (("d", "day", "days"), 86400),
    (("w", "wk", "week", "weeks"), 7 * 86400),
    (("mo", "month", "months"), 30 * 86400),
    (("y", "yr", "yrs", "year", "years"), 365 * 86400),
)
_ISO_DURATION = re.compile(
    r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$"
)
_ISO_SECONDS = (365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1)


def duration(value: Any, unit: Any) -> float | None:
    """Seconds of a service level's `value` in `unit` (days by default), or of an
    ISO 8601 duration (`P1DT12H`); None when it cannot be read."""
    if isinstance(value, str) and value.strip().upper().startswith("P"):
        match = _ISO_DURATION.match(value.strip().upper())
        if not match or not any(match.groups()):
            return None
        parts = zip(match.groups(), _ISO_SECONDS, strict=True)
        return float(sum(int(number or 0) * seconds for number, seconds in parts))
    try:
        amount = float(value)
    except (TypeError, ValueError):
        return None
    name = str(unit or "d").strip().lower()
    factor = next((seconds for names, seconds in _UNITS if name in names), None)
    return None if factor is None else amount * factor
