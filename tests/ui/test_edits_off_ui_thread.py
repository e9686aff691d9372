"""Edits run on the one write worker: a slow database never freezes the window.

The database is slowed where it hurts (the INSERT of the organisation, as a far-away
PostgreSQL server would be): the statement does not return until the UI thread has shown,
by its own timer and by painting, that it kept running meanwhile. Were the save on the UI
thread, the timer could not fire and the counts would stay at zero (the statement gives up
waiting after a while, so such a failure ends instead of hanging). No timing is asserted.
Runs on SQLite and PostgreSQL (``any_db``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import event

from workbench.db import Database
from workbench.models import Organisation
from workbench.services.base import list_records
from workbench.services.changes import Changes
from workbench.ui.editor import OrganisationEditor
from workbench.ui.tasks import WRITES

NAME = "Lenta Energia S.r.l."


class PaintCounter(QObject):
    """Counts the paint events of the widget it watches."""

    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


class SlowInsert:
    """Holds the organisation's INSERT until the UI thread ticked and painted meanwhile."""

    def __init__(self, probe: QLabel, counter: PaintCounter) -> None:
        self.probe, self.counter = probe, counter
        self.ticks = 0
        self.ticks_during = 0
        self.paints_during = 0
        self.saving = threading.Event()  # set while the INSERT is held
        self.thread_of_insert: int | None = None
        self.seen_while_saving: list[dict[str, bool]] = []

    def tick(self, editor: OrganisationEditor, window: Any) -> None:
        """UI thread, every few milliseconds: count, repaint the probe, look at the window."""
        self.ticks += 1
        self.probe.setText(f"tick {self.ticks}")
        if self.saving.is_set() and editor is not None:
            self.seen_while_saving.append(
                {
                    "save_enabled": editor.save_button.isEnabled(),
                    "indicator": window.write_indicator.isVisible(),
                    "undo_enabled": window.action_undo.isEnabled(),
                }
            )

    def hold(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        """before_cursor_execute: the slow statement (write worker, never the UI thread)."""
        if not statement.lstrip().upper().startswith("INSERT INTO ORGANISATION "):
            return
        self.thread_of_insert = threading.get_ident()
        start_ticks, start_paints = self.ticks, self.counter.paints
        self.saving.set()
        waited = threading.Event()
        for _ in range(1500):  # gives up after ~15 s: a frozen window fails the test, not hangs
            if self.ticks >= start_ticks + 5 and self.counter.paints >= start_paints + 2:
                break
            waited.wait(0.01)
        self.ticks_during = self.ticks - start_ticks
        self.paints_during = self.counter.paints - start_paints
        self.saving.clear()


@pytest.fixture
def window(qtbot: Any, app_ctx: Any, any_db: Database) -> Iterator[Any]:
    from workbench.ui.main_window import MainWindow

    any_db.user = "tester"
    win = MainWindow(app_ctx(any_db))
    qtbot.addWidget(win)
    win.resize(1100, 700)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.wait_for_tasks()


def test_a_slow_save_keeps_the_window_painting(window: Any, any_db: Database, qtbot: Any) -> None:
    page = window.show_page("members")
    qtbot.waitUntil(page.has_loaded, timeout=15_000)
    window.wait_for_tasks()
    announced: list[Changes] = []
    window.ctx.bus.sig_changed.connect(announced.append)

    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    editor = next(e for e in page.open_editors() if isinstance(e, OrganisationEditor))
    qtbot.waitExposed(editor)
    qtbot.keyClicks(editor.fields["name"], NAME)

    probe = QLabel("tick 0")
    window.statusBar().addWidget(probe)
    counter = PaintCounter()
    probe.installEventFilter(counter)
    slow = SlowInsert(probe, counter)
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: slow.tick(editor, window))
    timer.start()
    event.listen(any_db.engine, "before_cursor_execute", slow.hold)
    try:
        qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)  # returns once saved
    finally:
        event.remove(any_db.engine, "before_cursor_execute", slow.hold)
        timer.stop()

    # The write ran on the write worker while the UI thread ticked and painted.
    assert slow.thread_of_insert is not None
    assert slow.thread_of_insert != threading.get_ident()
    assert slow.ticks_during >= 5, "the window's timer stopped during the save"
    assert slow.paints_during >= 2, "the window stopped painting during the save"
    # Meanwhile: Save disabled (no second submit), "Saving…" shown, no Undo on top of it.
    assert slow.seen_while_saving
    assert not any(s["save_enabled"] for s in slow.seen_while_saving)
    assert all(s["indicator"] for s in slow.seen_while_saving)
    assert not any(s["undo_enabled"] for s in slow.seen_while_saving)

    # Then: stored once, on the undo stack once, the editor closed, the list refreshed.
    stored = list_records(any_db, Organisation, where=[Organisation.name == NAME])
    assert len(stored) == 1
    assert window.ctx.undo_stack.count() == 1
    assert not WRITES.is_busy()
    assert not window.write_indicator.isVisible()
    assert not editor.isVisible()
    assert [("organisation", stored[0].id) in c.created for c in announced] == [True]
    QApplication.processEvents()  # the queued change notice starts the reload
    window.wait_for_tasks()
    qtbot.waitUntil(lambda: NAME in [row.name for row in page.model.rows], timeout=15_000)


# --------------------------------------------------------------------------- the write worker


