"""Opening the database: URL resolution, SQLite pragmas, integrity check, migrations, backups.

Default database: ``<user data dir>/workbench.db`` (platformdirs). ``--db PATH_OR_URL`` or the
``WORKBENCH_DB`` environment variable override it. Opening a SQLite file checks its integrity,
takes an automatic backup when migrations are pending, and upgrades the schema with Alembic.

One module a job, each importing only the ones before it; this package re-exports their public
names, so callers import from ``workbench.db``:

* :mod:`.location` — the default data folder and file, ``--db`` into a URL, URLs for people;
* :mod:`.connect` — the engine: SQLite pragmas and WAL guard, the PostgreSQL driver, logins;
* :mod:`.backup_folder` — the backups folder and what is in it (read only);
* :mod:`.integrity` — the integrity check and the damaged / cannot-open errors;
* :mod:`.backups` — writing copies (verified, atomic), rotation, setting aside, restoring;
* :mod:`.opening` — the :class:`Database` handle and :func:`open_database`.
"""

from __future__ import annotations

from workbench.db.backup_folder import (
    backup_dir_for,
    damaged_dir_for,
    holds_records,
    is_good_backup,
    latest_good_backup,
    list_backups,
    sqlite_revision,
)
from workbench.db.backups import (
    DEFAULT_BACKUPS_KEPT,
    backup_sqlite,
    copy_verified,
    restore_sqlite,
    rotate_backups,
    set_aside,
)
from workbench.db.connect import (
    SQLITE_BUSY_TIMEOUT_MS,
    TEAM_INSTALL_COMMAND,
    PasswordNeededError,
    make_engine,
    password_problem,
    require_driver,
)
from workbench.db.integrity import check_backup, check_sqlite_integrity
from workbench.db.location import (
    APP_NAME,
    DB_ENV_VAR,
    default_data_dir,
    default_db_path,
    is_server_url,
    resolve_db_url,
    sqlite_path_of,
    url_for_humans,
    url_password,
    url_with_password,
)
from workbench.db.opening import Database, open_database

__all__ = [
    "APP_NAME",
    "DB_ENV_VAR",
    "DEFAULT_BACKUPS_KEPT",
    "SQLITE_BUSY_TIMEOUT_MS",
    "TEAM_INSTALL_COMMAND",
    "Database",
    "PasswordNeededError",
    "backup_dir_for",
    "backup_sqlite",
    "check_backup",
    "check_sqlite_integrity",
    "copy_verified",
    "damaged_dir_for",
    "default_data_dir",
    "default_db_path",
    "holds_records",
    "is_good_backup",
    "is_server_url",
    "latest_good_backup",
    "list_backups",
    "make_engine",
    "open_database",
    "password_problem",
    "require_driver",
    "resolve_db_url",
    "restore_sqlite",
    "rotate_backups",
    "set_aside",
    "sqlite_path_of",
    "sqlite_revision",
    "url_for_humans",
    "url_password",
    "url_with_password",
]
