"""One error tree for paved, and the exit codes a command ends with.

Every error a user can cause is a `PortalError` with a message (what is wrong) and a
hint (how to mend it); every error class paved raises is defined here. The CLI's entry
(`portal.cli.app.run`) maps each class to an `ExitCode`, in one table.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """How a command ended: every code paved exits with."""

    OK = 0
    PROBLEM = 1  # the job ran and found a problem: a conflict, a failed check
    BAD_INPUT = 2  # bad usage or bad input: nothing was done
    PARTIAL = 3  # some repos of a rollout failed, the others were done
    UNTRUSTED = 4  # a template wants to run code, and its source is not trusted
    INTERRUPTED = 130  # Ctrl-C


class PortalError(Exception):
    """Base of every error paved raises on purpose."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class BadInputError(PortalError):
    """A value given on the command line, in a form or in a file is not valid."""


class InvalidNameError(BadInputError):
    """A project, dataset or team name does not follow the naming rules."""


class UnknownOwnerError(BadInputError):
    """The owner is not a team in the catalog."""


class UnknownGoldenPathError(BadInputError):
    """No golden path by that name in the workspace."""


class UnknownEntityError(BadInputError):
    """No project, dataset or team by that name in the catalog."""


class DuplicateNameError(BadInputError):
    """The name is already taken in the catalog."""


class DestinationError(BadInputError):
    """The destination folder cannot receive a new project."""


class WorkspaceError(BadInputError):
    """The platform workspace is missing, malformed or not releasable."""


class MalformedFileError(BadInputError):
    """A workspace or catalog file does not parse or does not validate."""


class ContractError(MalformedFileError):
    """A data contract file is not a valid ODCS v3 contract."""


class DirtyRepoError(BadInputError):
    """A repo has uncommitted changes that a command would otherwise touch."""


class VersionError(BadInputError):
    """A template version is not PEP 440, or not greater than the latest."""


class TemplateNotFoundError(BadInputError):
    """No template version to render from."""


class UpdateError(BadInputError):
    """A project cannot be updated: no answers file, an unknown version, a template
    paved cannot update."""


class GenerationError(PortalError):
    """Rendering or committing a new project failed; nothing was kept."""


class VcsError(PortalError):
    """A git command failed."""


class UntrustedTemplateError(PortalError):
    """The template wants to run code, and it is not trusted."""


class WorkerError(PortalError):
    """A worker process died or failed outside the work's own error handling."""


class RepoBusyError(PortalError):
    """Another paved process is working on the repo."""
