"""Typer's parameter coercion, without pydantic where it would change nothing.

Typer (0.29) coerces every parameter value with a pydantic TypeAdapter built the first
time the parameter is processed, even when the value is unset. Importing pydantic and
building the adapters costs more than a catalog lookup itself (about 90 ms of a
300 ms budget). Where that coercion is the identity, the adapter is not needed:

- a parameter left unset (typer answers None, or () for a list, before coercing);
- a `str` argument or option given a string, with no custom parser.

For those, `install` lets typer's runtime parameter skip the adapter; every other
value (paths, lists, numbers, choices, custom parsers) is coerced by typer's own
runtime parameter, built on first need exactly as typer builds it. Parsing, help,
validation and error messages stay typer's. On a typer without this machinery,
`install` changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def install() -> None:
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
        from typer.core import _TyperParameter
    except ImportError:  # another typer: its own coercion, unchanged
        return
    if getattr(_TyperParameter, "_paved_deferred", False):
        return

    @dataclass(frozen=True)
    class DeferredRuntimeParam(RuntimeParam):
        """Identity for a string given to a `str` parameter; typer's coercion otherwise."""

        built: list[Any] = field(default_factory=list, compare=False, repr=False)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if (
                self.annotation is str
                and type(value) is str
                and getattr(self.parameter_info, "parser", None) is None
            ):
                return value
            if not self.built:
                self.built.append(build_runtime_param(param.type_descriptor))
            return self.built[0]._coerce_value(value, param=param, ctx=ctx)

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            descriptor = self.type_descriptor
            self._runtime_param = DeferredRuntimeParam(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )
        return self._runtime_param

    _TyperParameter.get_runtime_param = get_runtime_param
    _TyperParameter._paved_deferred = True
