"""Is a SQLite file healthy? The integrity check and the errors it raises.

A damaged file gets an error naming its newest good backup; a file that cannot be opened for
another reason (disk, folder, lock) gets a storage error, never "damaged".
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from workbench import storage
from workbench.db.backup_folder import latest_good_backup, sqlite_revision
from workbench.errors import DatabaseError
from workbench.storage import DamagedDatabaseError
from workbench.translatable import msg


def check_sqlite_integrity(path: Path, *, is_backup: bool = False) -> None:
    """Raise DamagedDatabaseError when *path* is not a healthy SQLite database.

    Only what SQLite itself calls corrupt or "not a database" is damaged: a file that cannot be
    read because the disk is full, the folder is read-only or another program locks it raises
    a :class:`~workbench.storage.StorageError` instead, so a healthy database is never offered
    to be replaced by a backup. The message of a damaged database names its newest good backup;
    with *is_backup* the file is a backup and the message says so.
    """
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        problem = storage.classify(exc)
        if problem is storage.Problem.DAMAGED:
            raise damaged_error(path, str(exc), is_backup=is_backup) from exc
        raise unreadable_error(path, exc) from exc
    problems = [row[0] for row in result if row[0] != "ok"]
    if problems:
        raise damaged_error(path, "; ".join(problems[:3]), is_backup=is_backup)


def unreadable_error(path: Path, exc: BaseException) -> DatabaseError:
    """The error for a file SQLite cannot open although it is not known to be damaged."""
    error = storage.user_error(exc, path)
    if error is not None:
        return error
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        # SQLite reports a WAL database in a read-only folder as "unable to open".
        return storage.StorageError(
            storage.message_for(storage.Problem.READ_ONLY, path), storage.Problem.READ_ONLY
        )
    return DatabaseError(
        msg(
            "The database {path} cannot be opened ({detail}). Check that the file and its folder "
            "exist and that you may read and write them.",
            path=path,
            detail=str(exc),
        )
    )


def damaged_error(path: Path, detail: str, *, is_backup: bool = False) -> DamagedDatabaseError:
    """The error for a damaged file: a backup says so, a database names its newest good backup."""
    if is_backup:
        return DamagedDatabaseError(
            msg(
                "The backup {path} is damaged ({detail}); nothing was replaced. Choose another "
                "backup.",
                path=path,
                detail=detail,
            ),
            path,
        )
    latest = latest_good_backup(path)
    if latest:
        return DamagedDatabaseError(
            msg(
                "The database {path} is damaged and was not opened ({detail}). The newest good "
                "backup is {latest}: restore it with 'workbench restore \"{latest}\"' or "
                "File > Restore.",
                path=path,
                detail=detail,
                latest=latest,
            ),
            path,
            latest,
        )
    return DamagedDatabaseError(
        msg(
            "The database {path} is damaged and was not opened ({detail}). No backup of it was "
            "found.",
            path=path,
            detail=detail,
        ),
        path,
    )


def check_backup(path: Path) -> None:
    """Raise DatabaseError unless *path* is a healthy Cluster Workbench file of a known version.

    Checked before anything is replaced: integrity, that it is one of ours, and that its schema
    is not newer than this program (NewerSchemaError, saying which version and to update).
    """
    from workbench import migrate

    if not path.exists():
        raise DatabaseError(msg("The backup {path} does not exist.", path=path))
    if path.stat().st_size == 0:
        raise DamagedDatabaseError(
            msg("The backup {path} is empty (0 bytes); nothing was replaced.", path=path), path
        )
    check_sqlite_integrity(path, is_backup=True)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    if "organisation" not in tables or "alembic_version" not in tables:
        raise DatabaseError(msg("{path} is not a Cluster Workbench database backup.", path=path))
    migrate.check_known(sqlite_revision(path), path)
