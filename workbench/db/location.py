"""Where the database is: the default folder and file, ``--db`` into a URL, URLs for people.

``--db`` or ``WORKBENCH_DB`` (a file path or a SQLAlchemy URL) override the default file;
locations written for people never carry a password.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "ClusterWorkbench"
DB_ENV_VAR = "WORKBENCH_DB"


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
