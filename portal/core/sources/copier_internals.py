"""Copier's internals that paved relies on: every private import of copier and every
attribute paved sets on copier's objects, here and nowhere else, each with its reason.

Copier's public doors (`run_copy`, `run_update`) clone the template for every project
and compile every Jinja string anew. paved needs copier's own parts instead: its parsed
template, read in place from a checkout made once (and read *before* anything of it is
trusted), and its `Worker`, to render a fleet with one template and one Jinja environment
per version. The output stays copier's: the update equivalence tests compare paved's
trees with `copier update`'s.

`INTERNALS` names each internal and why; `tests/core/sources/test_copier_internals.py`
checks that each still exists in the installed copier, so an upgrade that moves one
fails there, naming it, and not deep inside a rollout. copier is pinned to one minor
(pyproject.toml) for this reason.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Each private name paved imports, and why.
INTERNALS = {
    "copier._template.Template": (
        "a template's parsed copier.yml, read from a checkout paved made, without the "
        "clone copier would make, and without importing its extensions"
    ),
    "copier._main.Worker": (
        "one render by copier's own engine, given the parsed template and a Jinja "
        "environment shared by every project of a version"
    ),
    "copier._main._operation": (
        "the operation copier's render context reports (`_copier_operation`): 'update' "
        "while paved renders an update, as `copier update` sets it"
    ),
    "copier._settings.SettingsModel": "the user's copier settings, read once per renderer",
    "copier._types.Phase": "the phase copier is in, to build the render context once per phase",
}
# Attributes paved sets on copier's objects: (class, attribute) -> why. Each is a
# cached property or a method of the class, replaced on one instance only.
PATCHES = {
    ("copier._template.Template", "local_abspath"): "the checkout paved made: no clone",
    ("copier._template.Template", "vcs"): "a checkout of a git repo, whatever its URL says",
    ("copier._main.Worker", "template"): "the template parsed once per version",
    ("copier._main.Worker", "jinja_env"): "one Jinja environment per version",
    ("copier._main.Worker", "_sync_git_index_executable_bit"): (
        "a render folder is never a git repo: copier would start a `git config` per file"
    ),
    ("copier._main.Worker", "_render_context"): (
        "copier builds the whole context for each file it renders; it is fixed once the "
        "questions are answered"
    ),
}


def template_at(folder: Path, url: str | None = None, ref: str | None = None) -> Any:
    """Copier's `Template` of a checkout in `folder`, read in place. `url` is where the
    template comes from as a project records it (`_src_path`), when that is not `folder`:
    a recorded source may be a path of another machine, a CI runner's."""
    from copier._template import Template

    template = Template(url=url or str(folder), ref=ref)
    template.__dict__["local_abspath"] = folder
    template.__dict__["vcs"] = "git"
    return template


def worker(template: Any | None = None, environment: Any | None = None, **options: Any) -> Any:
    """A copier `Worker` (its public options as `run_copy` takes them), rendering with
    an already parsed `template` and Jinja `environment` when given."""
    from copier._main import Worker

    made = Worker(**options)
    if template is not None:
        made.__dict__["template"] = template
    if environment is not None:
        made.__dict__["jinja_env"] = environment
    return made


def use_environment(made: Any, environment: Any) -> None:
    """Render with a Jinja environment made for an earlier project of the version."""
    made.__dict__["jinja_env"] = environment


def render_faster(made: Any) -> None:
    """Spare a worker that renders into a scratch folder what cannot change its output:
    the executable-bit sync into a git index (there is none) and the render context
    rebuilt for every file."""
    made.__dict__["_sync_git_index_executable_bit"] = _no_index_to_sync
    made.__dict__["_render_context"] = _context_fixed_while_rendering(made)


def compile_once(environment: Any) -> Any:
    """A Jinja environment that compiles each template source once (copier's
    environment depends on the template only; answers come as render context)."""
    environment.compile = functools.lru_cache(maxsize=None)(environment.compile)
    return environment


@contextmanager
def update_operation() -> Iterator[None]:
    """Render as `copier update` does: its context says the operation is "update"."""
    from copier._main import _operation

    token = _operation.set("update")
    try:
        yield
    finally:
        _operation.reset(token)


def user_settings() -> Any:
    """The user's copier settings (copier's settings file), as copier reads them."""
    from copier._settings import SettingsModel

    return SettingsModel.from_file()


def _context_fixed_while_rendering(made: Any) -> Callable[[], dict[str, Any]]:
    """Copier's render context, built once for the render phase.

    Copier builds the whole context (every answer, the answers to remember, its own
    settings) for each file name and each file it renders, over a hundred times per
    project, though nothing in it changes once the questions are answered. In the
    render phase this gives each caller a copy of one context built then; in any other
    phase (questions, tasks, migrations) it is copier's own."""
    from copier._types import Phase

    build = made._render_context
    built: dict[str, Any] = {}

    def context() -> dict[str, Any]:
        if Phase.current() is not Phase.RENDER:
            return build()
        if not built:
            built.update(build())
        return dict(built)

    return context


def _no_index_to_sync(dst_relpath: Path, src_mode: int) -> None:
    """Copier's executable-bit sync, for a destination outside any git repo."""
