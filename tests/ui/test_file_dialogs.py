"""Every file dialog of the program lists the database's folder without dropping SQLite's locks.

POSIX advisory locks belong to the process: a dialog that opens and closes the database file
(Qt's type sniffing) releases the locks SQLite holds through its own descriptor. Each test
opens one real dialog of the program on the folder of the window's live WAL database, waits
until the dialog has listed (and typed) the database files, and compares the locks this
process holds on them, read from ``/proc/locks``, before, during and after.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFileSystemModel,
    QLineEdit,
    QMessageBox,
)
from sqlalchemy import text

from tests.core.test_sqlite_wal import add_member, member_names_seen_by_the_cli
from workbench.db import Database
from workbench.errors import DatabaseError
from workbench.ui.widgets import file_dialogs
from workbench.wal_guard import wal_path_of

pytestmark = pytest.mark.skipif(
    not Path("/proc/locks").exists(), reason="needs Linux /proc/locks to see POSIX locks"
)

UI_ROOT = Path(__file__).resolve().parents[2] / "workbench" / "ui"


def sqlite_files(db_path: Path) -> list[Path]:
    return [
        db_path,
        db_path.with_name(db_path.name + "-wal"),
        db_path.with_name(db_path.name + "-shm"),
    ]


def held_locks(db_path: Path) -> set[tuple[str, str, str, str]]:
    """(file name, READ/WRITE, start, end) of this process's POSIX locks on the database files.

    Only the locks an open WAL connection holds all the time: the shared lock on the database
    file and the "in use" (DMS) byte 128 of the ``-shm`` file. Read-mark locks (``-shm``
    bytes 120-127) come and go with each transaction of the window's background work.
    """
    inodes = {p.stat().st_ino: p.name for p in sqlite_files(db_path) if p.exists()}
    pid = str(os.getpid())
    held = set()
    for line in Path("/proc/locks").read_text().splitlines():
        parts = line.split()
        # "1: POSIX  ADVISORY  READ 1234 fe:00:2195947 1073741826 1073742335"; "->" marks waiters
        if len(parts) < 8 or parts[1] == "->" or parts[1] != "POSIX" or parts[4] != pid:
            continue
        inode = int(parts[5].rsplit(":", 1)[1])
        name = inodes.get(inode)
        if name == db_path.name or (name is not None and parts[6] == "128"):
            held.add((name, parts[3], parts[6], parts[7]))
    return held


def hold_connection(db: Database) -> None:
    """Leave a pooled connection open in WAL mode (it holds SQLite's shared locks)."""
    with db.engine.connect() as connection:
        connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar()


class DialogWatch:
    """Drives the dialog that *open_dialog* shows: lists the database folder, then cancels."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.dialogs: list[QFileDialog] = []
        self.during: set[tuple[str, str, str, str]] | None = None
        self.listed = False
        self.ticks = 0
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.ticks += 1
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QFileDialog) and w.isVisible()
        ]
        if not shown:
            return
        dialog = shown[0]
        if dialog not in self.dialogs:
            self.dialogs.append(dialog)
            dialog.setDirectory(str(self.db_path.parent))
            # Show every file, as the user does by choosing "All files" or typing "*": the
            # WAL and shared-memory files are then listed (and typed) too.
            dialog.setNameFilter("*")
        if self._listed(dialog) or self.ticks > 1500:  # 30 s: give up, the asserts say why
            self.listed = self._listed(dialog)
            self.during = held_locks(self.db_path)
            self.timer.stop()
            dialog.reject()

    def _listed(self, dialog: QFileDialog) -> bool:
        """True once the dialog's model has typed every database file (icons come with it)."""
        model = dialog.findChild(QFileSystemModel, "qt_filesystem_model")
        if model is None:
            return False
        for path in sqlite_files(self.db_path):
            index = model.index(str(path))
            if not index.isValid() or not model.data(index.siblingAtColumn(2)):
                return False
        return True


def assert_locks_survive(db: Database, open_dialog: Callable[[], Any]) -> None:
    assert db.path is not None
    hold_connection(db)
    before = held_locks(db.path)
    # Both kinds are held, so losing either one fails the test.
    assert {name for name, *_ in before} == {db.path.name, db.path.name + "-shm"}, before
    watch = DialogWatch(db.path)
    watch.timer.start()
    try:
        open_dialog()
    finally:
        watch.timer.stop()
    assert len(watch.dialogs) == 1, "the action did not show exactly one file dialog"
    assert watch.listed, "the dialog never listed the database folder"
    assert watch.during == before
    assert held_locks(db.path) == before


# --------------------------------------------------------------------------- every dialog


@pytest.mark.parametrize(
    "action", ["action_new_db", "action_open_db", "action_backup", "action_restore"]
)
def test_file_menu_dialogs_keep_the_locks(main_window: Any, ctx: Any, action: str) -> None:
    assert_locks_survive(ctx.db, getattr(main_window, action).trigger)


@pytest.mark.parametrize("button", ["browse_button", "org_browse_button"])
def test_import_choose_keeps_the_locks(main_window: Any, ctx: Any, button: str) -> None:
    page = main_window.show_page("import")
    ctx.settings.setValue("pages/import/folder", str(ctx.db.path.parent))
    assert_locks_survive(ctx.db, getattr(page.file_step, button).click)


def test_import_error_report_keeps_the_locks(
    main_window: Any, ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    import openpyxl

    source = ctx.db.path.parent / "soci.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Ragione sociale", "Città"])
    book.active.append(["Nuova Impresa Srl", "Monza"])
    book.save(source)
    page = main_window.show_page("import")
    page.start_import(source)
    qtbot.waitUntil(lambda: not page.is_busy(), timeout=60_000)
    while page.plan is None and page.next_button.isEnabled():
        page.next_button.click()
        qtbot.waitUntil(lambda: not page.is_busy(), timeout=60_000)
    assert page.plan is not None
    assert_locks_survive(ctx.db, page.summary_step.sig_save_report.emit)


