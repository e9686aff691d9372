"""The window's way back: recovery dialog, truthful storage errors, confirmed empty restores."""

from __future__ import annotations

import errno
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from support.filesystems import remount_read_only, tiny_tmpfs

from workbench.db import backup_sqlite, damaged_dir_for, list_backups, open_database
from workbench.models import Organisation
from workbench.services import members
from workbench.services.base import list_records
from workbench.ui.dialogs.common_database import open_for_window
from workbench.ui.widgets import messages


def populated(path: Path, count: int = 3) -> None:
    db = open_database(path)
    for i in range(count):
        members.create_organisation(db, {"name": f"Member {i}"}, join_date=date(2020, 1, 1))
    db.dispose()


def truncate(path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def click_in_message_box(qtbot: Any, button_text: str, seen: list[str]) -> None:
    """When the next modal message box shows, record its text and click *button_text*."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)  # not shown yet: look again on the next turn
            return
        seen.append(box.text())
        button = next(b for b in box.buttons() if b.text() == button_text)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, press)


def test_truncated_database_is_restored_from_the_real_recovery_dialog(
    tmp_path: Path, ui_settings: Any, qtbot: Any
) -> None:
    path = tmp_path / "cluster.db"
    populated(path, count=25)
    good = backup_sqlite(path, reason="daily")
    truncate(path)
    messages.set_responder(None)  # the real QMessageBox, clicked like a user would
    seen: list[str] = []
    click_in_message_box(qtbot, "Restore the newest backup", seen)

    opened = open_for_window(path, ui_settings, None)

    assert opened is not None
    try:
        assert len(list_records(opened.db, Organisation)) == 25
    finally:
        opened.close()
    assert "damaged" in seen[0] and good.name in seen[0]
    assert len(list(damaged_dir_for(path).glob("cluster-*.db"))) == 1
    assert good in list_backups(path)


@pytest.mark.parametrize(("choice", "expected"), [(0, 3), (1, 0)])
def test_empty_database_with_backups_offers_restore_or_empty(
    tmp_path: Path, ui_settings: Any, dialogs: Any, choice: int, expected: int
) -> None:
    path = tmp_path / "cluster.db"
    populated(path)
    good = backup_sqlite(path, reason="daily")
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.write_bytes(b"")
    dialogs.choice = choice

    opened = open_for_window(path, ui_settings, None)

    assert opened is not None
    try:
        assert len(list_records(opened.db, Organisation)) == expected
    finally:
        opened.close()
    kind, title, text = dialogs.shown[0]
    assert kind == "choice" and title == "The database is missing or empty"
    assert good.name in text and "0 bytes" in text


def test_newer_database_is_refused_in_the_window_without_new_backups(
    tmp_path: Path, ui_settings: Any, dialogs: Any
) -> None:
    path = tmp_path / "cluster.db"
    populated(path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    for _ in range(3):
        assert open_for_window(path, ui_settings, None) is None
    assert dialogs.kinds() == ["warning"] * 3
    assert dialogs.shown[0][1] == "A newer Cluster Workbench is needed"
    assert "9999_future" in dialogs.shown[0][2]
    assert list_backups(path) == []


def test_read_only_disk_is_not_called_damaged_in_the_window(
    tmp_path: Path, ui_settings: Any, dialogs: Any
) -> None:
    # A read-only disk, not a full one: room for the migrations' write-ahead log (it no longer
    # fits into 1 MB since the schema grew with 0004 and 0006).
    with tiny_tmpfs(tmp_path / "tiny", size="8M") as disk:
        path = disk / "cluster.db"
        populated(path, count=0)
        remount_read_only(disk)
        opened = open_for_window(path, ui_settings, None)
        # Reading may work (it then opens read-only, after a warning) or be refused (SQLite
        # cannot read a write-ahead-log database where it may not create its index file);
        # either way it is never called damaged and no backup is offered over it.
        if opened is not None:
            try:
                assert opened.db.read_only
            finally:
                opened.close()
    assert dialogs.kinds() == ["warning"]  # no offer to restore a backup over it
    _kind, title, text = dialogs.shown[0]
    assert title == "The database cannot be written"
    assert "read-only" in text and "damaged" not in text


def test_full_disk_backup_from_the_window_says_so(
    main_window: Any, tmp_path: Path, dialogs: Any, qtbot: Any
) -> None:
    with tiny_tmpfs(tmp_path / "tiny", size="64k") as disk:
        main_window.backup_to(disk / "copy.db")
        main_window.wait_for_tasks()
        qtbot.waitUntil(lambda: bool(dialogs.shown), timeout=10_000)
        assert list(disk.iterdir()) == []
    kind, _title, text = dialogs.shown[-1]
    assert kind == "warning" and "is full" in text


def test_unexpected_storage_failures_are_shown_as_what_they_are(dialogs: Any) -> None:
    messages.show_error(None, OSError(errno.ENOSPC, "No space left on device"))
    messages.show_error(None, sqlite3.OperationalError("database is locked"))
    assert dialogs.kinds() == ["warning", "warning"]
    assert "is full" in dialogs.shown[0][2] and "stayed locked" in dialogs.shown[1][2]


def test_restoring_an_empty_backup_asks_before_emptying(
    main_window: Any, tmp_path: Path, dialogs: Any
) -> None:
    empty = tmp_path / "empty.db"
    fresh = open_database(empty)
    fresh.dispose()
    before = len(list_records(main_window.ctx.db, Organisation))
    answers = iter([True, False])  # yes, replace; no, do not empty it

    def respond(kind: str, title: str, text: str, options: Any) -> Any:
        answer = dialogs(kind, title, text, options)
        return next(answers) if kind == "confirm" else answer

    messages.set_responder(respond)

    assert not main_window.restore_from(empty)

    assert len(list_records(main_window.ctx.db, Organisation)) == before
    titles = [t for k, t, _x in dialogs.shown if k == "confirm"]
    assert titles == ["Restore a backup", "The backup is empty"]
    messages.set_responder(dialogs)
    dialogs.answer = True
    assert main_window.restore_from(empty)
    assert list_records(main_window.ctx.db, Organisation) == []
