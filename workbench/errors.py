"""Domain exceptions: every failure a user can cause, with a message the user can act on.

The UI shows ``str(exc)`` in a dialog and the CLI prints it on one line; neither shows a
traceback. Messages say what is wrong, where, and what to do.
"""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base of all user-facing errors. ``str()`` is the complete message for the user."""


class ValidationError(WorkbenchError):
    """A value a user entered (or imported) is not acceptable.

    Attributes:
        field: name of the offending field (model attribute), or None for record-level problems.
        message: what is wrong and what to do, without the field name prefix.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class NotFoundError(WorkbenchError):
    """The record asked for does not exist (any more)."""


class ConflictError(WorkbenchError):
    """Someone else saved the record after it was loaded here (no lost updates).

    Attributes:
        changes: descriptions of the other user's changes ("Anna changed city at 10:42 ...").
    """

    def __init__(self, message: str, changes: list[str] | None = None) -> None:
        super().__init__(message)
        self.changes = changes or []


class DatabaseError(WorkbenchError):
    """The database cannot be opened, is damaged, locked or of an unknown version."""
