"""Undo/redo of edits made in the window: each edit is a QUndoCommand around service calls.

Usage (the one way to make an edit from the window)::

    command = ServiceCommand(
        text="Edit ACME S.p.A.",
        do=lambda cmd: members_service.update(...new values...),
        undo=lambda cmd: members_service.update(...old values...),
        bus=ctx.bus, table="organisation")
    record = push_edit(ctx.undo_stack, command)      # waits, window painting; raises on error
    # or, without waiting (Anki's CollectionOp style):
    submit_edit(ctx.undo_stack, command, on_done=self._on_saved, on_error=self._on_failed)

**Every step runs on the one write worker** (``tasks.WRITES``: one thread for the process,
edits applied one at a time in the order they were submitted): the first run (*do*), undo and
redo alike. *do* and *undo* therefore must not touch widgets; they call services (which open
their own sessions) and may use :func:`after_step` for a message to show on the UI thread
afterwards. :func:`push_edit` waits for the result with the event loop running (the window
keeps painting, the user's input is held back, see ``TaskRunner.wait_for``) and returns
*do*'s value or raises its WorkbenchError; :func:`submit_edit` returns at once and calls
back on the UI thread.

**Pushed only after success.** The command goes onto the undo stack once its first run
committed; an edit that failed wrote nothing (services are one transaction each) and never
appears on the stack, so there is nothing to roll back. Undo and Redo in the window go
through :func:`undo_last` / :func:`redo_next`, which run the step first and move the stack
only when it succeeded.

Every step of a command (do, undo, redo) runs inside its ``watch`` (a Qt-free
:class:`~workbench.services.base.VersionWatch`): a record an earlier step wrote must still be
at the version that step left, or the step raises ConflictError and writes nothing; after a
conflict they ask the same question as a save (reload their version, overwrite with mine,
compare) — never a silent overwrite.

After each step the bus announces a :class:`~workbench.services.changes.Changes` (the tables
and records the step's committed transactions wrote, plus the command's *table*); screens
refresh from it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from workbench.errors import ConflictError, WorkbenchError
from workbench.services.base import RecordKey, VersionWatch
from workbench.services.changes import Changes, track_changes
from workbench.ui.context import DataBus
from workbench.ui.tasks import WRITES, TaskHandle, TaskRunner, TaskState, default_runner

if TYPE_CHECKING:
    from workbench.ui.context import AppContext
    from workbench.ui.dialogs.conflict_compare import CompareRow

UNDO = "undo"
REDO = "redo"
_FIRST = "first"  # the first run of *do* (checks the version the user opened)

_step_local = threading.local()  # the follow-ups of the step running on this thread


def after_step(fn: Callable[[], None]) -> None:
    """Run *fn* on the UI thread once the running step ended (now, outside of a step).

    For what a step has to say to the user (a warning about what it could not restore):
    steps run on the write worker, where no widget may be touched.
    """
    followups = getattr(_step_local, "followups", None)
    if followups is None:
        fn()
    else:
        followups.append(fn)


@dataclass
class _Outcome:
    """What one step of a command left: its error (None: it committed) and what it changed."""

    error: WorkbenchError | None = None
    changes: Changes = field(default_factory=Changes)
    followups: list[Callable[[], None]] = field(default_factory=list)


class ServiceCommand(QUndoCommand):
    """An undoable edit: *do* applies it, *undo* reverts it; both call services.

    *do* may return a value (e.g. the created record); it is kept in ``result`` so that *undo*
    closures can use it (``cmd.result.id``). Both run on the write worker (see the module
    docstring); ``changes`` is what the last step changed.
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
        self.changes = Changes()
        # One watch per window (on its bus): undoing an edit may write over this window's own
        # later edits of the record (undone before it), never over another user's.
        self.watch = bus.versions if bus is not None else VersionWatch()
        self.seen: dict[RecordKey, int] = {}  # this edit's view of the watch (see VersionWatch)
        self._already_run = False
        self._ran = False  # the first run checks the version the user opened, not the watch

    @property
    def table(self) -> str:
        """The table always announced after each step (besides those the step wrote)."""
        return self._table

    def runner(self) -> TaskRunner:
        """The window's task runner (its write tasks go to the one write worker)."""
        runner = self._bus.tasks if self._bus is not None else None
        return runner if runner is not None else default_runner()

    # ----------------------------------------------------------------- steps

    def step_on_worker(self, _state: TaskState, direction: str) -> _Outcome:
        """Run one step (_FIRST, UNDO or REDO); called on the write worker.

        A WorkbenchError is not raised but kept in the outcome, with what committed before it.
        """
        outcome = _Outcome()
        _step_local.followups = outcome.followups
        try:
            with track_changes() as recorder:
                try:
                    first = direction == _FIRST or (direction == REDO and not self._ran)
                    self._ran = True
                    with self.watch.step(self.seen, first=first):
                        if direction == UNDO:
                            self._undo(self)
                        else:
                            self.result = self._do(self)
                except WorkbenchError as exc:
                    outcome.error = exc
            also = () if outcome.error is not None else (self._table,)
            outcome.changes = recorder.changes(also=also)
        finally:
            _step_local.followups = None
        return outcome

    def submit(
        self, direction: str, on_outcome: Callable[[_Outcome], None], on_error: Any = None
    ) -> TaskHandle:
        """Queue one step on the write worker; *on_outcome* gets its outcome (UI thread).

        An exception other than a WorkbenchError (a bug) goes to *on_error*, by default the
        runner's friendly message.
        """
        self.error = None

        def delivered(outcome: _Outcome) -> None:
            self.error = outcome.error
            if outcome.error is None:
                self.changes = outcome.changes
            elif not outcome.changes.is_empty():
                self._announce(outcome.changes)  # what committed before the failure
            for followup in outcome.followups:
                followup()
            on_outcome(outcome)

        return self.runner().run(
            self.step_on_worker,
            direction,
            on_done=delivered,
            on_error=on_error,
            show_progress=False,
            write=True,
        )

    def run_now(self, direction: str) -> _Outcome:
        """Run one step on the write worker and wait for it (the event loop runs meanwhile).

        Re-raises an exception that is not a WorkbenchError (a bug in the step).
        """
        got: dict[str, Any] = {}
        failures: list[BaseException] = []
        handle = self.submit(direction, lambda o: got.setdefault("outcome", o), failures.append)
        self.runner().wait_for(handle)
        if failures:
            raise failures[0]
        outcome: _Outcome = got["outcome"]
        return outcome

    # ----------------------------------------------------------------- QUndoCommand

    def redo(self) -> None:
        if self._already_run:  # the step ran before the stack moved; it is only catching up
            self._already_run = False
            self._notify()
            return
        if self.run_now(REDO).error is not None:
            self.setObsolete(True)
            return
        self._notify()

    def undo(self) -> None:
        if self._already_run:
            self._already_run = False
            self._notify()
            return
        if self.run_now(UNDO).error is not None:
            self.setObsolete(True)
            return
        self._notify()

    def attempt(self, direction: str) -> None:
        """Run the undo (UNDO) or redo (REDO) step now, raising its WorkbenchError.

        On success the next ``undo()``/``redo()`` call (the stack moving its index) does not
        write again. On failure nothing was written and the command is unchanged.
        """
        outcome = self.run_now(direction)
        if outcome.error is not None:
            raise outcome.error
        self._already_run = True

    def _notify(self) -> None:
        self._announce(self.changes)

    def _announce(self, changes: Changes) -> None:
        if self._bus is not None:
            self._bus.announce(changes)


