"""File > New / Open / Recent / Backup / Restore, and switching the database the window shows.

:class:`DatabaseActions` is the window's helper for them (``MainWindow.databases``); the
window's ``open_database_at``, ``new_database_at``, ``switch_database``, ``backup_to`` and
``restore_from`` delegate here. Opening and restoring go through
:mod:`workbench.ui.dialogs.common_database` (the same path as at start-up); every file dialog
goes through :mod:`workbench.ui.widgets.file_dialogs`, which refuses the open database itself.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication

from workbench.db import backup_dir_for, resolve_db_url, sqlite_path_of
from workbench.errors import WorkbenchError
from workbench.locking import is_database_file
from workbench.services.changes import Changes
from workbench.ui import settings as prefs
from workbench.ui.dialogs.common_database import (
    OpenedDatabase,
    RestoreCancelled,
    backup_to,
    open_for_window,
    restore_file,
)
from workbench.ui.formatting import format_datetime
from workbench.ui.widgets import messages
from workbench.ui.widgets.file_dialogs import open_file_name, save_file_name, set_open_database

if TYPE_CHECKING:
    from workbench.ui.main_window import MainWindow


class DatabaseActions(QObject):
    """The database commands of *window*: its dialogs are parented to the window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx

    def _file_dialog_folder(self) -> str:
        db = self.ctx.db
        return str(db.path.parent) if db.path is not None else str(Path.home())

    def on_new_database(self) -> None:
        """File > New database: ask where, then :meth:`new_database_at`."""
        path = save_file_name(
            self.window,
            self.tr("New database"),
            str(Path(self._file_dialog_folder()) / "cluster.db"),
            self.tr("Cluster Workbench databases (*.db)"),
        )
        if path:
            self.new_database_at(path)

    def new_database_at(self, path: str | Path) -> bool:
        """Create an empty database at *path* and switch to it; True on success."""
        target = Path(path)
        if target.suffix == "":
            target = target.with_suffix(".db")
        if target.exists():
            messages.warn(
                self.window,
                self.tr("New database"),
                self.tr(
                    "{path} already exists. Choose another name, or use "
                    "File > Open database to open it."
                ).format(path=target),
            )
            return False
        return self.open_database_at(str(target))

    def on_open_database(self) -> None:
        """File > Open database: ask which, then :meth:`open_database_at`."""
        path = open_file_name(
            self.window,
            self.tr("Open database"),
            self._file_dialog_folder(),
            self.tr("Cluster Workbench databases (*.db *.sqlite);;All files (*)"),
        )
        if path:
            self.open_database_at(path)

    def open_database_at(self, location: str) -> bool:
        """Open the database at *location* (file or URL) and show it; True on success.

        The file that is open already stays as it is: opening it a second time and closing
        the first engine would close descriptors of it and drop SQLite's locks.
        """
        target = sqlite_path_of(resolve_db_url(location))
        if target is not None and is_database_file(target, self.ctx.db.path):
            self.window.statusBar().showMessage(
                self.tr("{path} is already open.").format(path=target)
            )
            return True
        if self.ctx.tasks is not None:
            self.ctx.tasks.cancel_all()
            self.ctx.tasks.wait_all(10_000)
        opened = open_for_window(location, self.ctx.settings, self.window)
        if opened is None:
            return False
        self.switch_database(opened)
        return True

    def switch_database(self, opened: OpenedDatabase) -> None:
        """Show *opened* instead of the current database (closing the current one)."""
        old = self.window.opened
        self.window.opened = opened
        self.ctx.db = opened.db
        set_open_database(opened.db.path)
        if old is not None and old.db is not opened.db:
            old.close()
        self.ctx.undo_stack.clear()
        self.ctx.bus.versions.clear()
        location = str(opened.db.path) if opened.db.path is not None else opened.db.url
        prefs.add_recent_database(self.ctx.settings, location)
        self.window.refresh_pages()
        self.window.update_title()
        self.window.update_status()
        self.window.sig_database_changed.emit()
        self.ctx.bus.announce(Changes.all())

    def on_backup(self) -> None:
        """File > Backup: ask where (a copy, or a portable export for a server)."""
        db = self.ctx.db
        if db.path is not None:
            folder = backup_dir_for(db.path)
            folder.mkdir(parents=True, exist_ok=True)
            suggestion = folder / f"{db.path.stem}-{datetime.now():%Y%m%d-%H%M}-manual.db"
            filters = self.tr("Database copies (*.db);;Portable exports (*.json.gz)")
        else:
            suggestion = Path.home() / f"workbench-export-{datetime.now():%Y%m%d-%H%M}.json.gz"
            filters = self.tr("Portable exports (*.json.gz)")
        path = save_file_name(self.window, self.tr("Backup"), str(suggestion), filters)
        if path:
            self.backup_to(Path(path))

    def backup_to(self, destination: Path | None = None) -> None:
        """Back up the database in the background (None: into its backups folder)."""
        db = self.ctx.db
        keep = prefs.get(self.ctx.settings, prefs.BACKUPS_KEPT)
        assert self.ctx.tasks is not None
        self.ctx.tasks.run(
            lambda _state: backup_to(db, destination, keep),
            on_done=lambda path: self.window.statusBar().showMessage(
                self.tr("Backup written to {path}").format(path=path), 10_000
            ),
            title=self.tr("Backing up the database…"),
            parent=self.window,
        )

    def on_restore(self) -> None:
        """File > Restore: ask which backup, then :meth:`restore_from`."""
        db = self.ctx.db
        folder = str(backup_dir_for(db.path)) if db.path is not None else str(Path.home())
        path = open_file_name(
            self.window,
            self.tr("Restore a backup"),
            folder,
            self.tr("Backups (*.db *.json.gz *.json);;All files (*)"),
        )
        if path:
            self.restore_from(Path(path))

    def restore_from(self, source: Path) -> bool:
        """Replace the open database by the backup *source*, after confirmation."""
        db = self.ctx.db
        when = ""
        if source.exists():
            when = format_datetime(datetime.fromtimestamp(source.stat().st_mtime).astimezone())
        if not messages.confirm(
            self.window,
            self.tr("Restore a backup"),
            self.tr(
                "Replace everything in {database} with the backup {backup} (saved {when})?\n\n"
                "All members, projects and other records entered since then will be replaced. "
                "The current contents are saved as a backup first, so this can be reverted."
            ).format(database=db.display_name, backup=source.name, when=when),
            yes_text=self.tr("Replace with the backup"),
            destructive=True,
        ):
            return False
        location = str(db.path) if db.path is not None else db.url
        url = db.url
        if self.ctx.tasks is not None:
            self.ctx.tasks.cancel_all()
            self.ctx.tasks.wait_all(10_000)
        self.window.opened.close()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            safety = restore_file(url, source, self.window, self.ctx.tasks)
        except RestoreCancelled:
            QApplication.restoreOverrideCursor()
            self._reopen_after_failure(location)
            return False
        except WorkbenchError as exc:
            QApplication.restoreOverrideCursor()
            messages.show_error(self.window, exc)
            self._reopen_after_failure(location)
            return False
        QApplication.restoreOverrideCursor()
        opened = open_for_window(location, self.ctx.settings, self.window)
        if opened is None:
            return False
        self.switch_database(opened)
        note = (
            self.tr(" The previous contents were saved to {path}.").format(path=safety)
            if safety
            else ""
        )
        messages.inform(
            self.window,
            self.tr("Backup restored"),
            self.tr("The backup {name} was restored.").format(name=source.name) + note,
        )
        return True

    def _reopen_after_failure(self, location: str) -> None:
        opened = open_for_window(location, self.ctx.settings, self.window)
        if opened is not None:
            self.switch_database(opened)
