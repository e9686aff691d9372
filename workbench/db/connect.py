"""Making the engine: SQLite pragmas and WAL guard, the PostgreSQL driver, refused logins.

SQLite gets WAL, enforced foreign keys and a busy timeout; the PostgreSQL driver (psycopg) is
optional and its absence is explained; a server refusing the login asks for a password.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from workbench import storage
from workbench.db.location import sqlite_path_of, url_for_humans
from workbench.errors import DatabaseError
from workbench.translatable import msg

SQLITE_BUSY_TIMEOUT_MS = storage.LOCK_WAIT_SECONDS * 1000  # one home: the messages quote it
#: How to add the PostgreSQL driver (psycopg) to an installation without it: the ``team`` extra
#: of the ``cluster-workbench`` distribution (pyproject.toml; a test checks the two agree).
TEAM_INSTALL_COMMAND = 'pip install "cluster-workbench[team]"'


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
