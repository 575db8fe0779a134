"""The runtime's errors: each names the owner's file to fix, not the runtime."""

from __future__ import annotations


class FlowError(Exception):
    """A project's data flow cannot run; the message says which file to fix and how."""


class ContractError(FlowError):
    """A contract document is not valid ODCS v3, or lacks what is asked of it."""


class JobError(FlowError):
    """The job cannot run: its configuration, one of its inputs or its SQL is broken."""