def test_writes_from_two_runners_run_one_at_a_time_in_order(qapp: Any) -> None:
    from workbench.ui.tasks import TaskRunner

    first, second = TaskRunner(), TaskRunner()
    order: list[int] = []
    threads: set[int] = set()
    running = threading.Lock()

    def write(_state: Any, n: int) -> None:
        assert running.acquire(blocking=False), "two writes ran at once"
        try:
            threads.add(threading.get_ident())
            order.append(n)
        finally:
            running.release()

    for n in range(20):
        (first if n % 2 else second).run(write, n, show_progress=False, write=True)
    assert first.wait_all(10_000) and second.wait_all(10_000)
    assert order == list(range(20))
    assert len(threads) == 1 and threading.get_ident() not in threads
    assert not WRITES.is_busy()


def test_a_failed_edit_is_not_pushed_and_raises_its_error(
    app_ctx: Any, sqlite_db: Database
) -> None:
    from workbench.errors import ValidationError
    from workbench.ui.undo import ServiceCommand, push_edit

    ctx = app_ctx(sqlite_db)
    announced: list[Any] = []
    ctx.bus.sig_changed.connect(announced.append)

    def refuse(_cmd: ServiceCommand) -> None:
        raise ValidationError("No.")

    command = ServiceCommand("Refused", refuse, lambda cmd: None, bus=ctx.bus, table="x")
    with pytest.raises(ValidationError):
        push_edit(ctx.undo_stack, command)
    assert ctx.undo_stack.count() == 0
    assert announced == []


def test_a_step_speaks_to_the_user_only_after_it_ended(app_ctx: Any, sqlite_db: Database) -> None:
    from workbench.ui.undo import ServiceCommand, after_step, push_edit

    ctx = app_ctx(sqlite_db)
    ui_thread = threading.get_ident()
    seen: list[tuple[str, int]] = []

    def do(_cmd: ServiceCommand) -> str:
        after_step(lambda: seen.append(("note", threading.get_ident())))
        seen.append(("step", threading.get_ident()))
        return "done"

    command = ServiceCommand("Noted", do, lambda cmd: None, bus=ctx.bus, table="x")
    assert push_edit(ctx.undo_stack, command) == "done"
    assert [what for what, _ in seen] == ["step", "note"]
    assert seen[0][1] != ui_thread and seen[1][1] == ui_thread
    assert ctx.undo_stack.count() == 1


def test_closing_waits_for_a_pending_write_and_refuses_while_it_runs(
    app_ctx: Any, sqlite_db: Database, qtbot: Any
) -> None:
    from workbench.ui.undo import ServiceCommand, submit_edit
    from workbench.ui.write_status import writes_done_before_closing

    ctx = app_ctx(sqlite_db)
    release = threading.Event()
    done: list[Any] = []

    def slow(_cmd: ServiceCommand) -> str:
        release.wait(30)
        return "written"

    command = ServiceCommand("Slow", slow, lambda cmd: None, bus=ctx.bus, table="x")
    submit_edit(ctx.undo_stack, command, on_done=done.append)
    assert WRITES.is_busy()
    assert not writes_done_before_closing(timeout_ms=50)  # still writing: refuse
    release.set()
    assert writes_done_before_closing()
    assert done == ["written"]
    assert ctx.undo_stack.count() == 1


class HeldStatement:
    """Holds the first statement starting with *prefix* until the UI thread looked around."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix.upper()
        self.held = threading.Event()
        self.release = threading.Event()
        self.thread: int | None = None

    def hold(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.thread is None and statement.lstrip().upper().startswith(self.prefix):
            self.thread = threading.get_ident()
            self.held.set()
            self.release.wait(15)  # a frozen UI thread never releases it: the test fails


def test_a_record_dialog_save_and_its_undo_run_off_the_ui_thread(
    window: Any, any_db: Database, qtbot: Any
) -> None:
    from workbench.models import CompetenceArea

    page = window.show_page("areas")
    window.wait_for_tasks()
    dialog = page.open_new()
    qtbot.keyClicks(dialog.form.editor("name"), "Batteries")
    seen: list[tuple[bool, bool, str]] = []
    insert = HeldStatement("INSERT INTO competence_area ")

    def look() -> None:
        if insert.held.is_set() and not insert.release.is_set():
            seen.append(
                (dialog.ok_button.isEnabled(), dialog.message.isVisible(), dialog.message.text())
            )
            insert.release.set()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(5)
    event.listen(any_db.engine, "before_cursor_execute", insert.hold)
    try:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    finally:
        event.remove(any_db.engine, "before_cursor_execute", insert.hold)
    assert insert.thread is not None and insert.thread != threading.get_ident()
    assert seen == [(False, True, "Saving…")]
    assert [a.name for a in list_records(any_db, CompetenceArea)] == ["Batteries"]

    delete = HeldStatement("DELETE FROM competence_area ")

    def look_undo() -> None:
        if delete.held.is_set() and not delete.release.is_set():
            seen.append((window.action_undo.isEnabled(), window.write_indicator.isVisible(), ""))
            delete.release.set()

    timer.timeout.disconnect()
    timer.timeout.connect(look_undo)
    event.listen(any_db.engine, "before_cursor_execute", delete.hold)
    try:
        window.action_undo.trigger()
    finally:
        event.remove(any_db.engine, "before_cursor_execute", delete.hold)
        timer.stop()
    assert delete.thread is not None and delete.thread != threading.get_ident()
    assert seen[1:] == [(False, True, "")]
    assert list_records(any_db, CompetenceArea) == []
    assert window.ctx.undo_stack.index() == 0 and window.ctx.undo_stack.canRedo()
