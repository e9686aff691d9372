"""Undo/redo of edits made in the window: each edit is a QUndoCommand around service calls.

Usage::

    ctx.undo_stack.push(ServiceCommand(
        text="Edit ACME S.p.A.",
        do=lambda: members_service.update(...new values...),
        undo=lambda: members_service.update(...old values...),
        bus=ctx.bus, table="organisation"))

The first ``redo()`` (run by ``push``) performs the edit. A WorkbenchError raised by ``do`` or
``undo`` is re-raised from ``push``/``undo`` *after* the command has been marked obsolete, so
callers show the message and the stack stays consistent. Callers must therefore call
:func:`push_edit` (which handles that) rather than ``undo_stack.push`` directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from workbench.errors import WorkbenchError
from workbench.ui.context import DataBus


class ServiceCommand(QUndoCommand):
    """An undoable edit: *do* applies it, *undo* reverts it; both call services.

    *do* may return a value (e.g. the created record); it is kept in ``result`` so that *undo*
    closures can use it (``cmd.result.id``).
    """

    def __init__(
        self,
        text: str,
        do: Callable[[ServiceCommand], Any],
        undo: Callable[[ServiceCommand], Any],
        *,
        bus: DataBus | None = None,
        table: str = "",
    ) -> None:
        super().__init__(text)
        self._do = do
        self._undo = undo
        self._bus = bus
        self._table = table
        self.result: Any = None
        self.error: WorkbenchError | None = None

    def redo(self) -> None:
        self.error = None
        try:
            self.result = self._do(self)
        except WorkbenchError as exc:
            self.error = exc
            self.setObsolete(True)
            return
        self._notify()

    def undo(self) -> None:
        self.error = None
        try:
            self._undo(self)
        except WorkbenchError as exc:
            self.error = exc
            self.setObsolete(True)
            return
        self._notify()

    def _notify(self) -> None:
        if self._bus is not None:
            self._bus.sig_changed.emit(self._table)


def push_edit(stack: QUndoStack, command: ServiceCommand) -> Any:
    """Push *command* (which runs it) and re-raise its WorkbenchError, if any.

    Returns the command's result. When the edit failed, nothing was written (services are one
    transaction each) and the command is not left on the stack.
    """
    stack.push(command)
    if command.error is not None:
        raise command.error
    return command.result


class ImportCommand(QUndoCommand):
    """An import applied in the window, on the undo stack so that Ctrl+Z offers to undo it.

    The import itself was written before the push (in the background, with its backup), so
    ``redo()`` does nothing. Undoing it is not a plain ``QUndoStack.undo()``: the window routes
    Ctrl+Z on this command to the Import page's batch undo (confirmation, later-changes check,
    background write) and, once that succeeded, calls :func:`drop_import_command`. An undone
    import cannot be redone (its file would have to be read again), so the command leaves the
    stack instead of moving to the redo side.
    """

    def __init__(self, text: str, batch_id: int) -> None:
        super().__init__(text)
        self.batch_id = batch_id

    def redo(self) -> None:
        """Nothing: the import was applied before it was pushed."""

    def undo(self) -> None:
        """Only reached through :func:`drop_import_command`: leave the stack."""
        self.setObsolete(True)


def pending_import(stack: QUndoStack) -> ImportCommand | None:
    """The import that Ctrl+Z would undo next, or None when the next undo is an edit.

    Imports already undone elsewhere (the Import page's list of past imports) are dropped
    from the top of the stack first, so they never swallow a Ctrl+Z.
    """
    while stack.canUndo():
        top = stack.command(stack.index() - 1)
        if top is None or not top.isObsolete():
            break
        stack.undo()  # an obsolete command is deleted by Qt without calling its undo()
    command = stack.command(stack.index() - 1) if stack.canUndo() else None
    return command if isinstance(command, ImportCommand) else None


def drop_import_command(stack: QUndoStack, batch_id: int) -> None:
    """Take the import *batch_id* off *stack* after it was undone (by Ctrl+Z or elsewhere)."""
    for index in range(stack.count()):
        command = stack.command(index)
        if isinstance(command, ImportCommand) and command.batch_id == batch_id:
            command.setObsolete(True)
    pending_import(stack)  # removes it now when it is the next undo


def escape_mnemonic(text: str) -> str:
    """*text* for a menu or button label: a literal ``&`` (R&D) instead of a shortcut mark."""
    return text.replace("&", "&&")
