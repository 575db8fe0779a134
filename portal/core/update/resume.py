"""A rollout resumed: what it was asked, and what a resume may change of it.

`--resume ID` goes on with the rollout as it was asked. Options given again with it
are either applied to what is left (`--check`, `--push`, `--to`, `--max-failed`; each
repo's result says whether its checks ran and its branch was pushed) or refused in one
line (the selection and how conflicts are handled cannot change mid-rollout); none is
ignored. `--jobs` is the resume's own, and `--force-wave` starts the next wave though
the gate stopped the rollout.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ..errors import BadInputError
from .journal import Journal
from .selection import RolloutRequest

# Applied to the repos the rollout has not finished (and the gates still to come).
APPLIED = frozenset({"check", "push", "to", "max_failed"})
_RESUME_OWN = frozenset({"resume", "jobs", "force_wave"})
_FLAGS = {"golden_path": "--path"}


def flag(field: str) -> str:
    """The command-line option of a request's field."""
    return _FLAGS.get(field, "--" + field.replace("_", "-"))


def original_request(journal: Journal) -> RolloutRequest:
    """The request a journal's rollout was started with."""
    try:
        return RolloutRequest.model_validate(journal.meta["request"])
    except ValidationError as error:
        problem = error.errors()[0]
        raise BadInputError(
            f"{journal.folder / 'rollout.json'} is damaged ({problem['msg'].lower()})",
            "that rollout cannot be resumed; start a new one with `paved update --all`",
        ) from None


def resumed_request(journal: Journal, asked: RolloutRequest) -> tuple[RolloutRequest, dict]:
    """The request to go on with, and the changes applied to what is left."""
    original = original_request(journal)
    changes: dict[str, Any] = {}
    for name in sorted(asked.model_fields_set - _RESUME_OWN):
        value, before = getattr(asked, name), getattr(original, name)
        if value == before:
            continue
        if name not in APPLIED:
            raise BadInputError(
                f"{flag(name)} cannot change on a resume: rollout {journal.id} was asked "
                f"{_shown(before)}, this resume {_shown(value)}",
                "leave it out to go on as asked, or start a new rollout with it",
            )
        changes[name] = value
    if asked.force_wave and not original.waves:
        raise BadInputError(
            f"--force-wave goes with a rollout in waves; {journal.id} has none",
            "resume it with `paved update --all --resume ID`",
        )
    update = {**changes, "jobs": asked.jobs, "resume": journal.id, "force_wave": asked.force_wave}
    return original.model_copy(update=update), changes


def _shown(value: Any) -> str:
    if value in (None, [], False):
        return "nothing"
    if value is True:
        return "it"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
