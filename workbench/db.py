"""Opening the database: URL resolution, SQLite pragmas, integrity check, migrations, backups.

Default database: ``<user data dir>/workbench.db`` (platformdirs). ``--db PATH_OR_URL`` or the
``WORKBENCH_DB`` environment variable override it. Opening a SQLite file checks its integrity,
takes an automatic backup when migrations are pending, and upgrades the schema with Alembic.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from workbench.errors import DatabaseError
from workbench.translatable import Message, msg

APP_NAME = "ClusterWorkbench"
DB_ENV_VAR = "WORKBENCH_DB"
DEFAULT_BACKUPS_KEPT = 20
SQLITE_BUSY_TIMEOUT_MS = 10_000


def default_data_dir() -> Path:
    """Directory holding the default database and its backups (created on demand)."""
    override = os.environ.get("WORKBENCH_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))


def default_db_path() -> Path:
    """Path of the default embedded database file."""
    return default_data_dir() / "workbench.db"


def resolve_db_url(path_or_url: str | os.PathLike[str] | None = None) -> str:
    """Turn ``--db`` (a file path or a SQLAlchemy URL), ``WORKBENCH_DB`` or the default into a URL.

    PostgreSQL URLs without a driver get psycopg 3 (``postgresql+psycopg://``).
    """
    raw = str(path_or_url) if path_or_url else os.environ.get(DB_ENV_VAR) or ""
    if not raw:
        raw = str(default_db_path())
    if raw.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + raw.split("://", 1)[1]
    if "://" in raw:
        return raw
    return "sqlite:///" + str(Path(raw).expanduser().resolve())


def sqlite_path_of(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other backends and in-memory databases."""
    if not url.startswith("sqlite"):
        return None
    tail = url.split(":///", 1)[1] if ":///" in url else ""
    if not tail or tail == ":memory:":
        return None
    return Path(tail)


def _set_sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL for concurrent readers, enforced foreign keys, a busy timeout, not instant errors."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine with the house settings for the backend of *url*."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _set_sqlite_pragmas)
        path = sqlite_path_of(url)
        if path is not None:
            from workbench.wal_guard import install_wal_guard

            install_wal_guard(engine, path)  # after the pragmas: the WAL is open by then
        return engine
    return create_engine(url, pool_pre_ping=True)


def check_sqlite_integrity(path: Path) -> None:
    """Raise DatabaseError when *path* is not a healthy SQLite database.

    The message names the file and offers the newest backup when there is one.
    """
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(_damaged_message(path, str(exc))) from exc
    problems = [row[0] for row in result if row[0] != "ok"]
    if problems:
        raise DatabaseError(_damaged_message(path, "; ".join(problems[:3])))


def _damaged_message(path: Path, detail: str) -> Message:
    latest = latest_backup(path)
    if latest:
        return msg(
            "The database {path} is damaged and was not opened ({detail}). The newest backup is "
            "{latest}: restore it with 'workbench restore \"{latest}\"' or File > Restore.",
            path=path,
            detail=detail,
            latest=latest,
        )
    return msg(
        "The database {path} is damaged and was not opened ({detail}). No backup of it was found.",
        path=path,
        detail=detail,
    )


# --------------------------------------------------------------------------- backups


def backup_dir_for(db_path: Path) -> Path:
    """Folder where automatic and manual backups of *db_path* are kept."""
    return db_path.parent / "backups"


