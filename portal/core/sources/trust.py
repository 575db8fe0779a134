"""Trust: template code runs only for sources the workspace trusts.

Template code is what a template ships to run on the user's machine: cookiecutter
hooks and `_extensions`, copier `_tasks`, `_migrations` and `_jinja_extensions`. The
sources the platform team trusts are listed in `paved.toml`:

    [trust]
    sources = ["https://github.com/acme/cookiecutter-service"]

paved checks a template's configuration for code (reading files, importing nothing)
before it imports or runs any of it, in `new`, `status` and `update` alike.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from ..errors import MalformedFileError, UntrustedTemplateError
from ..workspace.locate import CONFIG_FILE
from .mirror import COOKIECUTTER_FILE, template_kind

_HOOKS = "hooks"
_CODE_SETTINGS = {
    "_jinja_extensions": "Jinja extensions",
    "_tasks": "tasks",
    "_migrations": "migrations",
}
_TRUST_COMMENT = (
    " Template sources whose code paved runs (cookiecutter hooks and extensions, copier\n"
    " tasks, migrations and Jinja extensions): `paved paths add NAME SOURCE --trust`."
)


def trusted_sources(root: Path) -> list[str]:
    """The sources `paved.toml` trusts."""
    try:
        data = tomllib.loads((root / CONFIG_FILE).read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise MalformedFileError(f"{root / CONFIG_FILE}: {error}", "fix the TOML") from None
    sources = data.get("trust", {}).get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(item, str) for item in sources):
        raise MalformedFileError(
            f"{root / CONFIG_FILE}: [trust] sources must be a list of strings", "fix the TOML"
        )
    return sources


def set_trust(root: Path, url: str, trusted: bool) -> bool:
    """Add (or drop) `url` in paved.toml's trusted sources, keeping its comments and
    order; return whether the file changed."""
    import tomlkit

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


def template_code(folder: Path) -> list[str]:
    """What code a template checked out in `folder` would run or import."""
    kind = template_kind(folder)
    found = []
    if kind == "cookiecutter":
        hooks = folder / _HOOKS
        if hooks.is_dir() and any(path.is_file() for path in hooks.iterdir()):
            found.append("hooks")
        try:
            config = json.loads((folder / COOKIECUTTER_FILE).read_text("utf-8"))
        except (OSError, ValueError) as error:
            raise MalformedFileError(
                f"{COOKIECUTTER_FILE} of the template: {error}", "fix the template"
            ) from None
        if isinstance(config, dict) and config.get("_extensions"):
            found.append("Jinja extensions")
        return found
    from .template import copier_template  # reads copier.yml, imports nothing of it

    template = copier_template(folder)
    if template.jinja_extensions:
        found.append("Jinja extensions")
    if template.config_data.get("tasks"):
        found.append("tasks")
    if template.config_data.get("migrations"):
        found.append("migrations")
    return found


def require_trust(root: Path, path_name: str, url: str, folder: Path, version: str) -> list[str]:
    """Refuse (exit 4) a template at `folder` with code, from a source not trusted;
    return the code it has."""
    code = template_code(folder)
    if code and url not in trusted_sources(root):
        raise UntrustedTemplateError(
            f"the {path_name} golden path ({url} at {version}) has {' and '.join(code)}, "
            "and its source is not trusted: nothing of it was run",
            f"review the template, then trust it: paved paths add {path_name} {url} --trust",
        )
    return code


def require_no_own_code(root: Path, tag: str) -> None:
    """Refuse (exit 4) a version of the workspace's own template whose copier.yml has
    code: read from git, nothing of it imported."""
    from ..git import objects as git_objects
    from ..golden_paths.models import root_settings

    name = f"{tag}:copier.yml"
    found = git_objects.read_blobs(root, [name])
    if name not in found:
        return
    settings = root_settings(found[name], f"copier.yml at {tag}")
    code = [label for key, label in _CODE_SETTINGS.items() if settings.get(key)]
    if code:
        raise own_code_refused(" and ".join(code), tag)


def own_code_refused(code: str, version: str) -> UntrustedTemplateError:
    """The workspace's own template is the platform's configuration: it runs no code."""
    return UntrustedTemplateError(
        f"the workspace template at {version} has {code}, and paved runs no code of the "
        "workspace's own template: nothing of it was run",
        "keep tasks and extensions out of copier.yml; a template that needs them goes in "
        "its own repo: paved paths add NAME SOURCE --trust",
    )


def copier_features(error: Exception) -> str:
    """The features a copier UnsafeTemplateError names, in words."""
    first = str(error).splitlines()[0]
    return first.split(": ", 1)[-1].rstrip(".").replace("_", " ")