def submit_edit(
    stack: QUndoStack,
    command: ServiceCommand,
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[WorkbenchError], None] | None = None,
    parent: QWidget | None = None,
) -> TaskHandle:
    """Run *command* on the write worker; push it onto *stack* once it succeeded.

    Returns at once. On the UI thread afterwards: *on_done(result)* after the push (the
    screens were told what changed), or *on_error(exc)* with the WorkbenchError (default: a
    message box on *parent*); a failed command is never pushed.
    """

    def finished(outcome: _Outcome) -> None:
        if outcome.error is not None:
            if on_error is not None:
                on_error(outcome.error)
            else:
                from workbench.ui.widgets import messages

                messages.show_error(parent, outcome.error)
            return
        _push_done(stack, command)
        if on_done is not None:
            on_done(command.result)

    return command.submit(_FIRST, finished)


def _push_done(stack: QUndoStack, command: ServiceCommand) -> None:
    """Put *command*, whose first run committed, onto *stack* without running it again."""
    command._already_run = True
    stack.push(command)  # redo() only announces what the first run changed


def push_edit(stack: QUndoStack, command: ServiceCommand) -> Any:
    """Run *command* on the write worker, wait for it, and re-raise its WorkbenchError.

    Returns the command's result. The event loop runs while it waits (see the module
    docstring). When the edit failed, nothing was written (services are one transaction
    each) and the command is not put on the stack. Any other exception (a bug) is re-raised
    too, for the application's error handler.
    """
    bugs: list[BaseException] = []

    def finished(outcome: _Outcome) -> None:
        if outcome.error is None:
            _push_done(stack, command)

    handle = command.submit(_FIRST, finished, bugs.append)
    command.runner().wait_for(handle)
    if bugs:
        raise bugs[0]
    if command.error is not None:
        raise command.error
    return command.result


def writes_pending() -> bool:
    """True while an edit (or any other write) is queued or running on the write worker."""
    return WRITES.is_busy()


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
        ctx.bus.announce(Changes.of_tables(command.table))

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
