"""Checking that the private parts of a dependency paved relies on still exist."""

from __future__ import annotations

import importlib
from importlib.metadata import version
from typing import Any


def resolve(dotted: str) -> Any:
    """The object a dotted name names, or an AssertionError that says what moved."""
    module_name, _, name = dotted.rpartition(".")
    distribution = dotted.split(".")[0]
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        raise AssertionError(
            f"{distribution} {version(distribution)} has no module {module_name}"
        ) from None
    if not hasattr(module, name):
        raise AssertionError(f"{distribution} {version(distribution)} has no {dotted}")
    return getattr(module, name)
