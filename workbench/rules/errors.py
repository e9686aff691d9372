"""The error every value rule raises: a ``ValueError`` whose message users read."""

from __future__ import annotations

__all__ = ["RuleError"]


class RuleError(ValueError):
    """A value breaks a rule; ``message`` is user-readable and translatable.

    Callers adapt it to their own error without changing the message: the services raise
    ``ValidationError(exc.message, field)``, the importer ``ValueParseError(exc.message)``, the
    editor shows it under the field. So all three say the same thing about the same value.
    """

    @property
    def message(self) -> str:
        """The message the error was raised with (a Message, so the UI can translate it)."""
        if len(self.args) == 1 and isinstance(self.args[0], str):
            return self.args[0]
        return str(self)
