"""Cookiecutter golden paths: render as cookiecutter does, record what cruft records.

A new project is rendered by cookiecutter's public `cookiecutter()` call, with every
answer given, so its tree is what `cookiecutter --no-input` makes from the same
answers. Its `.cruft.json` (template, commit, checkout, context) is the file cruft
writes, so `cruft check`, `cruft diff` and `cruft update` keep working on it. For an
update, both versions are rendered as `cruft update` renders them: the context is
regenerated from the recorded answers at each version, and the files are generated
by cookiecutter's `generate_files`.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..errors import GenerationError
from ..filenames import COOKIECUTTER_FILE
from .template import output_to_stderr, template_imports

# Keys cookiecutter() adds to the context that cruft's context does not hold.
_RUN_KEYS = ("_output_dir", "_repo_dir", "_checkout")


def render_new_project(
    folder: Path, answers: dict[str, Any], accept_hooks: bool
) -> tuple[Path, dict[str, Any]]:
    """`cookiecutter --no-input` with these answers, into a new scratch folder;
    return the generated project folder and the context it was rendered with."""
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.main import cookiecutter

    scratch = Path(tempfile.mkdtemp(prefix="paved-cookiecutter-"))
    replay = scratch / "replay"
    try:
        with output_to_stderr():
            project = cookiecutter(
                str(folder),
                no_input=True,
                extra_context=answers,
                output_dir=str(scratch / "out"),
                default_config={
                    "replay_dir": str(replay),
                    "cookiecutters_dir": str(scratch / "cookiecutters"),
                },
                accept_hooks=accept_hooks,
            )
        context = json.loads((replay / f"{folder.name}.json").read_text("utf-8"))
    except (CookiecutterException, OSError, ValueError) as error:
        shutil.rmtree(scratch, ignore_errors=True)
        raise GenerationError(f"cookiecutter failed: {error}", "nothing was kept") from error
    return Path(project), context


def cruft_context(context: dict[str, Any], url: str, commit: str) -> dict[str, Any]:
    """A render's context as cruft records it: the template's URL and commit added."""
    answers = {k: v for k, v in context["cookiecutter"].items() if k not in _RUN_KEYS}
    answers["_template"] = url
    answers["_commit"] = commit
    return {"cookiecutter": answers}


def cruft_file(
    url: str,
    commit: str,
    checkout: str | None,
    context: dict[str, Any],
    directory: str | None = None,
) -> bytes:
    """`.cruft.json`, byte for byte as cruft writes it (`directory`: the template's
    sub-folder of its repo)."""
    state = {
        "template": url,
        "commit": commit,
        "checkout": checkout,
        "context": context,
        "directory": directory,
    }
    return dump_state(state)


def regenerate(
    folder: Path, recorded: dict[str, Any], url: str, commit: str, out: Path, accept_hooks: bool
) -> tuple[Path, dict[str, Any]]:
    """A recorded project rendered at the version checked out in `folder`, as
    `cruft update` renders it: its recorded answers (private ones recomputed), the
    defaults of new questions, then `generate_files`. Return the folder and context."""
    from cookiecutter.exceptions import CookiecutterException
    from cookiecutter.generate import generate_files

    extra = {key: value for key, value in recorded.items() if not key.startswith("_")}
    try:
        context = recorded_context(folder, extra, url, commit)
        with template_imports(folder), output_to_stderr():
            project = generate_files(
                repo_dir=str(folder),
                context=context,
                overwrite_if_exists=True,
                output_dir=str(out),
                accept_hooks=accept_hooks,
            )
    except CookiecutterException as error:
        raise GenerationError(f"cookiecutter failed at {commit[:12]}: {error}", "") from error
    return Path(project), context


def recorded_context(
    folder: Path, answers: dict[str, Any], url: str, commit: str
) -> dict[str, Any]:
    """The context cruft records for these answers at the version in `folder`
    (what `cruft link` and `cruft update` compute): defaults rendered by the
    template's engine, then the template's URL and commit."""
    from cookiecutter.generate import generate_context
    from cookiecutter.prompt import prompt_for_config

    with template_imports(folder):
        context = generate_context(
            context_file=str(folder / COOKIECUTTER_FILE), default_context={}, extra_context=answers
        )
        context["cookiecutter"] = prompt_for_config(context, no_input=True)
    context["cookiecutter"]["_template"] = url
    context["cookiecutter"]["_commit"] = commit
    return context


def dump_state(state: dict[str, Any]) -> bytes:
    """JSON as cruft writes its state file."""
    text = json.dumps(state, ensure_ascii=False, indent=2, separators=(",", ": "))
    return (text + "\n").encode("utf-8")