def test_reports_save_as_keeps_the_locks(main_window: Any, ctx: Any) -> None:
    page = main_window.show_page("reports")
    page.path_edit.setText(str(ctx.db.path.parent / "report.xlsx"))
    assert_locks_survive(ctx.db, page.browse_button.click)


def test_indicator_evidence_keeps_the_locks(ctx: Any, qtbot: Any) -> None:
    from workbench.ui.indicators.view import IndicatorsView

    view = IndicatorsView(ctx, open_file=lambda path: True)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.assessment is not None and not view.is_loading(), timeout=30_000)
    view.select_indicator("4.1.2")
    assert view.evidence.attach_button.isEnabled()
    ctx.settings.setValue("pages/indicators/evidence_folder", str(ctx.db.path.parent))
    assert_locks_survive(ctx.db, view.evidence.attach_button.click)


def test_history_export_keeps_the_locks(ctx: Any, qtbot: Any) -> None:
    from workbench.ui.dialogs.history_dialog import HistoryDialog

    dialog = HistoryDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.export_button.isEnabled(), timeout=60_000)
    assert_locks_survive(ctx.db, dialog.export_button.click)


def test_personal_data_export_keeps_the_locks(ctx: Any, qtbot: Any) -> None:
    from workbench.models import Contact
    from workbench.services.base import list_records
    from workbench.ui.editor import OrganisationEditor

    contact = list_records(ctx.db, Contact, limit=1)[0]
    editor = OrganisationEditor(ctx, contact.organisation_id)
    qtbot.addWidget(editor)
    editor.show()
    section = editor.sections["contacts"]
    section.select_position(
        next(i for i, r in enumerate(section.model.rows) if r.get("id") == contact.id)
    )
    assert editor.personal_data.export_person_button.isEnabled()
    assert_locks_survive(ctx.db, editor.personal_data.export_person_button.click)


def test_record_form_file_picker_keeps_the_locks(ctx: Any, qtbot: Any) -> None:
    from workbench.ui.widgets.record_table import PathEdit

    picker = PathEdit()
    qtbot.addWidget(picker)
    picker.line_edit.setText(str(ctx.db.path))
    picker.show()
    assert_locks_survive(ctx.db, picker.browse_button.click)


