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
