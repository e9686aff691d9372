"""Opening a database from the window: errors in dialogs, lock file, daily backup, user name.

Used at start-up (``app.py``) and by File > New / Open / Recent / Restore (``main_window.py``).
A damaged file is refused with an offer to restore its newest good backup, and so is a missing
or 0-byte file whose backups exist (which may also start empty); a full disk, a read-only
folder or a lock get their own heading and message; a file another Cluster Workbench holds
opens read-only unless the user takes it over.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QWidget

from workbench.db import (
    Database,
    PasswordNeededError,
    open_database,
    resolve_db_url,
    rotate_backups,
    sqlite_path_of,
    url_with_password,
)
from workbench.errors import WorkbenchError
from workbench.storage import (
    BackupsAvailableError,
    DamagedDatabaseError,
    EmptyBackupError,
    NewerSchemaError,
    Problem,
    StorageError,
)
from workbench.ui import settings as prefs
from workbench.ui.dialogs import password_dialog as passwords
from workbench.ui.i18n import error_text
from workbench.ui.tasks import TaskRunner, default_runner
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


class RestoreCancelled(WorkbenchError):
    """The user declined a restore when asked to confirm it (nothing was replaced)."""


def open_for_window(
    location: str | os.PathLike[str] | None,
    settings: QSettings,
    parent: QWidget | None = None,
    *,
    interactive: bool = True,
) -> OpenedDatabase | None:
    """Open *location* (None: WORKBENCH_DB or the default file) for the window.

    Problems are shown in dialogs (``interactive``) and None is returned when the user gives
    up; without ``interactive`` (screenshots) a DatabaseError is raised instead. A damaged
    file, or a missing or 0-byte one whose backups exist, opens the recovery dialog (restore
    the newest good backup; for a missing or empty file also: start with an empty database).
    A full disk, a read-only folder or a lock is reported as such, never as damage; a
    database on a read-only disk or folder opens read-only after a warning that says so.
    """
    url = resolve_db_url(location)
    path = sqlite_path_of(url)
    if path is None:
        url = passwords.known_password(url)  # given earlier this session, or in the keyring
    start_empty = False
    keep_in_keyring = False
    db: Database | None = None
    # open, recover or ask for a password, open again (and a few more times after a choice)
    for _attempt in range(6):
        try:
            db = open_database(url, daily_backup=interactive, start_empty=start_empty)
            break
        except PasswordNeededError as exc:
            if not interactive:
                raise
            passwords.forget(url)
            typed = passwords.ask_password(parent, exc)
            if typed is None:
                return None
            url = url_with_password(url, typed[0])
            keep_in_keyring = typed[1]
        except (DamagedDatabaseError, BackupsAvailableError) as exc:
            if not interactive:
                raise
            answer = _offer_recovery(url, exc, parent)
            if answer is None:
                return None
            start_empty = answer == _START_EMPTY
        except WorkbenchError as exc:
            if not interactive:
                raise
            messages.show_error(parent, exc, error_title(exc))
            return None
    if db is None:
        return None
    if path is None:
        passwords.remember(url, in_keyring=keep_in_keyring)  # asked once per session
    user = prefs.get(settings, prefs.USER_NAME)
    if user:
        db.user = user
    lock = None
    if interactive and path is not None:
        lock = _take_lock(db, path, parent)
        if lock is _CANCELLED:
            db.dispose()  # Cancel opens nothing, not even read-only
            return None
    if path is not None and not db.read_only and not _writable(path):
        db.read_only = True  # reading works; every save would fail with "read-only"
        if interactive:
            messages.warn(
                parent,
                tr("The database cannot be written"),
                tr(
                    "{path} is read-only (the file, its folder or the disk), so it was opened "
                    "read-only: you can look at everything but not change it. To make "
                    "changes, make it writable or copy it to a folder you may write to."
                ).format(path=path),
            )
    if path is not None:
        _rotate(path, prefs.get(settings, prefs.BACKUPS_KEPT))
    return OpenedDatabase(db, lock)


def _writable(path: Path) -> bool:
    """Whether SQLite can write *path*: the file and its folder (journal, WAL) accept writes.

    ``os.access`` answers False on a read-only file system even for root (EROFS).
    """
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


_RESTORED = "restored"
_START_EMPTY = "empty"


def error_title(exc: BaseException) -> str:
    """The heading of the dialog that shows a database error: what kind of problem it is."""
    if isinstance(exc, StorageError):
        return {
            Problem.DISK_FULL: tr("The disk is full"),
            Problem.READ_ONLY: tr("The database cannot be written"),
            Problem.LOCKED: tr("The database is locked"),
            Problem.LOCK_TIMEOUT: tr("The database is busy"),
        }.get(exc.problem, tr("The database could not be opened"))
    if isinstance(exc, NewerSchemaError):
        return tr("A newer Cluster Workbench is needed")
    if isinstance(exc, DamagedDatabaseError):
        return tr("The database is damaged")
    return tr("The database could not be opened")


def _offer_recovery(
    url: str, exc: DamagedDatabaseError | BackupsAvailableError, parent: QWidget | None
) -> str | None:
    """The recovery dialog; returns _RESTORED, _START_EMPTY or None (the user gave up)."""
    latest = exc.backup
    if isinstance(exc, DamagedDatabaseError):
        title = tr("The database is damaged")
        if latest is None:
            messages.show_error(parent, exc, title)
            return None
        question = tr(
            "Restore the newest good backup ({name}) now? The damaged file is kept in the "
            "backups folder (damaged)."
        ).format(name=latest.name)
        options = [tr("Restore the newest backup")]
    else:  # BackupsAvailableError always names its backup
        title = tr("The database is missing or empty")
        question = tr(
            "Restore the newest good backup ({name}) now, or start with an empty database?"
        ).format(name=exc.backup.name)
        options = [tr("Restore the newest backup"), tr("Start with an empty database")]
    choice = messages.choose(parent, title, error_text(exc) + "\n\n" + question, options)
    if choice == 1:
        return _START_EMPTY
    if choice != 0 or latest is None:
        return None
    try:
        restore_file(url, latest, parent)
    except RestoreCancelled:
        return None
    except WorkbenchError as error:
        messages.show_error(parent, error, error_title(error))
        return None
    return _RESTORED


def restore_file(
    url: str, source: Path, parent: QWidget | None = None, runner: TaskRunner | None = None
) -> Path | None:
    """Replace the database at *url* by *source*; returns the safety copy of the old one.

    The restore runs on the one write worker (through *runner*, else the default one) while
    the window keeps painting. A backup that holds no records, restored over a database that
    does, is only restored after the user confirms an empty database; declining raises
    RestoreCancelled.
    """
    from workbench.services import backup as backup_service

    write = (runner or default_runner()).write_and_wait
    try:
        return write(backup_service.restore, url, source)
    except EmptyBackupError as exc:
        if not messages.confirm(
            parent,
            tr("The backup is empty"),
            error_text(exc)
            + "\n\n"
            + tr("Empty the database anyway? Its current contents are kept as a safety copy."),
            yes_text=tr("Empty the database"),
            destructive=True,
        ):
            raise RestoreCancelled(tr("Nothing was restored.")) from None
    return write(lambda: backup_service.restore(url, source, allow_empty=True))


def backup_to(db: Database, destination: Path | None, keep: int) -> Path:
    """Back up *db* (to *destination*, or to its backups folder rotating to *keep* copies)."""
    from workbench.services import backup as backup_service

    if db.path is not None and destination is None:
        copy = db.backup(reason="manual", keep=keep)  # through the open engine, not a 2nd handle
        if copy is not None:
            return copy
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
    if keep > 0:
        try:
            rotate_backups(path, keep)
        except OSError:
            pass  # a read-only backups folder must not stop the window from opening
