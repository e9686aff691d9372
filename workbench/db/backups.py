"""Writing backups: the verified copy, backups and their rotation, setting aside, restoring.

Every copy is atomic and verified (:func:`copy_verified`); a damaged or empty database is set
aside, never deleted; a restore checks the backup before anything is replaced.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from workbench import storage
from workbench.db.backup_folder import (
    backup_dir_for,
    damaged_dir_for,
    holds_records,
    latest_good_backup,
    list_backups,
)
from workbench.db.connect import SQLITE_BUSY_TIMEOUT_MS
from workbench.db.integrity import (
    check_backup,
    check_sqlite_integrity,
    damaged_error,
    unreadable_error,
)
from workbench.errors import DatabaseError
from workbench.storage import DamagedDatabaseError
from workbench.translatable import msg

DEFAULT_BACKUPS_KEPT = 20


def _write_copy(source: sqlite3.Connection, part: Path) -> None:
    """The one place a backup's bytes are written: SQLite's online backup API into *part*."""
    target = sqlite3.connect(str(part))
    try:
        source.backup(target)
        # A backup is a single self-contained file: no WAL beside it.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()


def _discard(part: Path) -> None:
    for leftover in (part, Path(str(part) + "-journal")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_verified(
    db_path: Path, destination: Path, *, source: sqlite3.Connection | None = None
) -> Path:
    """Copy the SQLite database *db_path* to *destination*: temporary name, verify, rename.

    The copy is written to ``<destination>.part``, checked with ``integrity_check``, flushed to
    disk and only then renamed, so *destination* is either the complete copy or untouched:
    never a 0-byte or half-written file, whatever fails (full disk, a kill, a damaged source).
    *source* is an open connection to *db_path* to copy through (so the file is not opened a
    second time); without it one is opened for the copy.

    Raises:
        DamagedDatabaseError: *db_path* itself is damaged.
        StorageError: disk full, read-only folder, lock timeout.
    """
    part = destination.with_name(destination.name + ".part")
    own = source is None
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        _discard(part)  # a leftover of a copy that was killed
        if source is None:
            source = sqlite3.connect(str(db_path), timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
        try:
            _write_copy(source, part)
        finally:
            if own:
                source.close()
        check_sqlite_integrity(part, is_backup=True)
        _fsync(part)
        os.replace(part, destination)
    except DatabaseError:
        _discard(part)
        raise
    except (OSError, sqlite3.Error) as exc:
        _discard(part)
        if storage.classify(exc) is storage.Problem.DAMAGED:
            raise damaged_error(db_path, str(exc)) from exc
        raise unreadable_error(destination.parent, exc) from exc
    return destination


def backup_sqlite(
    db_path: Path,
    destination: Path | None = None,
    *,
    reason: str = "manual",
    keep: int = DEFAULT_BACKUPS_KEPT,
    source: sqlite3.Connection | None = None,
    rotate: bool = True,
) -> Path:
    """Copy *db_path* consistently with SQLite's online backup API, even while it is in use.

    Without *destination* the copy goes to the backups folder as
    ``<stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.db`` and, with *rotate*, older copies beyond
    *keep* are deleted (see :func:`rotate_backups`). The copy is atomic and verified (see
    :func:`copy_verified`). Returns the path of the copy.
    """
    if not db_path.exists():
        raise DatabaseError(msg("Cannot back up {path}: the file does not exist.", path=db_path))
    if destination is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        destination = backup_dir_for(db_path) / f"{db_path.stem}-{stamp}-{reason}.db"
    else:
        rotate = False
    copy_verified(db_path, destination, source=source)
    if rotate:
        rotate_backups(db_path, keep)
    return destination


def rotate_backups(db_path: Path, keep: int) -> None:
    """Delete the oldest backups of *db_path* beyond *keep* (at least one is always kept).

    The newest good backup (:func:`latest_good_backup`) is never deleted, even when newer
    copies exist, so rotation cannot remove the last way back. Leftover ``.part`` files of
    copies that were killed more than an hour ago go too.
    """
    backups = list_backups(db_path)
    keep = max(1, keep)
    if len(backups) > keep:
        keeper = latest_good_backup(db_path, backups)
        for old in backups[: len(backups) - keep]:
            if old != keeper:
                old.unlink(missing_ok=True)
    folder = backup_dir_for(db_path)
    cutoff = datetime.now().timestamp() - 3600
    for part in folder.glob(f"{db_path.stem}-*.db.part") if folder.is_dir() else []:
        if part.stat().st_mtime < cutoff:
            _discard(part)


# Older name kept for callers written before rotation became public.
_rotate_backups = rotate_backups


def set_aside(db_path: Path) -> Path:
    """Move a damaged or empty database (with its ``-wal``/``-shm``) to the damaged folder.

    Nothing is deleted, and nothing there is ever offered as a backup. Returns the new path.
    """
    folder = damaged_dir_for(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{db_path.stem}-{datetime.now():%Y%m%d-%H%M%S-%f}.db"
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(db_path) + suffix)
        if source.exists():
            os.replace(source, Path(str(target) + suffix))
    return target


def restore_sqlite(backup: Path, db_path: Path, *, allow_empty: bool = False) -> Path | None:
    """Replace *db_path* with the contents of *backup*, after verifying the backup.

    Before anything is replaced, *backup* is checked (:func:`check_backup`: integrity, ours,
    schema not newer than this program). Then the current contents are kept: a healthy file is
    backed up (reason ``pre-restore``); a damaged or empty one is moved to the damaged folder
    (:func:`set_aside`). The path of that safety copy is returned (None when there was no file).

    Raises:
        DatabaseError: *backup* is missing, damaged, not ours or of a newer version.
        EmptyBackupError: *backup* holds no records but the database does (unless
            *allow_empty*).
        StorageError: disk full, read-only, locked; the database is then unchanged.
    """
    check_backup(backup)
    healthy = False
    if db_path.exists() and db_path.stat().st_size > 0:
        try:
            check_sqlite_integrity(db_path)
            healthy = True
        except DamagedDatabaseError:
            healthy = False
    if healthy and not allow_empty and holds_records(db_path) and not holds_records(backup):
        raise storage.EmptyBackupError(
            msg(
                "The backup {backup} holds no records: restoring it would empty {path}. Nothing "
                "was replaced; confirm that you want an empty database (workbench restore "
                "--allow-empty) to go ahead.",
                backup=backup,
                path=db_path,
            )
        )
    if healthy:
        safety: Path | None = backup_sqlite(db_path, reason="pre-restore")
        # In place through SQLite, so that the copy is one transaction on the target and other
        # connections see either the old or the new contents.
        try:
            source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
            target = sqlite3.connect(str(db_path), timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        except sqlite3.Error as exc:
            raise unreadable_error(db_path, exc) from exc
        return safety
    # Nothing healthy to write into: copy beside it under a temporary name, then swap it in.
    db_path.parent.mkdir(parents=True, exist_ok=True)
    staged = db_path.with_name(db_path.name + ".restoring")
    copy_verified(backup, staged)
    safety = set_aside(db_path) if db_path.exists() else None
    try:
        os.replace(staged, db_path)
    except OSError as exc:
        _discard(staged)
        raise unreadable_error(db_path, exc) from exc
    return safety
