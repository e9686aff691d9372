"""Opening a database from the window: errors in dialogs, lock file, daily backup, user name.

Used at start-up (``app.py``) and by File > New / Open / Recent / Restore (``main_window.py``).
A damaged file is refused with an offer to restore its newest backup; a file another
Cluster Workbench holds opens read-only unless the user takes it over.
"""

from __future__ import annotations

import inspect
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QWidget

from workbench.db import (
    Database,
    check_sqlite_integrity,
    latest_backup,
    open_database,
    resolve_db_url,
    sqlite_path_of,
)
from workbench.errors import DatabaseError, WorkbenchError
from workbench.ui import settings as prefs
from workbench.ui.i18n import error_text
from workbench.ui.widgets import messages


def tr(text: str) -> str:
    """Translate *text* in the ``database`` context."""
    return QCoreApplication.translate("database", text)


@dataclass
class OpenedDatabase:
    """A database opened for the window, with the lock it holds (if any)."""

    db: Database
    lock: Any = None

    def close(self) -> None:
        """Release the lock and close the connections."""
        if self.lock is not None:
            try:
                self.lock.release()
            except OSError:
                pass
            self.lock = None
        self.db.dispose()


def open_for_window(
    location: str | os.PathLike[str] | None,
    settings: QSettings,
    parent: QWidget | None = None,
    *,
    interactive: bool = True,
) -> OpenedDatabase | None:
    """Open *location* (None: WORKBENCH_DB or the default file) for the window.

    Problems are shown in dialogs (``interactive``) and None is returned when the user gives
    up; without ``interactive`` (screenshots) a DatabaseError is raised instead.
    """
    url = resolve_db_url(location)
    path = sqlite_path_of(url)
    if path is not None and path.exists():
        try:
            check_sqlite_integrity(path)
        except DatabaseError as exc:
            if not interactive:
                raise
            if not _offer_backup(path, exc, parent):
                return None
    try:
        db = _open(url, daily_backup=interactive)
    except WorkbenchError as exc:
        if not interactive:
            raise
        messages.show_error(parent, exc, tr("The database could not be opened"))
        return None
    user = prefs.get(settings, prefs.USER_NAME)
    if user:
        db.user = user
    lock = None
    if interactive and path is not None:
        lock = _take_lock(db, path, parent)
        if lock is _CANCELLED:
            db.dispose()  # Cancel opens nothing, not even read-only
            return None
    if path is not None:
        _rotate(path, prefs.get(settings, prefs.BACKUPS_KEPT))
    return OpenedDatabase(db, lock)


def _open(url: str, *, daily_backup: bool) -> Database:
    params = inspect.signature(open_database).parameters
    if "daily_backup" in params:
        return open_database(url, daily_backup=daily_backup)
    return open_database(url)


def _offer_backup(path: Path, exc: DatabaseError, parent: QWidget | None) -> bool:
    latest = latest_backup(path)
    if latest is None:
        messages.show_error(parent, exc, tr("The database is damaged"))
        return False
    choice = messages.choose(
        parent,
        tr("The database is damaged"),
        error_text(exc)
        + "\n\n"
        + tr(
            "Restore the newest backup ({name}) now? The damaged file is kept beside the backups."
        ).format(name=latest.name),
        [tr("Restore the newest backup")],
    )
    if choice != 0:
        return False
    try:
        restore_file(resolve_db_url(str(path)), latest)
    except WorkbenchError as error:
        messages.show_error(parent, error)
        return False
    return True


def restore_file(url: str, source: Path) -> Path | None:
    """Replace the database at *url* by *source*; returns the safety copy of the old one."""
    try:
        from workbench.services import backup as backup_service
    except ImportError:  # an older build without the backup service
        from workbench.db import restore_sqlite

        path = sqlite_path_of(url)
        if path is None:
            raise DatabaseError(tr("Only SQLite files can be restored in this build.")) from None
        return restore_sqlite(source, path)
    return backup_service.restore(url, source)


def backup_to(db: Database, destination: Path | None, keep: int) -> Path:
    """Back up *db* (to *destination*, or to its backups folder rotating to *keep* copies)."""
    if db.path is not None and destination is None:
        from workbench.db import backup_sqlite

        return backup_sqlite(db.path, None, reason="manual", keep=keep)
    try:
        from workbench.services import backup as backup_service
    except ImportError:
        result = db.backup(destination=destination)
        if result is None:
            raise DatabaseError(tr("This database cannot be backed up from here.")) from None
        return result
    return backup_service.backup(db, destination)


#: What :func:`_take_lock` returns when the user cancels the "database in use" question.
_CANCELLED = object()


def _take_lock(db: Database, path: Path, parent: QWidget | None) -> Any:
    """The instance lock on *path*: taken, None (read-only or no lock file), or _CANCELLED."""
    try:
        from workbench.locking import InstanceLock
    except ImportError:
        return None
    lock = InstanceLock(path, db.user)
    try:
        other = lock.acquire()
    except OSError:
        return None
    if other is None:
        return lock
    choice = messages.choose(
        parent,
        tr("The database is in use"),
        tr(
            "{who} has this database open. You can look at it read-only, or take it over: "
            "then their changes can no longer be saved."
        ).format(who=error_text(other.describe())),
        [tr("Open read-only"), tr("Take over")],
    )
    if choice == 1:
        lock.acquire(take_over=True)
        return lock
    if choice != 0:
        return _CANCELLED
    db.read_only = True
    return None


def _rotate(path: Path, keep: int) -> None:
    from workbench import db as db_module

    rotate = getattr(db_module, "_rotate_backups", None)
    if rotate is not None and keep > 0:
        try:
            rotate(path, keep)
        except OSError:
            pass
