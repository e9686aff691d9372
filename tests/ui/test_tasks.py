"""The background helper: progress, cancel, callbacks on the UI thread, responsiveness."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

from workbench.errors import ValidationError
from workbench.ui.tasks import TaskCancelled, TaskRunner, TaskState


@pytest.fixture
def runner(qapp):
    runner = TaskRunner(progress_delay_ms=100)
    yield runner
    runner.cancel_all()
    runner.wait_all(5000)


def test_result_arrives_on_the_ui_thread(runner, qtbot):
    seen = {}

    def work(state: TaskState, a: int, b: int) -> int:
        seen["worker"] = threading.get_ident()
        return a + b

    def done(result: int) -> None:
        seen["result"] = result
        seen["callback_is_gui"] = QThread.currentThread() is QApplication.instance().thread()

    handle = runner.run(work, 2, 3, on_done=done, show_progress=False)
    qtbot.waitUntil(handle.is_finished, timeout=5000)
    assert seen["result"] == 5
    assert seen["callback_is_gui"]
    assert seen["worker"] != threading.get_ident()


def test_progress_is_reported_and_cancel_stops_the_task(runner, qtbot):
    progress = []
    cancelled = []
    steps_done = []

    def work(state: TaskState) -> str:
        for step in range(1000):
            state.check_cancelled()
            state.progress(step, 1000, f"step {step}")
            steps_done.append(step)
            time.sleep(0.005)
        return "finished"

    handle = runner.run(
        work,
        on_done=lambda r: pytest.fail("must not finish"),
        on_cancelled=lambda: cancelled.append(True),
        title="Counting",
    )
    handle.sig_progress.connect(lambda d, t, m: progress.append((d, t, m)))
    qtbot.waitUntil(lambda: handle.dialog is not None, timeout=5000)
    assert isinstance(handle.dialog, QProgressDialog)
    qtbot.waitUntil(lambda: len(progress) > 5, timeout=5000)
    assert progress[-1][1] == 1000 and progress[-1][2].startswith("step ")
    handle.dialog.findChild(QPushButton).click()  # the user presses Cancel
    qtbot.waitUntil(handle.is_finished, timeout=5000)
    assert cancelled == [True]
    assert handle.cancelled
    assert len(steps_done) < 1000


def test_quick_task_shows_no_dialog(runner, qtbot):
    handle = runner.run(lambda state: 1)
    # Qt fires timers of equal interval in the order they were started: once this one fired,
    # the runner's own progress-dialog timer (started by run()) has fired too.
    with qtbot.waitSignal(_single_shot(runner.progress_delay_ms).timeout, timeout=5000):
        pass
    assert handle.is_finished()
    assert handle.dialog is None


def test_window_stays_responsive_during_a_task(runner, qtbot):
    # The task only ends once the UI thread's timer has fired 20 times: it finishes (with
    # True) only if the event loop kept running while the task ran. No timing is asserted.
    ticks = []
    enough = threading.Event()
    timer = QTimer()
    timer.setInterval(10)

    def tick() -> None:
        ticks.append(1)
        if len(ticks) >= 20:
            enough.set()

    timer.timeout.connect(tick)
    timer.start()
    handle = runner.run(lambda state: enough.wait(10), show_progress=False)
    qtbot.waitUntil(handle.is_finished, timeout=15_000)
    timer.stop()
    assert handle.result is True


def test_workbench_error_is_shown_as_its_message(runner, qtbot, dialogs):
    def fail(state: TaskState) -> None:
        raise ValidationError("The year must be between 1900 and 2100.", "year")

    handle = runner.run(fail)
    qtbot.waitUntil(handle.is_finished, timeout=5000)
    assert dialogs.shown[-1][0] == "warning"
    assert dialogs.shown[-1][2] == "The year must be between 1900 and 2100."


def test_unexpected_error_is_friendly(runner, qtbot, dialogs):
    def crash(state: TaskState) -> None:
        raise ZeroDivisionError("division by zero")

    handle = runner.run(crash)
    qtbot.waitUntil(handle.is_finished, timeout=5000)
    kind, _title, text = dialogs.shown[-1]
    assert kind == "error"
    assert "ZeroDivisionError" in text and "Traceback" not in text


def test_on_error_callback_replaces_the_dialog(runner, qtbot, dialogs):
    errors = []
    handle = runner.run(lambda state: 1 / 0, on_error=errors.append)
    qtbot.waitUntil(handle.is_finished, timeout=5000)
    assert isinstance(errors[0], ZeroDivisionError)
    assert dialogs.shown == []


def test_writes_run_one_at_a_time_in_order(runner, qtbot):
    order = []
    active = []

    def write(state: TaskState, n: int) -> None:
        active.append(n)
        assert len(active) == 1
        time.sleep(0.02)
        order.append(n)
        active.remove(n)

    handles = [runner.run(write, n, write=True, show_progress=False) for n in range(5)]
    qtbot.waitUntil(lambda: all(h.is_finished() for h in handles), timeout=5000)
    assert order == [0, 1, 2, 3, 4]


def test_state_callback_for_core_functions_cancels():
    state = TaskState()
    report = state.callback()
    report(1, 10, "x")
    assert (state.done, state.total, state.message) == (1, 10, "x")
    state.cancel()
    with pytest.raises(TaskCancelled):
        report(2, 10)


def test_busy_signal(runner, qtbot):
    busy = []
    runner.sig_busy.connect(busy.append)
    handle = runner.run(lambda state: time.sleep(0.05), show_progress=False)
    qtbot.waitUntil(handle.is_finished, timeout=5000)
    assert busy == [True, False]


def test_a_task_that_finished_after_a_late_cancel_delivers_its_result(runner, qtbot):
    # Cancel pressed after the task's last check (e.g. after a commit): the work was done,
    # so the result arrives and nothing says "cancelled".
    release = threading.Event()
    outcome = []

    started = threading.Event()

    def work(state: TaskState) -> str:
        state.check_cancelled()
        started.set()
        release.wait(5)
        return "committed"

    handle = runner.run(
        work,
        on_done=outcome.append,
        on_cancelled=lambda: outcome.append("cancelled"),
        show_progress=False,
    )
    qtbot.waitUntil(started.is_set, timeout=5000)  # past its last check
    handle.cancel()
    release.set()
    qtbot.waitUntil(handle.is_finished, timeout=5000)
    assert outcome == ["committed"]
    assert not handle.cancelled and handle.result == "committed"


def _single_shot(interval_ms: int) -> QTimer:
    """A started single-shot timer of *interval_ms* (its ``timeout`` can be waited for)."""
    timer = QTimer()
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.start()
    _timers.append(timer)  # kept alive until the signal fired
    return timer


_timers: list[QTimer] = []
