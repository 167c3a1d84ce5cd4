"""Errors meant for the user: each carries one clear line and an exit code."""

from __future__ import annotations


class EvideskError(Exception):
    """A problem the user can act on; shown as one line, never a traceback."""

    exit_code = 2

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class DatabaseProblem(EvideskError):
    """The database cannot be opened, read or written as asked."""


class NotFound(EvideskError):
    """A claim, evidence item or reviewer named by the caller does not exist."""


class InvalidValue(EvideskError):
    """A value outside its vocabulary (an unknown stance, grade, verdict…)."""
