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
        record: ``(table name, id)`` of the record that changed, when known.
        current_version: the version saved now, i.e. the one the user is shown. "Overwrite with
            mine" saves over exactly this version (``expected_version=current_version``), so
            a change made while the user was deciding conflicts again instead of being lost.
            None when unknown (the record changed between the check and the write): then the
            next attempt finds the new version and asks again.
        mine: the values this side was about to write (for the comparison), when known.
    """

    def __init__(
        self,
        message: str,
        changes: list[str] | None = None,
        *,
        record: tuple[str, int] | None = None,
        current_version: int | None = None,
        mine: dict[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.changes = changes or []
        self.record = record
        self.current_version = current_version
        self.mine = mine

    def overwrite_version(self, opened: int | None) -> int | None:
        """The ``expected_version`` of "overwrite with mine" after this conflict.

        The version saved now when known; else *opened* (the version the save expected), so
        the next attempt meets the newer version and asks again. Never None for a record
        that was opened: an overwrite is a versioned save like any other.
        """
        return self.current_version if self.current_version is not None else opened


class DatabaseError(WorkbenchError):
    """The database cannot be opened, is damaged, locked or of an unknown version."""
