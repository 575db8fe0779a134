"""Reading an ODCS v3 data contract into the standard's own pydantic models.

Every v3 version the models read (`apiVersion` v3.0.0 to v3.2.0) is validated against
the JSON schema of its own version, or a later one's (the standard's own examples use
fields of a later minor than they declare), then read as the current models. A
contract that is not YAML, not a mapping, not an ODCS v3 `DataContract`, that does not
validate, or that has a column twice in one table is a `ContractError` naming the file,
the line and the field, and quoting the file's own text.

The versions, their schemas and the check are the runtime's (`paved_runtime.
odcs_standard`), read from paved's embedded copy of the runtime: the platform's check
and the data checks of generated repos accept the same contracts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..errors import ContractError
from .source import HINT, Source, load

if TYPE_CHECKING:
    from open_data_contract_standard.model import OpenDataContractStandard

__all__ = ["ContractError", "parse_contract", "read_contract", "standard"]

# How each kind of schema error reads; the others quote the file and say it does not
# match what the standard allows there.
_RANK = ("Required", "Type", "Enum", "Constant", "AdditionalProperties", "Format", "Pattern")


def read_contract(path: Path) -> OpenDataContractStandard:
    """The contract in `path`; errors name `path`."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        raise ContractError(f"{path}: cannot be read: {reason}", HINT) from None
    return parse_contract(text, str(path))


def parse_contract(text: str, where: str) -> OpenDataContractStandard:
    """The contract in `text`, read from `where` (a path, or `REF:path`)."""
    source = Source(text, where)
    document = load(source)
    if not isinstance(document, dict):
        raise ContractError(f"{where}: not a data contract (a YAML mapping)", HINT)
    kind, api_version = document.get("kind"), document.get("apiVersion")
    known = standard().VERSIONS
    if kind != "DataContract" or not str(api_version or "").startswith("v3."):
        shown = source.quote(["kind"] if kind != "DataContract" else ["apiVersion"])
        raise ContractError(
            f"{where}: not an ODCS v3 data contract ({shown or 'no kind or apiVersion'})",
            "an ODCS contract has `kind: DataContract` and `apiVersion: v3.x.y`",
        )
    if api_version not in known:
        raise source.fail(
            ["apiVersion"],
            f"{source.quote(['apiVersion'])}: paved reads ODCS {', '.join(known)}",
            "declare one of them, or upgrade paved for a newer one",
        )
    if not document.get("version"):
        raise ContractError(f"{where}: field 'version' is missing", "give the contract a version")
    _check_schema(source, document)
    _check_column_names(source, document)
    return _models(source, document)


@cache
def standard() -> ModuleType:
    """`paved_runtime.odcs_standard`, from paved's embedded copy of the runtime."""
    import importlib.util

    from ..embedded import embedded_folder

    path = Path(embedded_folder(), "runtime", "src", "paved_runtime", "odcs_standard.py")
    spec = importlib.util.spec_from_file_location("portal.core.contracts._odcs_standard", path)
    if spec is None or spec.loader is None:  # pragma: no cover - a broken install
        raise ContractError(f"{path} is missing: paved cannot read contracts", "reinstall paved")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check_schema(source: Source, document: dict[str, Any]) -> None:
    """Validate `document` against its version's JSON schema (or a later one's); the
    most telling error names the field and its line."""
    errors = standard().schema_errors(document)
    if not errors:
        return
    error = max(_with_branches(errors), key=_telling)
    path = list(error.instance_path)
    kind = type(error.kind).__name__
    if kind in ("AdditionalProperties", "UnevaluatedProperties"):
        unexpected = [str(name) for name in error.kind.unexpected]
        raise source.fail(
            [*path, unexpected[0]],
            f"{source.quote([*path, unexpected[0]])}: {', '.join(unexpected)} is not a field "
            f"ODCS {document['apiVersion']} has here",
        )
    if kind == "Required":
        raise source.fail(path, f"{error.kind.property} is missing")
    quoted = source.quote(path) or "this value"
    if kind == "Type":
        raise source.fail(path, f"{quoted}: not {_article(error.kind.types)}")
    if kind == "Enum":
        options = ", ".join(str(option) for option in error.kind.options)
        raise source.fail(path, f"{quoted}: not one of {options}")
    raise source.fail(path, f"{quoted}: not what the standard allows here ({kind})")


def _with_branches(errors: list[Any]) -> list[Any]:
    """`errors` and, for a oneOf or anyOf that failed, the errors of each branch."""
    found, pending = [], list(errors)
    while pending:
        error = pending.pop()
        found.append(error)
        for branch in getattr(error.kind, "context", None) or []:
            pending.extend(branch)
    return found


def _telling(error: Any) -> tuple[int, int]:
    """Deepest first; then the kinds that say most (a oneOf's failure says little)."""
    kind = type(error.kind).__name__
    rank = len(_RANK) - _RANK.index(kind) if kind in _RANK else 0
    return len(list(error.instance_path)), rank


def _article(types: Any) -> str:
    names = [str(getattr(kind, "name", kind)).lower() for kind in types]
    words = {"object": "mapping", "array": "list"}
    shown = " or ".join(words.get(name, name) for name in names)
    return f"an {shown}" if shown[:1] in "aeiou" else f"a {shown}"


def _check_column_names(source: Source, document: dict[str, Any]) -> None:
    """Refuse a name given to two columns (or two fields of one object column)."""
    pending: list[tuple[Any, list[Any]]] = [
        (table, ["schema", number]) for number, table in enumerate(document.get("schema") or [])
    ]
    while pending:
        owner, path = pending.pop()
        if not isinstance(owner, dict):
            continue
        seen: dict[str, int] = {}
        for number, column in enumerate(owner.get("properties") or []):
            name = str(column.get("name"))
            if name in seen:
                lines = source.lines_of_items([*path, "properties"], "name", name)
                where = f"lines {lines[0]} and {lines[1]}" if len(lines) > 1 else "twice"
                owner_name = f"{'table' if len(path) == 2 else 'column'} {owner.get('name')}"
                raise source.fail(
                    [*path, "properties", number],
                    f"column {name!r} is named twice in {owner_name} ({where})",
                    "give each column of a table its own name",
                )
            seen[name] = number
            pending.append((column, [*path, "properties", number]))
        for key in ("items",):
            if isinstance(owner.get(key), dict):
                pending.append((owner[key], [*path, key]))
        for side in ("key", "value"):
            if isinstance((owner.get("map") or {}).get(side), dict):
                pending.append((owner["map"][side], [*path, "map", side]))


def _models(source: Source, document: dict[str, Any]) -> OpenDataContractStandard:
    from open_data_contract_standard.model import OpenDataContractStandard
    from pydantic import ValidationError

    try:
        return OpenDataContractStandard.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        location = [
            "schema" if part == "schema_" else part
            for part in first["loc"]
            if part not in ("list[SchemaProperty]", "Team", "list[TeamMember]")
        ]
        raise source.fail(location, str(first["msg"]).lower()) from None