def list_backups(db_path: Path) -> list[Path]:
    """Backups of *db_path*, oldest first."""
    folder = backup_dir_for(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.db"), key=lambda p: p.stat().st_mtime_ns)


def latest_backup(db_path: Path) -> Path | None:
    """The newest backup of *db_path*, or None."""
    backups = list_backups(db_path)
    return backups[-1] if backups else None


def backup_sqlite(
    db_path: Path,
    destination: Path | None = None,
    *,
    reason: str = "manual",
    keep: int = DEFAULT_BACKUPS_KEPT,
) -> Path:
    """Copy *db_path* consistently with SQLite's online backup API, even while it is in use.

    Without *destination* the copy goes to the backups folder as
    ``<stem>-<YYYYmmdd-HHMMSS-ffffff>-<reason>.db`` and older automatic copies beyond *keep*
    are deleted. Returns the path of the copy.
    """
    if not db_path.exists():
        raise DatabaseError(msg("Cannot back up {path}: the file does not exist.", path=db_path))
    if destination is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        destination = backup_dir_for(db_path) / f"{db_path.stem}-{stamp}-{reason}.db"
        rotate = True
    else:
        rotate = False
    destination.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(str(db_path), timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    target = sqlite3.connect(str(destination))
    try:
        source.backup(target)
        # A backup is a single self-contained file: no WAL beside it.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        source.close()
    if rotate:
        _rotate_backups(db_path, keep)
    return destination


def _rotate_backups(db_path: Path, keep: int) -> None:
    backups = list_backups(db_path)
    for old in backups[: max(0, len(backups) - keep)]:
        old.unlink(missing_ok=True)


def restore_sqlite(backup: Path, db_path: Path) -> Path | None:
    """Replace *db_path* with the contents of *backup*, after verifying the backup.

    The current file is backed up first (reason ``pre-restore``) so a restore can itself be
    undone; that backup's path is returned (None when there was no current file).
    Raises DatabaseError if *backup* is missing or fails ``integrity_check``.
    """
    if not backup.exists():
        raise DatabaseError(msg("The backup {path} does not exist.", path=backup))
    check_sqlite_integrity(backup)
    safety = backup_sqlite(db_path, reason="pre-restore") if db_path.exists() else None
    db_path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(str(backup))
    target = sqlite3.connect(str(db_path), timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return safety


# --------------------------------------------------------------------------- opening


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
        return self.engine.url._replace(password=None).render_as_string(hide_password=False)

    def backup(self, *, reason: str = "manual", destination: Path | None = None) -> Path | None:
        """Back up a SQLite file (see :func:`backup_sqlite`); None for non-file databases."""
        if self.path is None or not self.path.exists():
            return None
        return backup_sqlite(self.path, destination, reason=reason)

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
) -> Database:
    """Open (creating if needed) the database and bring its schema to the latest version.

    For an existing SQLite file: ``integrity_check`` first (DatabaseError if it fails), then an
    automatic backup when migrations are pending, then the migrations. With *daily_backup*
    (the desktop program) the first open of the day also leaves a rotated backup.
    """
    from workbench import migrate  # late import: Alembic is only needed when opening

    url = resolve_db_url(path_or_url)
    path = sqlite_path_of(url)
    if path is not None:
        if path.exists():
            check_sqlite_integrity(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    try:
        with engine.connect():
            pass
    except Exception as exc:  # noqa: BLE001 - any driver error becomes one clear message
        raise DatabaseError(
            msg(
                "Cannot connect to the database {url}: {error}",
                url=url_for_humans(url),
                error=str(exc),
            )
        ) from exc
    from workbench.services.audit import install_history

    factory = sessionmaker(engine, expire_on_commit=False)
    install_history(factory)
    database = Database(url=url, engine=engine, session_factory=factory, path=path)
    if upgrade and migrate.pending(engine):
        if path is not None and path.exists() and _has_tables(engine):
            if progress:
                progress("Backing up before the database upgrade")
            database.backup(reason="pre-upgrade")
        migrate.upgrade(engine)
    if daily_backup and path is not None and not _backed_up_today(path):
        database.backup(reason="daily")
    return database


def _backed_up_today(db_path: Path) -> bool:
    today = datetime.now().strftime("%Y%m%d")
    return any(f"-{today}-" in p.name for p in list_backups(db_path))


def url_for_humans(url: str) -> str:
    """*url* without its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001
        return url


def _has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())
