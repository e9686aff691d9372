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

Every step of a command (do, undo, redo) runs inside its ``watch`` (a Qt-free
:class:`~workbench.services.base.VersionWatch`): a record an earlier step wrote must still be
at the version that step left, or the step raises ConflictError and writes nothing. Undo and
Redo in the window go through :func:`undo_last` / :func:`redo_next`, which run the step first
and move the stack only when it succeeded; after a conflict they ask the same question as a
save (reload their version, overwrite with mine, compare) — never a silent overwrite.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from workbench.errors import ConflictError, WorkbenchError
from workbench.services.base import RecordKey, VersionWatch
from workbench.ui.context import DataBus

if TYPE_CHECKING:
    from workbench.ui.context import AppContext
    from workbench.ui.dialogs.conflict_compare import CompareRow

UNDO = "undo"
REDO = "redo"


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
        # One watch per window (on its bus): undoing an edit may write over this window's own
        # later edits of the record (undone before it), never over another user's.
        self.watch = bus.versions if bus is not None else VersionWatch()
        self.seen: dict[RecordKey, int] = {}  # this edit's view of the watch (see VersionWatch)
        self._ran = False  # the first run checks the version the user opened, not the watch
        self._already_run = False

    @property
    def table(self) -> str:
        """The table announced on the bus after each step."""
        return self._table

    def redo(self) -> None:
        if self._already_run:  # attempt(REDO) wrote it; the stack is only catching up
            self._already_run = False
            self._notify()
            return
        self.error = None
        try:
            with self.watch.step(self.seen, first=not self._ran):
                self._ran = True
                self.result = self._do(self)
        except WorkbenchError as exc:
            self.error = exc
            self.setObsolete(True)
            return
        self._notify()

    def undo(self) -> None:
        if self._already_run:
            self._already_run = False
            self._notify()
            return
        self.error = None
        try:
            with self.watch.step(self.seen):
                self._undo(self)
        except WorkbenchError as exc:
            self.error = exc
            self.setObsolete(True)
            return
        self._notify()

    def attempt(self, direction: str) -> None:
        """Run the undo (UNDO) or redo (REDO) step now, raising its WorkbenchError.

        On success the next ``undo()``/``redo()`` call (the stack moving its index) does not
        write again. On failure nothing was written and the command is unchanged.
        """
        with self.watch.step(self.seen):
            if direction == UNDO:
                self._undo(self)
            else:
                self.result = self._do(self)
        self._already_run = True

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


# --------------------------------------------------------------------------- undo / redo


def undo_last(ctx: AppContext, parent: QWidget) -> bool:
    """Undo the newest command, asking what to do when a record changed since; True if undone."""
    return _step(ctx, parent, UNDO)


def redo_next(ctx: AppContext, parent: QWidget) -> bool:
    """Redo the next command, asking what to do when a record changed since; True if redone."""
    return _step(ctx, parent, REDO)


def _next_command(stack: QUndoStack, direction: str) -> QUndoCommand | None:
    index = stack.index() - 1 if direction == UNDO else stack.index()
    if not 0 <= index < stack.count():
        return None
    return stack.command(index)


def _move(stack: QUndoStack, direction: str) -> None:
    if direction == UNDO:
        stack.undo()
    else:
        stack.redo()


def _drop(stack: QUndoStack, command: QUndoCommand, direction: str) -> None:
    """Take *command* off the stack without running it (Qt deletes obsolete commands)."""
    if _next_command(stack, direction) is command:
        command.setObsolete(True)
        _move(stack, direction)


def _step(ctx: AppContext, parent: QWidget, direction: str) -> bool:
    stack = ctx.undo_stack
    command = _next_command(stack, direction)
    if command is None:
        return False
    if not isinstance(command, ServiceCommand):
        _move(stack, direction)
        return True
    try:
        command.attempt(direction)
    except ConflictError as exc:
        _ask(ctx, parent, command, direction, exc)
        return False
    except WorkbenchError as exc:
        from workbench.ui.widgets import messages

        # It cannot be done (e.g. the record was deleted): say so and take it off the stack,
        # which stays consistent with the database.
        _drop(stack, command, direction)
        messages.show_error(parent, exc)
        return False
    _move(stack, direction)
    return True


def _ask(
    ctx: AppContext,
    parent: QWidget,
    command: ServiceCommand,
    direction: str,
    exc: ConflictError,
) -> None:
    """The save conflict question for an undo or redo: keep theirs, apply mine, or compare."""
    from workbench.ui.dialogs import conflict_compare as cc

    stack = ctx.undo_stack

    def still_next() -> bool:
        # The compare dialog does not block: act only if the command is still the next one.
        return _next_command(stack, direction) is command

    def keep_theirs() -> None:
        if still_next():
            _drop(stack, command, direction)
        ctx.bus.sig_changed.emit(command.table)

    def apply_mine() -> None:
        if still_next():
            # Over exactly the version shown: a newer change raises the question again.
            command.watch.expect(exc, command.seen)
            _step(ctx, parent, direction)

    rows = conflict_rows(ctx, command, exc)
    cc.resolve_conflict(
        parent,
        exc,
        keep_theirs,
        apply_mine,
        None if rows is None else lambda: rows,
    )


def conflict_rows(
    ctx: AppContext, command: ServiceCommand, exc: ConflictError
) -> Sequence[CompareRow] | None:
    """The comparison after an undo/redo conflict: as the command left it, saved now, undo's.

    None when the record is unknown or cannot be read (the question then has no Compare).
    """
    from workbench.models import Base
    from workbench.ui.dialogs import conflict_compare as cc
    from workbench.ui.dialogs.history_dialog import field_label

    if exc.record is None:
        return None
    table, record_id = exc.record
    mappers = Base.registry.mappers
    model = next((m.class_ for m in mappers if m.class_.__tablename__ == table), None)
    if model is None:
        return None
    opened = command.watch.values.get(exc.record, {})
    mine = exc.mine or {}
    labels = {key: field_label(key) for key in (*opened, *(k for k in mine if k not in opened))}
    try:
        return cc.record_rows(ctx.db, model, record_id, labels, opened, mine)
    except WorkbenchError:
        return None


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
