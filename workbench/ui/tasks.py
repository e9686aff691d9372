"""The one background helper: run a plain function off the UI thread, with progress and Cancel.

Usage::

    def load(state: TaskState, year: int) -> list[Row]:
        rows = []
        for i, chunk in enumerate(chunks):
            state.check_cancelled()               # raises TaskCancelled when Cancel was pressed
            state.progress(i, len(chunks), "Reading members")
            rows += services.something(db, chunk)  # services open their own sessions
        return rows

    ctx.tasks.run(load, 2024, on_done=self._on_loaded, title=self.tr("Loading"), parent=self)

*fn* runs on a QThreadPool worker and receives a :class:`TaskState` (like Orange's
``concurrent.TaskState``). ``on_done(result)``, ``on_error(exc)`` and ``on_cancelled()`` run on the
UI thread. A progress dialog with Cancel appears only when the task is still running after
``PROGRESS_DELAY_MS`` (0.5 s), so quick tasks never flash a dialog. Without ``on_error`` a
WorkbenchError is shown as its message and any other exception as a friendly note plus the log
file (never a traceback).

Writes (``write=True``) go through **the one write worker**: a single-thread pool shared by
every runner of the process, so edits, undo/redo, imports and the demo build are applied one
at a time in the order they were submitted (like Anki's ``CollectionOp``; a write never
waits on the UI thread and two writes never race). :data:`WRITES` announces when writes are
pending (``sig_busy``), for busy indicators and for closing the window.
:meth:`TaskRunner.wait_for` lets a caller that needs the result before it goes on wait for a
task while the event loop keeps running (paints, timers, progress), with the user's input to
the windows held back so nothing can be submitted twice.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtCore import Qt as _Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QProgressDialog, QWidget

from workbench.ui.widgets import messages

PROGRESS_DELAY_MS = 500


class TaskCancelled(Exception):
    """Raised inside a task (by :meth:`TaskState.check_cancelled`) to stop after Cancel."""


class TaskState:
    """What a running task sees: report progress, ask whether Cancel was pressed.

    Thread-safe; the worker calls :meth:`progress`, the UI calls :meth:`cancel`.
    """

    def __init__(self, emit_progress: Callable[[int, int, str], None] | None = None) -> None:
        self._cancel = threading.Event()
        self._emit = emit_progress
        self.done = 0
        self.total = 0
        self.message = ""

    def progress(self, done: int, total: int = 0, message: str = "") -> None:
        """Report *done* of *total* steps (total 0: unknown) with an optional message."""
        self.done, self.total = done, total
        if message:
            self.message = message
        if self._emit is not None:
            self._emit(done, total, self.message)

    def callback(self) -> Callable[..., None]:
        """A plain ``progress(done, total, message)`` callback for core functions.

        It also raises TaskCancelled once Cancel was pressed, so core loops stop early.
        """

        def report(done: int, total: int = 0, message: str = "") -> None:
            self.check_cancelled()
            self.progress(done, total, message)

        return report

    def is_cancelled(self) -> bool:
        """True once the user pressed Cancel (or the task was cancelled by code)."""
        return self._cancel.is_set()

    def check_cancelled(self) -> None:
        """Raise TaskCancelled if the task was cancelled."""
        if self._cancel.is_set():
            raise TaskCancelled

    def cancel(self) -> None:
        """Ask the task to stop at its next check."""
        self._cancel.set()


class _Signals(QObject):
    """Carries results from the worker thread to the UI thread (queued connections)."""

    sig_progress = Signal(int, int, str)
    sig_finished = Signal(object, object, bool)  # result, exception, cancelled


class _Runnable(QRunnable):
    def __init__(
        self, fn: Callable[..., Any], args: tuple[Any, ...], state: TaskState, signals: _Signals
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn, self._args, self._state, self._signals = fn, args, state, signals

    def run(self) -> None:
        result: Any = None
        error: BaseException | None = None
        cancelled = False
        try:
            result = self._fn(self._state, *self._args)
        except TaskCancelled:
            cancelled = True
        except BaseException as exc:  # noqa: BLE001 - handed to the UI thread, never lost
            error = exc
        # A task that returned finished its work, even if Cancel came after its last check
        # (an import already committed): its result is delivered, never reported as cancelled.
        self._signals.sig_finished.emit(result, error, cancelled)


class TaskHandle(QObject):
    """A submitted task: cancel it, ask whether it finished, read its outcome.

    Signals:
        sig_progress(done, total, message): progress reports (UI thread).
        sig_finished(): after the callbacks ran.
    """

    sig_progress = Signal(int, int, str)
    sig_finished = Signal()

    def __init__(self, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.state = TaskState()
        self.finished = False
        self.cancelled = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.started_at = time.perf_counter()
        self.dialog: QProgressDialog | None = None
        self.write = False  # ran on the write worker
        self._deliver: Callable[[Any, Any, bool], None] | None = None

    @Slot(object, object, bool)
    def _on_result(self, result: Any, error: Any, cancelled: bool) -> None:
        if self._deliver is not None:
            self._deliver(result, error, cancelled)

    def cancel(self) -> None:
        """Ask the task to stop (it stops at its next check; ``on_cancelled`` is then called)."""
        self.state.cancel()

    def is_finished(self) -> bool:
        """True once the task ended and its callbacks ran."""
        return self.finished


class _Writes(QObject):
    """The process's one write worker and how many writes are pending on it.

    Signals:
        sig_busy(bool): True when a write is submitted while none was pending, False when the
            last pending write has delivered its result (UI thread).
    """

    sig_busy = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self.pending = 0
        self._pool: QThreadPool | None = None

    def pool(self) -> QThreadPool:
        """The single-thread pool every write runs on (created on first use)."""
        if self._pool is None:
            self._pool = QThreadPool(self)
            self._pool.setMaxThreadCount(1)
            self._pool.setExpiryTimeout(-1)  # one thread for the whole session
        return self._pool

    def is_busy(self) -> bool:
        """True while a write has not delivered its result yet."""
        return self.pending > 0

    def _started(self) -> None:
        self.pending += 1
        if self.pending == 1:
            self.sig_busy.emit(True)

    def _ended(self) -> None:
        self.pending -= 1
        if self.pending == 0:
            self.sig_busy.emit(False)


#: The one write worker (see the module docstring).
WRITES = _Writes()

#: User input held back while :meth:`TaskRunner.wait_for` waits (paints and timers go on).
_HELD_INPUT = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.Wheel,
        QEvent.Type.ContextMenu,
        QEvent.Type.TouchBegin,
        QEvent.Type.Close,
    }
)


class _InputGuard(QObject):
    """Drops the user's input (clicks, keys, closing a window) while a write is awaited.

    Only spontaneous events (from the window system) are dropped: what the program itself
    sends goes through.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in _HELD_INPUT and event.spontaneous():
            if event.type() == QEvent.Type.Close:
                event.ignore()
            return True
        return super().eventFilter(watched, event)


