"""Opening the database: URL resolution, SQLite pragmas, integrity check, migrations, backups.

Default database: ``<user data dir>/workbench.db`` (platformdirs). ``--db PATH_OR_URL`` or the
``WORKBENCH_DB`` environment variable override it. Opening a SQLite file checks its integrity,
takes an automatic backup when migrations are pending, and upgrades the schema with Alembic.
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

import platformdirs
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from workbench import storage
from workbench.errors import DatabaseError
from workbench.storage import DamagedDatabaseError
from workbench.translatable import msg

APP_NAME = "ClusterWorkbench"
DB_ENV_VAR = "WORKBENCH_DB"
DEFAULT_BACKUPS_KEPT = 20
SQLITE_BUSY_TIMEOUT_MS = storage.LOCK_WAIT_SECONDS * 1000  # one home: the messages quote it
#: How to add the PostgreSQL driver (psycopg) to an installation without it: the ``team`` extra
#: of the ``cluster-workbench`` distribution (pyproject.toml; a test checks the two agree).
TEAM_INSTALL_COMMAND = 'pip install "cluster-workbench[team]"'


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


def require_driver(url: str) -> None:
    """Raise a DatabaseError saying how to install psycopg when *url* needs it and it is missing.

    psycopg is optional (the ``team`` extra): a single-user SQLite install does without it.
    SQLAlchemy would otherwise fail with "No module named 'psycopg'"; a psycopg without a libpq
    (no ``psycopg[binary]``, no system library) fails the same way and gets the same advice.
    """
    if url.split("://", 1)[0] != "postgresql+psycopg":
        return
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        logging.getLogger(__name__).info("PostgreSQL driver unavailable: %s", exc)
        raise DatabaseError(
            msg(
                "PostgreSQL databases need the psycopg driver, which is not installed: install "
                "it with {command} (or open a SQLite database file instead).",
                command=TEAM_INSTALL_COMMAND,
            )
        ) from exc


def make_engine(url: str) -> Engine:
    """Create an engine with the house settings for the backend of *url*.

    Raises:
        DatabaseError: a PostgreSQL URL while the psycopg driver is not installed.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _set_sqlite_pragmas)
        path = sqlite_path_of(url)
        if path is not None:
            from workbench.wal_guard import install_wal_guard

            install_wal_guard(engine, path)  # after the pragmas: the WAL is open by then
        return engine
    require_driver(url)
    return create_engine(url, pool_pre_ping=True)


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
            raise _damaged(path, str(exc), is_backup=is_backup) from exc
        raise _unreadable(path, exc) from exc
    problems = [row[0] for row in result if row[0] != "ok"]
    if problems:
        raise _damaged(path, "; ".join(problems[:3]), is_backup=is_backup)


def _unreadable(path: Path, exc: BaseException) -> DatabaseError:
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


class PasswordNeededError(DatabaseError):
    """The server refused the login for want of a password, or of the right one.

    Attributes: ``url`` (without a password), ``user`` and ``wrong`` (a password was given
    and refused). The window asks for the password; the command line says how to give it.
    Passwords are never stored by Cluster Workbench (see ``ui/settings.without_password``).
    """

    def __init__(self, url: str, user: str, *, wrong: bool) -> None:
        if wrong:
            text = msg(
                "The server {url} refused the password of {user}. Check it and try again "
                "(command line: PGPASSWORD or ~/.pgpass).",
                url=url,
                user=user,
            )
        else:
            text = msg(
                "The server {url} asks for the password of {user}. Give it when the window "
                "asks, or on the command line in PGPASSWORD or ~/.pgpass.",
                url=url,
                user=user,
            )
        super().__init__(text)
        self.url = url
        self.user = user
        self.wrong = wrong


#: What libpq says when a password is missing or wrong (psycopg passes its text through).
_NO_PASSWORD = ("no password supplied", "fe_sendauth")
_WRONG_PASSWORD = ("password authentication failed",)


