"""Typer's parameter coercion, without pydantic where it would change nothing.

Typer (0.29) coerces every parameter value with a pydantic TypeAdapter built the first
time the parameter is processed, even when the value is unset. Importing pydantic and
building the adapters costs more than a catalog lookup itself (90 ms and more of a
300 ms budget). Where pydantic adds nothing, the adapter is not needed:

- a parameter left unset (typer answers None, or () for a list, before coercing);
- a `str` argument or option given a string, with no custom parser: the identity;
- a `Path` option given a string (`--workspace DIR`): pydantic only turns the string
  into a Path, and typer's own path checks (exists, file or folder, readable...) and
  their messages do the rest, run here exactly as typer runs them.

For those, `install` lets typer's runtime parameter skip the adapter; every other
value (lists, numbers, choices, custom parsers) is coerced by typer's own runtime
parameter, built on first need exactly as typer builds it. Parsing, help and errors
stay typer's. On a typer without this machinery, `install` changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Each private part of typer used here, and why; tests/cli/test_coercion.py checks that
# each still exists in the installed typer, so an upgrade that moves one says so there.
INTERNALS = {
    "typer._coercion.RuntimeParam": "the runtime parameter typer coerces values with",
    "typer._coercion.build_runtime_param": "typer's own coercion, built on first need",
    "typer._param_types.coerce_cli_path": "typer's path checks, run as typer runs them",
    "typer._param_types._coerce_path_result": "the Path typer makes of a checked string",
    "typer._param_types.routes_to_path": "whether typer treats a parameter as a path",
    "typer.core._TyperParameter": "the parameter class whose runtime parameter is replaced",
}
# Attributes set on typer's classes: (class, attribute) -> why.
PATCHES = {
    ("typer.core._TyperParameter", "get_runtime_param"): (
        "the runtime parameter that skips pydantic where it changes nothing"
    ),
}


def install() -> None:
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
        from typer._param_types import _coerce_path_result, coerce_cli_path, routes_to_path
        from typer.core import _TyperParameter
    except ImportError:  # another typer: its own coercion, unchanged
        return
    if getattr(_TyperParameter, "_paved_deferred", False):
        return

    @dataclass(frozen=True)
    class DeferredRuntimeParam(RuntimeParam):
        """A string given to a `str` or `Path` parameter without pydantic; typer's
        coercion for everything else."""

        built: list[Any] = field(default_factory=list, compare=False, repr=False)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            info = self.parameter_info
            if type(value) is str and getattr(info, "parser", None) is None:
                if self.annotation is str:
                    return value
                if self._is_path(value) and (not value.strip() or not value.isprintable()):
                    import typer

                    # Path("") is ".", and a newline is rarely meant: refuse, don't guess.
                    raise typer.BadParameter(
                        f"{value!r} is not a usable path (empty, blank or with a control "
                        "character)",
                        ctx=ctx,
                        param=param,
                    )
                if self._is_plain_path(value):
                    # typer's own checks on the string as given (its messages quote it),
                    # then the Path pydantic would have made of it.
                    checked = coerce_cli_path(value, info, path_type=None, param=param, ctx=ctx)
                    return _coerce_path_result(checked, info.path_type or self.annotation)
            if not self.built:
                self.built.append(build_runtime_param(param.type_descriptor))
            return self.built[0]._coerce_value(value, param=param, ctx=ctx)

        def _is_path(self, value: str) -> bool:
            info = self.parameter_info
            path_type = info.path_type or self.annotation
            return (
                isinstance(path_type, type)
                and issubclass(path_type, Path)
                and routes_to_path(self.annotation, info)
            )

        def _is_plain_path(self, value: str) -> bool:
            info = self.parameter_info
            return (
                self._is_path(value)
                and "\0" not in value  # pydantic, not typer, reports that one
                and not (info.file_okay and info.allow_dash)  # "-" is compared as a Path
            )

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            descriptor = self.type_descriptor
            self._runtime_param = DeferredRuntimeParam(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )
        return self._runtime_param

    _TyperParameter.get_runtime_param = get_runtime_param
    _TyperParameter._paved_deferred = True


def not_blank(value: str | None) -> str | None:
    """An option that names something (a version, a ref, a shard): given empty it is
    refused, never read as if it were left out ("the latest")."""
    if value is not None and not value.strip():
        import typer

        raise typer.BadParameter("it is empty; give a value, or leave the option out")
    return value