class TaskRunner(QObject):
    """Runs tasks on a thread pool and calls back on the UI thread.

    Signals:
        sig_busy(bool): True when the first task starts, False when the last one ends.
    """

    sig_busy = Signal(bool)

    def __init__(
        self, parent: QObject | None = None, *, progress_delay_ms: int = PROGRESS_DELAY_MS
    ) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._write_pool = WRITES.pool()
        self._running: set[TaskHandle] = set()
        self._keep: dict[TaskHandle, _Signals] = {}
        self.progress_delay_ms = progress_delay_ms

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_cancelled: Callable[[], None] | None = None,
        title: str = "",
        parent: QWidget | None = None,
        show_progress: bool = True,
        write: bool = False,
    ) -> TaskHandle:
        """Start ``fn(state, *args)`` in the background; returns its handle at once.

        Args:
            fn: a plain function; its first argument is the TaskState.
            *args: further arguments of *fn*.
            on_done: called with the return value on the UI thread.
            on_error: called with the exception; default shows it in a dialog.
            on_cancelled: called when the task stopped because of Cancel.
            title: label of the progress dialog.
            parent: window of the progress dialog and error messages.
            show_progress: False for quiet background loads (no dialog at all).
            write: run on the single write worker (edits stay in order).
        """
        handle = TaskHandle(title)  # no parent: freed with its last reference
        signals = _Signals()
        handle.state._emit = signals.sig_progress.emit
        signals.sig_progress.connect(handle.sig_progress)
        handle._deliver = lambda result, error, cancelled: self._on_finished(
            handle, result, error, cancelled, on_done, on_error, on_cancelled, parent
        )
        # Queued to a slot of the handle, which lives on the UI thread: callbacks run there.
        signals.sig_finished.connect(handle._on_result, _Qt.ConnectionType.QueuedConnection)
        self._keep[handle] = signals
        handle.write = write
        if write:
            WRITES._started()  # before sig_busy: its receivers can tell a write from a load
        if not self._running:
            self.sig_busy.emit(True)
        self._running.add(handle)
        if show_progress:
            QTimer.singleShot(
                self.progress_delay_ms, self, lambda: self._show_dialog(handle, parent)
            )
        pool = self._write_pool if write else self._pool
        pool.start(_Runnable(fn, args, handle.state, signals))
        return handle

    def write_and_wait(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` on the one write worker and wait (see :meth:`wait_for`).

        Returns its value or raises its exception, as a direct call would: for writes whose
        caller goes on with the result (a restore, then reopening the database).
        """
        handle = self.run(
            lambda _state: fn(*args), on_error=lambda _exc: None, show_progress=False, write=True
        )
        self.wait_for(handle)
        if handle.error is not None:
            raise handle.error
        return handle.result

    def wait_for(self, handle: TaskHandle) -> None:
        """Return once *handle* delivered its result, the event loop running meanwhile.

        Windows keep painting and timers keep firing; the user's clicks, keys and attempts to
        close a window are dropped until then (no second submit, no edit racing this one),
        and the cursor shows that the program is busy.
        """
        if handle.finished:
            return
        loop = QEventLoop()
        handle.sig_finished.connect(loop.quit)
        guard = _InputGuard()
        app = QCoreApplication.instance()
        assert app is not None
        app.installEventFilter(guard)
        QGuiApplication.setOverrideCursor(_Qt.CursorShape.BusyCursor)
        try:
            if not handle.finished:
                loop.exec()
        finally:
            QGuiApplication.restoreOverrideCursor()
            app.removeEventFilter(guard)

    # ----------------------------------------------------------------- progress dialog

    def _show_dialog(self, handle: TaskHandle, parent: QWidget | None) -> None:
        if handle.finished:
            return
        dialog = QProgressDialog(
            handle.title or QCoreApplication.translate("tasks", "Working…"),
            QCoreApplication.translate("tasks", "Cancel"),
            0,
            0,
            parent,
        )
        dialog.setWindowTitle(QCoreApplication.translate("tasks", "Please wait"))
        dialog.setWindowModality(_Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(360)
        dialog.canceled.connect(handle.cancel)
        handle.sig_progress.connect(lambda d, t, m: self._update_dialog(dialog, d, t, m))
        self._update_dialog(dialog, handle.state.done, handle.state.total, handle.state.message)
        handle.dialog = dialog
        dialog.show()

    @staticmethod
    def _update_dialog(dialog: QProgressDialog, done: int, total: int, message: str) -> None:
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
        else:
            dialog.setMaximum(0)
        if message:
            dialog.setLabelText(message)

    # ----------------------------------------------------------------- completion

    def _on_finished(
        self,
        handle: TaskHandle,
        result: Any,
        error: BaseException | None,
        cancelled: bool,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_cancelled: Callable[[], None] | None,
        parent: QWidget | None,
    ) -> None:
        handle.result, handle.error, handle.cancelled = result, error, cancelled
        if handle.dialog is not None:
            handle.dialog.close()
            handle.dialog.deleteLater()
            handle.dialog = None
        try:
            if cancelled:
                if on_cancelled is not None:
                    on_cancelled()
            elif error is not None:
                if on_error is not None:
                    on_error(error)
                else:
                    messages.show_error(parent, error)
            elif on_done is not None:
                on_done(result)
        finally:
            handle.finished = True
            self._running.discard(handle)
            self._keep.pop(handle, None)
            handle.sig_finished.emit()
            if handle.write:
                WRITES._ended()
            if not self._running:
                self.sig_busy.emit(False)

    # ----------------------------------------------------------------- housekeeping

    def active_count(self) -> int:
        """Number of tasks whose callbacks have not run yet."""
        return len(self._running)

    def cancel_all(self) -> None:
        """Ask every running task to stop."""
        for handle in list(self._running):
            handle.cancel()

    def wait_all(self, timeout_ms: int = 30_000) -> bool:
        """Block until all tasks ended and their callbacks ran (closing, tests); True if so."""
        deadline = time.perf_counter() + timeout_ms / 1000
        while self._running and time.perf_counter() < deadline:
            self._pool.waitForDone(20)
            self._write_pool.waitForDone(20)
            QCoreApplication.processEvents()
        return not self._running


_default: TaskRunner | None = None


def default_runner() -> TaskRunner:
    """A runner for code that was given none (writes still go through the one write worker)."""
    global _default
    if _default is None:
        _default = TaskRunner()
    return _default
