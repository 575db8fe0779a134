"""Reading an ODCS v3 data contract into the standard's own pydantic models.

A contract that is not YAML, not a mapping, not an ODCS v3 `DataContract` or that
does not validate is a `ContractError` naming the file, the line and the field.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MalformedFileError

if TYPE_CHECKING:
    from open_data_contract_standard.model import OpenDataContractStandard


class ContractError(MalformedFileError):
    """A data contract file is not a valid ODCS v3 contract."""


_HINT = "fix the contract (ODCS v3: https://bitol-io.github.io/open-data-contract-standard/)"


def read_contract(path: Path) -> OpenDataContractStandard:
    """The contract in `path`; errors name `path`."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContractError(f"{path}: cannot be read: {error}", _HINT) from None
    return parse_contract(text, str(path))


def parse_contract(text: str, where: str) -> OpenDataContractStandard:
    """The contract in `text`, read from `where` (a path, or `REF:path`)."""
    from pydantic import ValidationError
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        document = YAML(typ="rt", pure=True).load(text)
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}:" if mark else ""
        raise ContractError(f"{where}:{line} not valid YAML", _HINT) from None
    if not isinstance(document, dict):
        raise ContractError(f"{where}: not a data contract (a YAML mapping)", _HINT)
    kind, api_version = document.get("kind"), str(document.get("apiVersion", ""))
    if kind != "DataContract" or not api_version.startswith("v3."):
        raise ContractError(
            f"{where}: not an ODCS v3 data contract "
            f"(kind {kind!r}, apiVersion {api_version or 'missing'!r})",
            "an ODCS contract has `kind: DataContract` and `apiVersion: v3.x.y`",
        )
    if not document.get("version"):
        raise ContractError(f"{where}: field 'version' is missing", "give the contract a version")
    _check_schema(document, where)
    from open_data_contract_standard.model import OpenDataContractStandard

    try:
        contract = OpenDataContractStandard.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        location = list(first["loc"])
        field = _field_path(location)
        line = _line_of(document, location)
        raise ContractError(
            f"{where}:{f' line {line}:' if line else ''} field {field!r}: {first['msg'].lower()}",
            _HINT,
        ) from None
    for number, item in enumerate(contract.schema_ or []):
        for position, prop in enumerate(item.properties or []):
            if not prop.name:
                raise ContractError(
                    f"{where}: field 'schema[{number}].properties[{position}].name' is missing",
                    "every column of a contract has a name",
                )
    return contract


def _check_schema(document: Any, where: str) -> None:
    """Validate `document` strictly against the standard's own JSON schema (shipped with
    its models); the most relevant error names the field and its line."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator().iter_errors(document))
    if error is None:
        return
    location = list(error.absolute_path)
    line = _line_of(document, location)
    field = _field_path(location) or "the contract"
    raise ContractError(
        f"{where}:{f' line {line}:' if line else ''} field {field!r}: {error.message}", _HINT
    )


@cache
def _validator() -> Any:
    import json
    from importlib.resources import files

    from jsonschema.validators import validator_for

    schema = json.loads(files("open_data_contract_standard").joinpath("schema.json").read_text())
    return validator_for(schema)(schema)


def _field_path(location: list[Any]) -> str:
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part not in ("list[SchemaProperty]", "Team", "list[TeamMember]"):
            text += f".{part}" if text else str(part)
    return text


def _line_of(document: Any, location: list[Any]) -> int | None:
    """The line of the deepest node of `location` that ruamel knows the place of."""
    line, node = None, document
    for part in location:
        key = "schema" if part == "schema_" else part
        try:
            found = node.lc.key(key) if isinstance(node, dict) else node.lc.item(key)
            line = found[0] + 1
            node = node[key]
        except (AttributeError, KeyError, IndexError, TypeError):
            break
    return line