def password_problem(exc: BaseException, url: str) -> PasswordNeededError | None:
    """A PasswordNeededError when *exc* is the server refusing a login, else None."""
    from sqlalchemy.engine import make_url

    text = str(exc)
    wrong = any(marker in text for marker in _WRONG_PASSWORD)
    if not wrong and not any(marker in text for marker in _NO_PASSWORD):
        return None
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - an unparsable URL never connected in the first place
        return None
    given = parsed.password is not None or bool(os.environ.get("PGPASSWORD"))
    return PasswordNeededError(url_for_humans(url), parsed.username or "", wrong=wrong and given)


def _damaged(path: Path, detail: str, *, is_backup: bool = False) -> DamagedDatabaseError:
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


# --------------------------------------------------------------------------- backups


def backup_dir_for(db_path: Path) -> Path:
    """Folder where automatic and manual backups of *db_path* are kept."""
    return db_path.parent / "backups"


def damaged_dir_for(db_path: Path) -> Path:
    """Where damaged or empty database files are moved on restore (never listed as backups)."""
    return backup_dir_for(db_path) / "damaged"


def list_backups(db_path: Path) -> list[Path]:
    """Backups of *db_path*, oldest first.

    Only complete, verified copies carry a backup name: a copy being written is called
    ``*.db.part`` until it has been verified, and damaged files set aside live in
    :func:`damaged_dir_for`.
    """
    folder = backup_dir_for(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.db"), key=lambda p: p.stat().st_mtime_ns)


def sqlite_revision(path: Path) -> str | None:
    """The schema revision stored in the SQLite file *path* (None when it has none)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            return None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    finally:
        conn.close()


def holds_records(path: Path) -> bool:
    """True when any table of the SQLite file *path* (besides the schema version) has a row."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
            if r[0] != "alembic_version"
        ]
        quoted = ['"' + t.replace('"', '""') + '"' for t in tables]
        return any(conn.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone() for t in quoted)
    finally:
        conn.close()


def is_good_backup(path: Path) -> bool:
    """True when *path* is a non-empty, healthy Cluster Workbench file this program can open."""
    try:
        if path.stat().st_size == 0:
            return False
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
                return False
        finally:
            conn.close()
        from workbench import migrate

        revision = sqlite_revision(path)
        return revision is not None and migrate.is_known(revision)
    except (OSError, sqlite3.Error):
        return False


def latest_good_backup(db_path: Path, backups: list[Path] | None = None) -> Path | None:
    """The newest backup of *db_path* that :func:`is_good_backup` accepts, or None."""
    for candidate in reversed(list_backups(db_path) if backups is None else backups):
        if is_good_backup(candidate):
            return candidate
    return None


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
            raise _damaged(db_path, str(exc)) from exc
        raise _unreadable(destination.parent, exc) from exc
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
            raise _unreadable(db_path, exc) from exc
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
        raise _unreadable(db_path, exc) from exc
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
                raise _unreadable(path, exc) from exc
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
            raise _unreadable(path, exc) from exc
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


def url_for_humans(location: str) -> str:
    """*location* without its password (not even "***"): for messages, titles and settings.

    The one home of that rule. File paths pass unchanged; a URL SQLAlchemy cannot parse keeps
    only what follows its "@".
    """
    if "://" not in location:
        return location
    from sqlalchemy.engine import make_url

    try:
        url = make_url(location)
    except Exception:  # noqa: BLE001 - not a URL SQLAlchemy knows: keep only what follows "@"
        scheme, _, rest = location.partition("://")
        return f"{scheme}://{rest.rpartition('@')[2]}" if "@" in rest else location
    if url.password is None:
        return location
    return url._replace(password=None).render_as_string(hide_password=False)


def url_with_password(url: str, password: str) -> str:
    """*url* with *password* put in (for the engine only: never shown, never stored)."""
    from sqlalchemy.engine import make_url

    return make_url(url)._replace(password=password).render_as_string(hide_password=False)


def url_password(url: str) -> str | None:
    """The password written in a PostgreSQL *url*; None for files, other URLs or none given."""
    if "://" not in url:
        return None
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed.password if parsed.drivername.startswith("postgresql") else None


def is_server_url(url: str) -> bool:
    """True for a PostgreSQL URL (a team database that may ask for a password)."""
    return url.startswith("postgresql")


def _has_tables(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())
