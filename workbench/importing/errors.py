"""Exceptions and problem records for the spreadsheet importer.

Every failure a user can cause while importing (a bad file, a bad value) is reported through the
types defined here, with a message that says what went wrong, where (file, sheet, row, column) and
what to do about it. Nothing in this module imports Qt or the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from workbench.errors import WorkbenchError
from workbench.translatable import Message, compose, join, msg


class ImportFileError(WorkbenchError):
    """A file cannot be imported as it is; the message tells the user where and what to do.

    Attributes:
        file: File name shown to the user (not a full path), or None.
        sheet: Sheet name, or None for CSV files and whole-file problems.
        row: 1-based row number as the spreadsheet shows it, or None.
        column: Column header (or "Column C" style name), or None.
        problem: What is wrong, as a sentence fragment without a trailing full stop.
        hint: What the user can do about it, or None.
    """

    exit_code = 2  # the CLI's "unreadable file" exit status

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.problem = problem
        self.hint = hint
        super().__init__(self.message())

    def location(self) -> Message:
        """Return where the problem is, e.g. ``members.xlsx, sheet "Soci", row 12``."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet is not None:
            parts.append(msg('sheet "{sheet}"', sheet=self.sheet))
        if self.row is not None:
            parts.append(msg("row {row}", row=self.row))
        if self.column is not None:
            parts.append(msg('column "{column}"', column=self.column))
        return join(", ", parts)

    def message(self) -> Message:
        """The complete message (``str(self)``) as a translatable :class:`Message`."""
        where = self.location()
        text = (
            compose("{where}: {problem}", where=where, problem=_sentence(self.problem))
            if where
            else _sentence(self.problem)
        )
        if self.hint:
            text = compose("{text} {hint}", text=text, hint=_sentence(self.hint))
        return text

    def __str__(self) -> str:
        return self.message()


class ValueParseError(ValueError):
    """A single cell value cannot be understood.

    The message is user-readable and says what was expected, e.g.
    ``"31/02/2021" is not a valid date: expected a day and month like 31/12/2024``.
    It carries no location: the caller knows the row and column and adds them.
    The parsers raise it with a translatable :class:`~workbench.translatable.Message`;
    :attr:`message` keeps it (``str(exc)`` is the plain English text).
    """

    @property
    def message(self) -> str:
        """The message the error was raised with (a Message when it was built with msg)."""
        if len(self.args) == 1 and isinstance(self.args[0], str):
            return self.args[0]
        return str(self)


@dataclass(frozen=True, slots=True)
class ValueProblem:
    """A problem with one cell, as collected by the row parsers.

    Attributes:
        column: Column header the value came from.
        message: User-readable description (usually a ``ValueParseError`` message).
    """

    column: str
    message: str


def alternatives(parts: Iterable[str]) -> str:
    """``"A" or "B" or "C"`` with a translatable "or" (the parts are kept as given).

    Returns the only part itself, "" for none, else a :class:`Message`.
    """
    items = list(parts)
    if not items:
        return ""
    text = items[0]
    for part in items[1:]:
        text = msg("{first} or {second}", first=text, second=part)
    return text


def _sentence(text: str) -> Message:
    """Return ``text`` ending with a full stop, so fragments join into readable lines."""
    stripped = text.strip()
    if isinstance(text, Message) and stripped == text:
        base: Message = text
    else:
        base = Message(stripped)
    if not stripped or stripped[-1] in ".!?":
        return base
    return compose("{text}.", text=base)
