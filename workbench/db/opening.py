"""Opening a database: the :class:`Database` handle and :func:`open_database`.

Opening checks first (missing or empty file with backups, integrity, newer schema), then takes
a safety copy before pending migrations and runs them.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from workbench import storage
from workbench.db.backup_folder import latest_good_backup, list_backups
from workbench.db.backups import DEFAULT_BACKUPS_KEPT, backup_sqlite, rotate_backups
from workbench.db.connect import make_engine, password_problem
from workbench.db.integrity import check_sqlite_integrity, unreadable_error
from workbench.db.location import resolve_db_url, sqlite_path_of, url_for_humans
from workbench.errors import DatabaseError
from workbench.translatable import msg


@dataclass
class Database:
    """An open database: the engine plus a session factory (one session per unit of work).

    Attributes:
        url: SQLAlchemy URL.
        engine: the engine.
        session_factory: ``sessionmaker`` with ``expire_on_commit=False`` so that returned rows
            stay readable after their unit of work ends.
        path: the SQLite file, or None on PostgreSQL / in memory.
        user: display name written to the history for changes made through this handle.
        read_only: True when another instance holds the file and this one must not write.
    """

    url: str
    engine: Engine
    session_factory: sessionmaker[Session]
    path: Path | None = None
    user: str = field(default_factory=lambda: os.environ.get("WORKBENCH_USER") or _os_user())
    read_only: bool = False

    @property
    def is_sqlite(self) -> bool:
        """True for the embedded SQLite backend."""
        return self.url.startswith("sqlite")

    @property
    def display_name(self) -> str:
        """Short description for title bars and status lines (no password, not even "***")."""
        if self.path is not None:
            return str(self.path)
        return url_for_humans(self.engine.url.render_as_string(hide_password=False))

    def backup(
        self,
        *,
        reason: str = "manual",
        destination: Path | None = None,
        rotate: bool = True,
        keep: int = DEFAULT_BACKUPS_KEPT,
    ) -> Path | None:
        """Keep a safety copy before a risky change; returns it (None for in-memory databases).

        SQLite: a verified file copy (see :func:`backup_sqlite`), read through this engine's own
        connection so the file is not opened a second time. PostgreSQL: a portable export into
        the data folder (see :func:`workbench.services.backup.safety_export`).
        """
        if self.path is None:
            if not self.url.startswith("postgresql"):
                return None
            from workbench.services.backup import safety_export  # late: the service imports us

            return safety_export(
                self, reason=reason, destination=destination, rotate=rotate, keep=keep
            )
        if not self.path.exists():
            return None
        with self.engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert isinstance(raw, sqlite3.Connection)
            return backup_sqlite(
                self.path, destination, reason=reason, keep=keep, source=raw, rotate=rotate
            )

    def dispose(self) -> None:
        """Close all pooled connections."""
        self.engine.dispose()


def _os_user() -> str:
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (e.g. in containers): fall back
        return "user"


def open_database(
    path_or_url: str | os.PathLike[str] | None = None,
    *,
    upgrade: bool = True,
    daily_backup: bool = False,
    progress: Callable[[str], None] | None = None,
    start_empty: bool = False,
) -> Database:
    """Open (creating if needed) the database and bring its schema to the latest version.

    For a SQLite file: a missing or 0-byte file whose backups exist raises
    BackupsAvailableError naming the newest good one (unless *start_empty*), instead of
    silently starting a new, empty database; an existing file gets ``integrity_check``
    (DamagedDatabaseError) first. On both backends a schema newer than this program raises
    NewerSchemaError before anything is written or backed up; pending migrations are preceded
    by a safety copy (file copy or export), and backups rotate only once the upgrade worked.
    With *daily_backup* (the desktop program) the first open of the day also leaves a rotated
    backup; a daily backup that fails (full disk) is logged and does not stop the open.
    Storage failures raise StorageError (disk full, read-only, locked), never "damaged".
    """
    from workbench import migrate  # late import: Alembic is only needed when opening

    url = resolve_db_url(path_or_url)
    path = sqlite_path_of(url)
    if path is not None:
        if not start_empty and (not path.exists() or path.stat().st_size == 0):
            _refuse_to_start_empty(path)
        if path.exists():
            check_sqlite_integrity(path)
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise unreadable_error(path, exc) from exc
    engine = make_engine(url)
    where = path if path is not None else url_for_humans(url)
    try:
        with engine.connect():
            pass
    except Exception as exc:  # noqa: BLE001 - any driver error becomes one clear message
        engine.dispose()
        refused = password_problem(exc, url) if path is None else None
        if refused is not None:
            raise refused from exc
        problem = storage.user_error(exc, where)
        if problem is not None:
            raise problem from exc
        if path is not None:
            raise unreadable_error(path, exc) from exc
        raise DatabaseError(
            msg(
                "Cannot connect to the database {url}: {error}",
                url=url_for_humans(url),
                error=str(exc),
            )
        ) from exc
    from workbench.services.audit import install_history
    from workbench.services.base import install_validation

    factory = sessionmaker(engine, expire_on_commit=False)
    install_validation(factory)  # first: the history then records the normalised values
    install_history(factory)
    database = Database(url=url, engine=engine, session_factory=factory, path=path)
    try:
        if upgrade:
            _upgrade(database, migrate, progress)
        if daily_backup and path is not None and not _backed_up_today(path):
            try:
                database.backup(reason="daily")
            except storage.StorageError as exc:
                logging.getLogger(__name__).warning("Daily backup skipped: %s", exc)
    except BaseException as exc:
        engine.dispose()
        error = storage.user_error(exc, where)
        if error is not None:
            raise error from exc
        raise
    return database


def _upgrade(database: Database, migrate: Any, progress: Callable[[str], None] | None) -> None:
    """Refuse a newer schema, else back up and migrate; rotation waits for a good upgrade."""
    engine = database.engine
    current = migrate.current_revision(engine)
    migrate.check_known(current, database.display_name)
    if current == migrate.head_revision():
        return
    safety = None
    if _has_tables(engine):
        if progress:
            progress("Backing up before the database upgrade")
        # No rotation yet: an upgrade that fails on every open must not push good copies out.
        safety = database.backup(reason="pre-upgrade", rotate=False)
    migrate.upgrade(engine)
    if safety is not None and database.path is not None:
        rotate_backups(database.path, DEFAULT_BACKUPS_KEPT)


def _refuse_to_start_empty(path: Path) -> None:
    good = latest_good_backup(path)
    if good is None:
        return
    if path.exists():
        text = msg(
            "The database {path} is empty (0 bytes), but backups of it exist: nothing was "
            "opened. The newest good backup is {latest}: restore it with "
            "'workbench restore \"{latest}\"'.",
            path=path,
            latest=good,
        )
    else:
        text = msg(
            "The database {path} is missing, but backups of it exist: nothing was opened. The "
            "newest good backup is {latest}: restore it with 'workbench restore \"{latest}\"'.",
            path=path,
            latest=good,
        )
    raise storage.BackupsAvailableError(
        text,
        path,
        good,
    )


def _backed_up_today(db_path: Path) -> bool:
    today = datetime.now().strftime("%Y%m%d")
    return any(f"-{today}-" in p.name for p in list_backups(db_path))


def _has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())
