"""paved.toml, the workspace's configuration: the one module that reads and writes it.

- `[workspace]`: the workspace's name, description and catalog folder;
- `[trust]`: the template sources whose code paved runs;
- `[runtime]`: how generated repos install the runtime (read at a template version,
  as the release that renders a project saw it).

Standard library only to read (every command reads it); rewrites go through tomlkit,
which keeps the file's comments and order.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ..errors import MalformedFileError, WorkspaceError
from ..filenames import CONFIG_FILE

_RUNTIME_HINT = "see docs/runtime.md for the [runtime] table"
_TRUST_COMMENT = (
    " Template sources whose code paved runs (cookiecutter hooks and extensions, copier\n"
    " tasks, migrations and Jinja extensions): `paved paths add NAME SOURCE --trust`."
)


@dataclass(frozen=True)
class WorkspaceConfig:
    """The `[workspace]` table."""

    name: str
    description: str = ""
    catalog: str = "catalog"


@dataclass(frozen=True)
class RuntimeConfig:
    """The `[runtime]` table: a requirement with `{version}`, or a git URL, or neither
    (repos install the runtime from the workspace their template comes from)."""

    requirement: str | None = None
    git: str | None = None


def read_file(root: Path) -> dict[str, Any]:
    """The parsed paved.toml of the workspace at `root`."""
    path = root / CONFIG_FILE
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise WorkspaceError(
            f"{root} is not a platform workspace (no {CONFIG_FILE})",
            "point --workspace at a folder with paved.toml, or make one with `paved init DIR`",
        ) from None
    except UnicodeDecodeError:
        raise MalformedFileError(
            f"{path}: not UTF-8 text", "restore it from git (`git checkout paved.toml`)"
        ) from None
    except OSError as error:
        raise MalformedFileError(f"{path}: {error.strerror}", "check the file") from None
    return parse(text, str(path))


def parse(text: str, where: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MalformedFileError(f"{where}: {error}", "fix the TOML") from None


def workspace_table(data: dict[str, Any], where: str) -> WorkspaceConfig:
    table = data.get("workspace")
    if not isinstance(table, dict):
        raise MalformedFileError(f"{where}: no [workspace] table", "add [workspace] with a name")
    _require_strings(table, WorkspaceConfig, f"{where}: [workspace]")
    if not table.get("name"):
        raise MalformedFileError(f"{where}: [workspace] name: missing", 'add name = "..."')
    return WorkspaceConfig(**table)


def trust_table(data: dict[str, Any], where: str) -> list[str]:
    """The sources `[trust] sources` lists."""
    table = data.get("trust", {})
    sources = table.get("sources", []) if isinstance(table, dict) else None
    if not isinstance(sources, list) or not all(isinstance(item, str) for item in sources):
        raise MalformedFileError(
            f"{where}: [trust] sources must be a list of strings", "fix the TOML"
        )
    return sources


def runtime_table(data: dict[str, Any], where: str) -> RuntimeConfig:
    table = data.get("runtime", {})
    if not isinstance(table, dict):
        raise MalformedFileError(f"{where}: [runtime] must be a table", _RUNTIME_HINT)
    _require_strings(table, RuntimeConfig, f"{where}: [runtime]", f"; {_RUNTIME_HINT}")
    config = RuntimeConfig(**table)
    if config.requirement and config.git:
        raise MalformedFileError(
            f"{where}: [runtime]: give either requirement or git, not both", _RUNTIME_HINT
        )
    if config.requirement and "{version}" not in config.requirement:
        raise MalformedFileError(
            f"{where}: [runtime] requirement: must hold {{version}}, "
            'e.g. "paved-runtime=={version}"',
            _RUNTIME_HINT,
        )
    return config


def _require_strings(table: dict[str, Any], model: type, where: str, hint: str = "") -> None:
    """Every key of `table` a field of `model`, every value a string."""
    allowed = {field.name for field in fields(model)}
    for key, value in table.items():
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise MalformedFileError(
                f"{where} {key}: unknown field", f"the fields are: {known}{hint}"
            )
        if not isinstance(value, str):
            raise MalformedFileError(f"{where} {key}: must be a string", "quote it")


def trusted_sources(root: Path) -> list[str]:
    """The sources the workspace at `root` trusts."""
    return trust_table(read_file(root), str(root / CONFIG_FILE))


def set_trust(root: Path, url: str, trusted: bool) -> bool:
    """Add (or drop) `url` in the trusted sources, keeping the file's comments and
    order; return whether the file changed."""
    import tomlkit  # only when rewriting

    path = root / CONFIG_FILE
    document = tomlkit.parse(path.read_text("utf-8"))
    table = document.get("trust")
    if table is None:
        table = tomlkit.table()
        table.add(tomlkit.comment(_TRUST_COMMENT.strip()))
        document.add(tomlkit.nl())
        document.add("trust", table)
    sources = table.get("sources")
    if sources is None:
        sources = tomlkit.array()
        table.add("sources", sources)
    present = url in sources
    if trusted == present:
        return False
    if trusted:
        sources.append(url)
    else:
        sources.remove(url)
    path.write_text(tomlkit.dumps(document), "utf-8")
    return True


def check_name(name: str) -> str:
    """A workspace name: any printable text (quotes and backslashes are written escaped,
    and read back the same); never empty, never a control character such as a newline."""
    if not name.strip() or not name.isprintable():
        shown = name.encode("unicode_escape").decode("ascii")
        raise WorkspaceError(
            f'invalid workspace name "{shown}": it is empty or holds a control character',
            'give a name on one line, e.g. --name "Data platform"',
        )
    return name


def set_name(root: Path, name: str) -> None:
    """Rename the workspace (`[workspace] name`), keeping the rest of the file."""
    import tomlkit

    check_name(name)
    path = root / CONFIG_FILE
    document = tomlkit.parse(path.read_text("utf-8"))
    document["workspace"]["name"] = name  # type: ignore[index]
    path.write_text(tomlkit.dumps(document), "utf-8")