def test_no_file_dialog_outside_the_helper() -> None:
    """Every file dialog goes through file_dialogs (a new direct QFileDialog call would sniff)."""
    direct = re.compile(r"QFileDialog\s*[.(]|getOpenFileName|getSaveFileName|getExistingDirectory")
    offenders = [
        str(path.relative_to(UI_ROOT))
        for path in UI_ROOT.rglob("*.py")
        if path.name != "file_dialogs.py" and direct.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_unsafe_dialog_really_drops_the_locks(
    ui_db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above can fail: Qt's default icon provider loses the locks on this machine."""
    monkeypatch.setattr(file_dialogs, "SAFE_DIALOGS", False)
    assert ui_db.path is not None
    hold_connection(ui_db)
    before = held_locks(ui_db.path)
    assert before
    watch = DialogWatch(ui_db.path)
    watch.timer.start()
    file_dialogs.open_file_name(None, "Open", str(ui_db.path.parent), "All files (*)")
    assert watch.listed
    assert held_locks(ui_db.path) != before
    # What follows is the data loss users saw: the next program to close the database thinks
    # it is the last one, checkpoints and deletes the WAL this process still writes to. The
    # WAL guard now refuses the write instead of committing it into the orphaned file.
    add_member(ui_db, "Alfa")
    member_names_seen_by_the_cli(ui_db.path)
    assert not wal_path_of(ui_db.path).exists()
    with pytest.raises(DatabaseError, match="journal file"):
        add_member(ui_db, "Beta")


def test_after_a_file_dialog_a_cli_command_keeps_the_window_wal(main_window: Any, ctx: Any) -> None:
    wal = wal_path_of(ctx.db.path)
    assert_locks_survive(ctx.db, main_window.action_open_db.trigger)
    add_member(ctx.db, "Written after the dialog")
    inode = wal.stat().st_ino
    assert "Written after the dialog" in member_names_seen_by_the_cli(ctx.db.path)
    assert wal.exists() and wal.stat().st_ino == inode
    add_member(ctx.db, "Written after the CLI")
    assert "Written after the CLI" in member_names_seen_by_the_cli(ctx.db.path)


# --------------------------------------------------------------------------- the open file


class PickTheDatabase:
    """Picks *first* in the first file dialog shown, then cancels every dialog after it."""

    def __init__(self, first: Path) -> None:
        self.first = first
        self.shown: list[QFileDialog] = []
        self.unexpected = ""
        self.ticks = 0
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.ticks += 1
        if self.ticks > 1500:  # 30 s: close whatever is left so the asserts, not a hang, say why
            self.unexpected = self.unexpected or "a dialog was still open after 30 s"
            for dialog in QApplication.topLevelWidgets():
                if isinstance(dialog, QFileDialog | QMessageBox) and dialog.isVisible():
                    dialog.reject()
            return
        for dialog in QApplication.topLevelWidgets():
            if isinstance(dialog, QMessageBox) and dialog.isVisible():
                self.unexpected = dialog.text()
                dialog.reject()  # a question nobody expected must not hang the test
                continue
            if not isinstance(dialog, QFileDialog) or not dialog.isVisible():
                continue
            # Marked on the Qt object, not remembered by wrapper: the second dialog may be
            # built where the first one was freed, and Python then sees "the same" wrapper
            # (the test hung once in CI that way, waiting for a dialog it thought it handled).
            if dialog.property("picked_by_test"):
                continue
            dialog.setProperty("picked_by_test", True)
            self.shown.append(dialog)
            if len(self.shown) == 1:
                dialog.setNameFilter("*")
                # Typed into the file-name box, as a user does. Not selectFile(): while the
                # box has keyboard focus (the window is active after some earlier tests)
                # Qt leaves its text alone, and accept() then has no file and does nothing.
                name_box = dialog.findChild(QLineEdit, "fileNameEdit")
                assert name_box is not None, "Qt's widget file dialog has no file-name box"
                name_box.setText(str(self.first))
                dialog.accept()
            else:
                self.directory = dialog.directory().absolutePath()
                dialog.reject()


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_the_open_database_cannot_be_picked_for_import(
    main_window: Any, ctx: Any, dialogs: Any, suffix: str
) -> None:
    page = main_window.show_page("import")
    hold_connection(ctx.db)
    before = held_locks(ctx.db.path)
    target = ctx.db.path.with_name(ctx.db.path.name + suffix)
    assert target.exists()
    picker = PickTheDatabase(target)
    try:
        page.file_step.browse_button.click()
    finally:
        picker.timer.stop()
    assert len(picker.shown) == 2  # refused, and the dialog came back (then was cancelled)
    assert picker.unexpected == ""
    assert picker.directory == str(ctx.db.path.parent)
    assert any("is the database Cluster Workbench has open" in t for t in dialogs.texts())
    assert page.plan is None and held_locks(ctx.db.path) == before


def test_a_report_cannot_be_saved_over_the_open_database(
    main_window: Any, ctx: Any, dialogs: Any
) -> None:
    page = main_window.show_page("reports")
    size = ctx.db.path.stat().st_size
    picker = PickTheDatabase(ctx.db.path)
    try:
        page.browse_button.click()
    finally:
        picker.timer.stop()
    assert any("cannot be chosen here" in t for t in dialogs.texts())
    assert picker.unexpected == "" and len(picker.shown) == 2
    assert not any("Replace it?" in t for t in dialogs.texts())  # never offered to replace
    assert page.path_edit.text() != str(ctx.db.path)
    assert ctx.db.path.stat().st_size == size


def test_opening_the_open_database_again_keeps_it_and_its_locks(main_window: Any, ctx: Any) -> None:
    hold_connection(ctx.db)
    before = held_locks(ctx.db.path)
    engine = ctx.db.engine
    assert main_window.open_database_at(str(ctx.db.path))
    assert ctx.db.engine is engine  # not reopened
    assert "already open" in main_window.statusBar().currentMessage()
    assert held_locks(ctx.db.path) == before


def test_saving_over_an_existing_file_asks_first(
    main_window: Any, ctx: Any, dialogs: Any, tmp_path: Path
) -> None:
    existing = tmp_path / "old-report.xlsx"
    existing.write_bytes(b"old")
    page = main_window.show_page("reports")
    dialogs.answer = False  # "Cancel" to the question: back to the dialog
    picker = PickTheDatabase(existing)
    try:
        page.browse_button.click()
    finally:
        picker.timer.stop()
    assert any("old-report.xlsx already exists. Replace it?" in t for t in dialogs.texts())
    assert len(picker.shown) == 2 and existing.read_bytes() == b"old"
