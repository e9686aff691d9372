"""Telling storage failures apart: disk full, read-only, locked, lock timeout, damaged.

SQLite, PostgreSQL and the operating system report the same few situations in many shapes
(``OSError`` with an errno, ``sqlite3.OperationalError`` with an error code, psycopg errors
with a SQLSTATE, each possibly wrapped by SQLAlchemy). :func:`classify` maps all of them to one
:class:`Problem`; :func:`user_error` turns a failure into the one-line :class:`StorageError`
that the CLI prints and the window shows. Only a file SQLite itself calls corrupt or "not a
database" is *damaged*: a full disk or a read-only folder never is, so the window never offers
to restore an older backup over a healthy database.

The exceptions here are :class:`~workbench.errors.DatabaseError` subclasses, so every caller
that already handles ``DatabaseError`` (or ``WorkbenchError``) shows them without changes.
"""

from __future__ import annotations

import errno
import sqlite3
from enum import StrEnum
from pathlib import Path

from workbench.errors import DatabaseError
from workbench.translatable import Message, msg

#: Seconds SQLite waits for another connection's lock (``PRAGMA busy_timeout``) before failing.
LOCK_WAIT_SECONDS = 10

# Primary SQLite result codes (https://sqlite.org/rescode.html).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26
# SQLITE_IOERR_WRITE / _FSYNC / _TRUNCATE and friends: extended IOERR codes a full disk gives.
_ERRNO_DISK_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_ERRNO_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


class Problem(StrEnum):
    """What kind of storage failure happened."""

    DISK_FULL = "disk-full"
    READ_ONLY = "read-only"
    LOCKED = "locked"
    LOCK_TIMEOUT = "lock-timeout"
    DAMAGED = "damaged"


class StorageError(DatabaseError):
    """Storage refused a read or write (disk full, read-only, locked); the data is not damaged.

    Attributes:
        problem: which situation it is.
    """

    def __init__(self, message: str, problem: Problem) -> None:
        super().__init__(message)
        self.problem = problem


class DamagedDatabaseError(DatabaseError):
    """A SQLite file is corrupt or not a database at all.

    Attributes:
        path: the damaged file.
        backup: the newest good backup of it, or None (a backup file itself being damaged has
            none).
    """

    def __init__(self, message: str, path: Path, backup: Path | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup


class NewerSchemaError(DatabaseError):
    """The database or backup was written by a newer program version (unknown schema)."""

    def __init__(self, message: str, revision: str | None = None) -> None:
        super().__init__(message)
        self.revision = revision


class BackupsAvailableError(DatabaseError):
    """The database file is missing or empty (0 bytes) although good backups of it exist.

    Opening it would silently start a new, empty database; the caller offers the backup instead.

    Attributes:
        path: the database file.
        backup: the newest good backup.
    """

    def __init__(self, message: str, path: Path, backup: Path) -> None:
        super().__init__(message)
        self.path = path
        self.backup = backup


class EmptyBackupError(DatabaseError):
    """Restoring the backup would empty a database that holds records; needs a confirmation."""


def _chain(exc: BaseException) -> list[BaseException]:
    """*exc*, the DBAPI error SQLAlchemy wraps (``.orig``) and the causes, each once."""
    found: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        item = todo.pop(0)
        if item is None or any(item is seen for seen in found):
            continue
        found.append(item)
        todo += [getattr(item, "orig", None), item.__cause__, item.__context__]
    return found


def _classify_one(exc: BaseException) -> Problem | None:
    if isinstance(exc, OSError) and exc.errno is not None:
        if exc.errno in _ERRNO_DISK_FULL:
            return Problem.DISK_FULL
        if exc.errno in _ERRNO_READ_ONLY:
            return Problem.READ_ONLY
        return None
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        text = str(exc).lower()
        primary = code & 0xFF if isinstance(code, int) else None
        if primary == _SQLITE_FULL or "database or disk is full" in text:
            return Problem.DISK_FULL
        if primary == _SQLITE_READONLY or "readonly database" in text:
            return Problem.READ_ONLY
        if primary == _SQLITE_BUSY or "database is locked" in text:
            return Problem.LOCK_TIMEOUT
        if primary == _SQLITE_LOCKED or "table is locked" in text:
            return Problem.LOCKED
        if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text:
            return Problem.DAMAGED
        if "file is not a database" in text:
            return Problem.DAMAGED
        return None
    state = getattr(exc, "sqlstate", None)
    if isinstance(state, str):
        text = str(exc).lower()
        if state == "53100":  # disk_full
            return Problem.DISK_FULL
        if state == "25006":  # read_only_sql_transaction
            return Problem.READ_ONLY
        if state == "55P03":  # lock_not_available
            return Problem.LOCK_TIMEOUT if "timeout" in text else Problem.LOCKED
        if state == "57014" and "lock timeout" in text:  # query_canceled by lock_timeout
            return Problem.LOCK_TIMEOUT
    return None


def classify(exc: BaseException) -> Problem | None:
    """The storage problem behind *exc* (looking through wrappers and causes), or None."""
    for item in _chain(exc):
        if isinstance(item, StorageError):
            return item.problem
        problem = _classify_one(item)
        if problem is not None:
            return problem
    return None


def message_for(problem: Problem, where: object) -> Message:
    """The one-line message for *problem* (not DAMAGED) at *where* (a file, folder, database)."""
    if problem is Problem.DISK_FULL:
        return msg(
            "The disk holding {where} is full, so nothing was written. Free some space (or "
            "choose a folder on another disk) and try again.",
            where=where,
        )
    if problem is Problem.READ_ONLY:
        return msg(
            "{where} is read-only (the file, its folder or the disk), so nothing was written. "
            "Make it writable, or copy the database to a folder you may write to, and try "
            "again.",
            where=where,
        )
    if problem is Problem.LOCKED:
        return msg(
            "The database {where} is locked by another program (another Cluster Workbench, a "
            "backup tool or a database browser), so nothing was changed. Close it there and "
            "try again.",
            where=where,
        )
    if problem is Problem.LOCK_TIMEOUT:
        return msg(
            "The database {where} stayed locked by another program for more than {seconds} "
            "seconds, so nothing was changed. Try again when the other program (perhaps an "
            "import in another Cluster Workbench) has finished.",
            where=where,
            seconds=LOCK_WAIT_SECONDS,
        )
    # Damage is described by the integrity check, which knows the file and its backups.
    raise ValueError(f"no storage message for {problem}")


def user_error(exc: BaseException, where: object) -> StorageError | None:
    """A :class:`StorageError` describing *exc* at *where*, or None when it is none of these.

    A *damaged* classification is returned as None here: only the integrity check, which knows
    the file and its backups, says a database is damaged.
    """
    for item in _chain(exc):
        if isinstance(item, StorageError):
            return item
    problem = classify(exc)
    if problem is None or problem is Problem.DAMAGED:
        return None
    return StorageError(message_for(problem, where), problem)
