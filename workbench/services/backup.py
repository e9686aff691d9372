"""Backups that restore: SQLite file copies (online backup API) and portable JSON exports.

On SQLite, ``backup`` copies the file consistently while the app runs and ``restore`` verifies
the copy with ``integrity_check`` before replacing anything. On PostgreSQL, ``backup`` writes a
portable export of every record (gzip-compressed JSON, one list of rows per table) that
``restore`` reads back in one transaction. Either kind of file can be restored into either
backend: a ``.json.gz`` export restores into SQLite too.
"""

from __future__ import annotations

import gzip
import json
from base64 import b64decode, b64encode
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, func, select, text
from sqlalchemy.engine import Connection

from workbench import migrate
from workbench.db import (
    Database,
    backup_sqlite,
    check_sqlite_integrity,
    make_engine,
    restore_sqlite,
    sqlite_path_of,
)
from workbench.errors import DatabaseError
from workbench.models import Base
from workbench.translatable import msg

EXPORT_FORMAT = "cluster-workbench-export"
EXPORT_VERSION = 1


def backup(db: Database, destination: Path | None = None, *, reason: str = "manual") -> Path:
    """Back up *db*: a file copy on SQLite, a portable export elsewhere. Returns the file."""
    if db.path is not None and (destination is None or not _is_export(destination)):
        return backup_sqlite(db.path, destination, reason=reason)
    if destination is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        destination = Path.cwd() / f"workbench-export-{stamp}.json.gz"
    export_records(db, destination)
    return destination


def _is_export(path: Path) -> bool:
    return path.name.endswith((".json", ".json.gz"))


def restore(url: str, source: Path) -> Path | None:
    """Replace the database at *url* with *source* (a SQLite backup or an export).

    Returns the safety backup of the previous contents (SQLite only), or None.
    Raises DatabaseError when *source* is missing, damaged or not a Cluster Workbench backup.
    """
    if not source.exists():
        raise DatabaseError(msg("The backup {path} does not exist.", path=source))
    target = sqlite_path_of(url)
    if _is_export(source):
        records = read_export(source)
        from workbench.db import open_database

        db = open_database(url)
        safety = db.backup(reason="pre-restore")
        import_records(db, records)
        db.dispose()
        return safety
    if target is None:
        raise DatabaseError(
            msg(
                "{path} is a SQLite backup; a PostgreSQL database is restored from an export "
                "made with 'workbench backup -o FILE.json.gz'.",
                path=source,
            )
        )
    check_sqlite_integrity(source)
    _check_is_workbench_file(source)
    safety = restore_sqlite(source, target)
    # A backup made by an older version is brought up to date right away.
    engine = make_engine(url)
    try:
        if migrate.pending(engine):
            migrate.upgrade(engine)
    finally:
        engine.dispose()
    return safety


def _check_is_workbench_file(path: Path) -> None:
    engine = make_engine("sqlite:///" + str(path))
    try:
        with engine.connect() as conn:
            tables = set(
                conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars()
            )
    finally:
        engine.dispose()
    if "organisation" not in tables or "alembic_version" not in tables:
        raise DatabaseError(msg("{path} is not a Cluster Workbench database backup.", path=path))


# --------------------------------------------------------------------------- portable export


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, bytes):
        return {"$b": b64encode(value).decode()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if "$dt" in value:
            return datetime.fromisoformat(value["$dt"])
        if "$d" in value:
            return date.fromisoformat(value["$d"])
        if "$b" in value:
            return b64decode(value["$b"])
    return value


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def export_records(db: Database, destination: Path) -> None:
    """Write every row of every table to *destination* (``.json`` or ``.json.gz``).

    Values are the raw stored values (money as integer cents), so the export is exact.
    """
    with db.engine.connect() as conn:
        payload = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "revision": migrate.current_revision(db.engine),
            "exported_at": datetime.now().isoformat(),
            "tables": {t.name: _dump_table(conn, t) for t in _tables()},
        }
    data = json.dumps(payload, ensure_ascii=False).encode()
    destination.parent.mkdir(parents=True, exist_ok=True)
    tmp = destination.with_name(destination.name + ".part")
    if destination.name.endswith(".gz"):
        tmp.write_bytes(gzip.compress(data))
    else:
        tmp.write_bytes(data)
    tmp.replace(destination)  # never leave a half-written backup under the real name


def _dump_table(conn: Connection, table: Table) -> dict[str, Any]:
    # Read raw column values: no type processing, so money stays integer cents.
    columns = [c.name for c in table.columns]
    rows = conn.exec_driver_sql(
        f"SELECT {', '.join(_quote(conn, c) for c in columns)} FROM {_quote(conn, table.name)}"
    ).all()
    return {"columns": columns, "rows": [[_encode(v) for v in row] for row in rows]}


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def read_export(source: Path) -> dict[str, Any]:
    """Load and check an export file; DatabaseError if it is not one of ours."""
    try:
        raw = source.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        payload = json.loads(raw)
    except (OSError, ValueError, EOFError) as exc:
        raise DatabaseError(
            msg(
                "{path} cannot be read as a Cluster Workbench export: {error}",
                path=source,
                error=str(exc),
            )
        ) from exc
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise DatabaseError(msg("{path} is not a Cluster Workbench export.", path=source))
    if payload.get("revision") != migrate.head_revision():
        raise DatabaseError(
            msg(
                "{path} was exported from database version {revision}, but this program uses "
                "{head}: restore it with the matching version.",
                path=source,
                revision=payload.get("revision"),
                head=migrate.head_revision(),
            )
        )
    return payload


def import_records(db: Database, payload: dict[str, Any]) -> None:
    """Replace every row of every table with the export's rows, in one transaction."""
    tables = _tables()
    with db.engine.begin() as conn:
        for table in reversed(tables):
            conn.execute(delete(table))
        for table in tables:
            dumped = payload["tables"].get(table.name)
            if not dumped or not dumped["rows"]:
                continue
            names = dumped["columns"]
            cols = ", ".join(_quote(conn, n) for n in names)
            marks = ", ".join(
                f"%({i})s" if _pyformat(conn) else f":c{i}" for i in range(len(names))
            )
            sql = f"INSERT INTO {_quote(conn, table.name)} ({cols}) VALUES ({marks})"
            params = [
                {(str(i) if _pyformat(conn) else f"c{i}"): _decode(v) for i, v in enumerate(row)}
                for row in dumped["rows"]
            ]
            if _pyformat(conn):
                conn.exec_driver_sql(sql, params)  # type: ignore[arg-type]
            else:
                conn.execute(text(sql), params)
        if conn.dialect.name == "postgresql":
            reset_sequences(conn, tables)


def _pyformat(conn: Connection) -> bool:
    return conn.dialect.paramstyle == "pyformat"


def reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """PostgreSQL: after inserting explicit ids, move each serial sequence past the highest id."""
    for table in tables:
        if "id" not in table.columns or not table.columns["id"].autoincrement:
            continue
        top = conn.execute(select(func.max(table.columns["id"]))).scalar()
        conn.execute(
            text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v, :called)"),
            {"t": table.name, "v": top or 1, "called": top is not None},
        )
