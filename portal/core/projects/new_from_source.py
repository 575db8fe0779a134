"""`paved new` on an outside golden path: the project rendered by its template's own
tool, with the answers under the template's own names (`sources.questions`).

A copier template renders with `run_copy` (its project gets copier's answers file), a
cookiecutter template with `cookiecutter()` (its project gets cruft's `.cruft.json`). A
project whose template made no `catalog-info.yaml` gets one from paved.
"""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path
from typing import Any

from ..catalog.entities import GOLDEN_PATH, Entity, Metadata
from ..catalog.store import write_entities
from ..errors import GenerationError, UntrustedTemplateError
from ..filenames import CRUFT_FILE, REPO_CATALOG_FILE
from ..golden_paths.models import GoldenPath
from ..sources.cookiecutter_render import cruft_context, cruft_file, render_new_project
from ..sources.questions import template_answers
from ..sources.template import OutsideTemplate, output_to_stderr


def render_outside(
    template: OutsideTemplate, answers: dict[str, Any], staging: Path, project: dict[str, str]
) -> None:
    """Render the project into `staging` with the template's own tool, then add the
    catalog-info.yaml paved needs where the template made none."""
    own = template_answers(template.path, answers)
    staging.mkdir(parents=True, exist_ok=True)
    if template.kind == "copier":
        _render_copier(template, own, staging)
    else:
        rendered, context = render_new_project(template.folder, own, accept_hooks=True)
        try:
            for item in rendered.iterdir():
                os.replace(item, staging / item.name)
        finally:
            shutil.rmtree(rendered.parent.parent, ignore_errors=True)
        state = cruft_file(
            template.url,
            str(template.commit),
            template.version,
            cruft_context(context, template.url, str(template.commit)),
            template.directory,
        )
        (staging / CRUFT_FILE).write_bytes(state)
    if not (staging / REPO_CATALOG_FILE).exists():
        write_entities(staging / REPO_CATALOG_FILE, [component(template.path, **project)])


def component(path: GoldenPath | None, name: str, owner: str, description: str = "") -> Entity:
    """A project's Component, for a repo whose template made no catalog-info.yaml."""
    return Entity(
        kind="Component",
        metadata=Metadata(
            name=name,
            description=description or None,
            annotations={GOLDEN_PATH: path.name} if path else {},
        ),
        spec={
            "type": path.entity.component_type if path else "service",
            "lifecycle": "experimental",
            "owner": f"group:{owner}",
            "consumesApis": [],
        },
    )


def _render_copier(template: OutsideTemplate, answers: dict[str, Any], staging: Path) -> None:
    from copier import run_copy
    from copier.errors import CopierError, UnsafeTemplateError

    with warnings.catch_warnings(), output_to_stderr():  # its tasks print
        warnings.simplefilter("ignore")
        try:
            run_copy(
                template.url,
                staging,
                data=answers,
                vcs_ref=template.version,
                defaults=True,
                overwrite=True,
                quiet=True,
                unsafe=True,  # its code was checked for trust when it was checked out
                cleanup_on_error=False,
            )
        except UnsafeTemplateError as error:  # pragma: no cover - checked before
            raise UntrustedTemplateError(str(error), "") from error
        except CopierError as error:
            raise GenerationError(f"copier failed: {error}", "nothing was kept") from error
