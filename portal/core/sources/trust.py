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
from pathlib import Path

from ..errors import MalformedFileError, UntrustedTemplateError
from ..filenames import COOKIECUTTER_FILE
from ..workspace.config import trusted_sources
from .mirror import template_kind
from .template_config import copier_template  # reads copier.yml, imports nothing of it

_HOOKS = "hooks"

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


def copier_features(error: Exception) -> str:
    """The features a copier UnsafeTemplateError names, in words."""
    first = str(error).splitlines()[0]
    return first.split(": ", 1)[-1].rstrip(".").replace("_", " ")
