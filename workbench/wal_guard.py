"""Refuse to write when the SQLite WAL file was deleted or replaced under an open connection.

A connection in WAL mode keeps its ``-wal`` file open until it closes, and SQLite deletes that
file only when the last connection of the last process closes. If someone else deletes it
meanwhile (a user, a cleaning or backup tool, or another program that wrongly believed it was
the last user because this process had lost its POSIX locks), this process goes on writing
into a file nobody else can see: other programs never see those commits and they are lost
when the process ends.

What is feasible, cheaply: each connection remembers the identity (device, inode) of the WAL
file as it was when the connection opened it; before every writing statement that identity is
compared with the file now at the WAL's path (one ``stat``, microseconds). A missing or
different file means the connection's WAL is orphaned: the write is refused with a message
that says so, before anything more is committed into the orphan. Not feasible: putting back
what another program wrote into a replacement WAL, or catching a deletion that happens between
the check and the commit (a window of milliseconds).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from workbench.errors import DatabaseError
from workbench.translatable import msg

_INFO_KEY = "workbench_wal_identity"
_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


def wal_path_of(db_path: Path) -> Path:
    """The write-ahead log beside *db_path*."""
    return db_path.with_name(db_path.name + "-wal")


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino)


def install_wal_guard(engine: Engine, db_path: Path) -> None:
    """Make every writing statement on *engine* check that its WAL file is still in place.

    Register after the listener that switches connections to WAL mode: the identity is taken
    once the connection has opened its WAL.

    Raises (from the guarded statements):
        DatabaseError: the WAL this connection writes to was deleted or replaced.
    """
    wal = wal_path_of(db_path)

    @event.listens_for(engine, "connect")
    def _remember(_dbapi_conn: Any, record: Any) -> None:
        record.info[_INFO_KEY] = _identity(wal)

    @event.listens_for(engine, "before_cursor_execute")
    def _check(
        conn: Any, _cursor: Any, statement: str, _params: Any, _context: Any, _many: bool
    ) -> None:
        if not _WRITES.match(statement):
            return
        info = conn.connection.info  # the pooled DB-API connection's record
        expected = info.get(_INFO_KEY)
        current = _identity(wal)
        if expected is None:
            # The connection had no WAL yet (a brand-new database): the first write creates it.
            info[_INFO_KEY] = current
            return
        if current != expected:
            raise DatabaseError(
                msg(
                    "The journal file {wal} of the open database was deleted or replaced by "
                    "another program, so changes saved now would be lost. Nothing was saved: "
                    "close Cluster Workbench and every other program using {db}, then open "
                    "it again and check your latest changes.",
                    wal=wal,
                    db=db_path,
                )
            )


__all__ = ["install_wal_guard", "wal_path_of"]
