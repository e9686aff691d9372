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
import os
import re
import zlib
from base64 import b64decode, b64encode
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    MetaData,
    Table,
    delete,
    func,
    inspect,
    literal_column,
    select,
    text,
)
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from workbench import migrate
from workbench.db import (
    DEFAULT_BACKUPS_KEPT,
    Database,
    default_data_dir,
    make_engine,
    restore_sqlite,
    sqlite_path_of,
)
from workbench.errors import DatabaseError, ValidationError
from workbench.models import Base
from workbench.storage import EmptyBackupError, user_error
from workbench.translatable import msg

EXPORT_FORMAT = "cluster-workbench-export"
EXPORT_VERSION = 1


def backup(db: Database, destination: Path | None = None, *, reason: str = "manual") -> Path:
    """Back up *db*: a file copy on SQLite, a portable export elsewhere. Returns the file.

    Without *destination* a PostgreSQL export goes to the current folder as
    ``workbench-export-<stamp>.json.gz`` (safety exports taken before risky changes go to
    :func:`safety_dir` instead, see :func:`safety_export`).
    """
    if db.path is not None and (destination is None or not _is_export(destination)):
        copy = db.backup(reason=reason, destination=destination)
        if copy is None:
            raise DatabaseError(
                msg("Cannot back up {path}: the file does not exist.", path=db.path)
            )
        return copy
    if destination is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        destination = Path.cwd() / f"workbench-export-{stamp}.json.gz"
    export_records(db, destination)
    return destination


def _is_export(path: Path) -> bool:
    return path.name.endswith((".json", ".json.gz"))


def safety_dir() -> Path:
    """Folder of the exports kept before PostgreSQL restores, imports and upgrades."""
    return default_data_dir() / "backups" / "postgresql"


def _export_stem(db: Database) -> str:
    url = db.engine.url
    raw = f"{url.host or 'local'}-{url.port or 5432}-{url.database or 'db'}"
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", raw)


def list_safety_exports(db: Database) -> list[Path]:
    """The safety exports of *db* (a PostgreSQL database), oldest first."""
    folder = safety_dir()
    if not folder.is_dir():
        return []
    found = folder.glob(f"{_export_stem(db)}-*.json.gz")
    return sorted(found, key=lambda p: p.stat().st_mtime_ns)


def safety_export(
    db: Database,
    *,
    reason: str,
    destination: Path | None = None,
    rotate: bool = True,
    keep: int = DEFAULT_BACKUPS_KEPT,
) -> Path:
    """Export every record of *db* before a risky change; returns the export file.

    The file is ``<safety_dir>/<host>-<port>-<database>-<stamp>-<reason>.json.gz`` (or
    *destination*), written under a temporary name and renamed when complete. With *rotate*
    the oldest exports beyond *keep* are deleted, never the newest one.
    """
    if destination is None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        destination = safety_dir() / f"{_export_stem(db)}-{stamp}-{reason}.json.gz"
    else:
        rotate = False
    export_records(db, destination)
    if rotate:
        exports = list_safety_exports(db)
        for old in exports[: max(0, len(exports) - max(1, keep))]:
            old.unlink(missing_ok=True)
    return destination


def restore(url: str, source: Path, *, allow_empty: bool = False) -> Path | None:
    """Replace the database at *url* with *source* (a SQLite backup or an export).

    Everything about *source* is checked before anything is replaced (readable, ours, schema
    not newer than this program), and the previous contents are kept first: a file copy (or
    the damaged file set aside) on SQLite, a safety export on PostgreSQL. Returns that safety
    copy (None when there was nothing to keep).

    Raises:
        DatabaseError: *source* is missing, damaged, not a Cluster Workbench backup or from
            another version.
        EmptyBackupError: *source* holds no records while the database does, and not
            *allow_empty*.
    """
    if not source.exists():
        raise DatabaseError(msg("The backup {path} does not exist.", path=source))
    target = sqlite_path_of(url)
    if _is_export(source):
        records = read_export(source)
        from workbench.db import open_database

        db = open_database(url, start_empty=True)
        try:
            if not allow_empty and not _export_has_rows(records) and _db_has_rows(db):
                raise EmptyBackupError(
                    msg(
                        "The export {path} holds no records: restoring it would empty "
                        "{database}. Nothing was replaced; confirm that you want an empty "
                        "database (workbench restore --allow-empty) to go ahead.",
                        path=source,
                        database=db.display_name,
                    )
                )
            safety = db.backup(reason="pre-restore")
            import_records(db, records)
        finally:
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
    safety = restore_sqlite(source, target, allow_empty=allow_empty)
    # A backup made by an older version is brought up to date right away.
    engine = make_engine(url)
    try:
        if migrate.pending(engine):
            migrate.upgrade(engine)
    finally:
        engine.dispose()
    return safety


def _export_has_rows(payload: dict[str, Any]) -> bool:
    return any(dumped.get("rows") for dumped in payload["tables"].values())


def _db_has_rows(db: Database) -> bool:
    with db.engine.connect() as conn:
        return any(
            conn.execute(select(literal_column("1")).select_from(t).limit(1)).first()
            for t in _tables()
        )


# --------------------------------------------------------------------------- portable export


def _encode(value: Any) -> Any:
    """A raw stored value JSON cannot hold as it is, as the export writes it (json's default)."""
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return {"$b": b64encode(value).decode()}
    raise TypeError(f"an export cannot hold a {type(value).__name__} value")


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
    """Every table of the models, parents before children (restores insert in this order)."""
    return list(Base.metadata.sorted_tables)


EXPORT_CHUNK_ROWS = 5000
"""Rows an export reads, encodes and writes at a time: its memory does not grow with the data."""

EXPORT_GZIP_LEVEL = 6
"""zlib's default: level 9 took three times as long for a file 7 % smaller (10k members)."""


def export_records(db: Database, destination: Path) -> None:
    """Write every row of every table to *destination* (``.json`` or ``.json.gz``).

    The tables are the ones the database really has (read from its catalogue, not a fixed
    list), so an export taken before a migration carries the old tables too and a table added
    by a later migration is carried without changes here. Values are the raw stored values
    (money as integer cents, binary data as base64), so the export is exact. On PostgreSQL the
    tables are read in one repeatable-read snapshot, so colleagues saving meanwhile cannot
    leave the export with a child row whose parent it lacks. Rows are streamed to the file
    :data:`EXPORT_CHUNK_ROWS` at a time (an export of 50,000 members held the whole database
    as Python objects, then as one JSON text, then compressed). The file is written under a
    temporary name, flushed and renamed: never a half-written export.

    Raises:
        StorageError: the disk is full or the folder read-only (nothing is left behind).
    """
    tmp = destination.with_name(destination.name + ".part")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        with db.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            _write_export(tmp, _export_chunks(conn, db), gzipped=destination.name.endswith(".gz"))
        tmp.replace(destination)  # never leave a half-written backup under the real name
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        error = user_error(exc, destination)
        if error is None:
            raise
        raise error from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _export_chunks(conn: Connection, db: Database) -> Iterator[str]:
    """The export's JSON text in pieces: a header, then each table's rows a chunk at a time.

    Together the pieces are one JSON object, as :func:`read_export` reads it.
    """
    names = sorted(n for n in inspect(conn).get_table_names() if n != "alembic_version")
    reflected = MetaData()
    reflected.reflect(conn, only=names)
    header = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "revision": migrate.current_revision(db.engine),
        "exported_at": datetime.now().isoformat(),
    }
    yield json.dumps(header, ensure_ascii=False)[:-1] + ', "tables": {'
    for number, name in enumerate(names):
        columns = [c.name for c in reflected.tables[name].columns]
        separator = ", " if number else ""
        yield f'{separator}{json.dumps(name)}: {{"columns": {json.dumps(columns)}, "rows": ['
        first = True
        for rows in _raw_rows(conn, name, columns):
            text_ = json.dumps(rows, ensure_ascii=False, default=_encode)[1:-1]
            yield text_ if first else ", " + text_
            first = False
        yield "]}"
    yield "}}"


def _raw_rows(conn: Connection, table: str, columns: list[str]) -> Iterator[list[tuple[Any, ...]]]:
    """*table*'s raw column values (no type processing: money stays integer cents), in chunks.

    On PostgreSQL the rows come through a server-side cursor, EXPORT_CHUNK_ROWS at a time.
    """
    sql = f"SELECT {', '.join(_quote(conn, c) for c in columns)} FROM {_quote(conn, table)}"
    result = conn.execution_options(yield_per=EXPORT_CHUNK_ROWS).exec_driver_sql(sql)
    for part in result.partitions():
        yield [tuple(row) for row in part]


def _write_export(path: Path, pieces: Iterable[str], *, gzipped: bool) -> None:
    """The one place an export's bytes are written (compressed or not, then flushed to disk)."""
    with path.open("wb") as handle:
        if gzipped:
            with gzip.GzipFile(
                fileobj=handle, mode="wb", compresslevel=EXPORT_GZIP_LEVEL
            ) as zipped:
                for piece in pieces:
                    zipped.write(piece.encode())
        else:
            for piece in pieces:
                handle.write(piece.encode())
        handle.flush()
        os.fsync(handle.fileno())


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def read_export(source: Path) -> dict[str, Any]:
    """Load and check an export file; DatabaseError if it is not one of ours.

    A file exported by a newer program (unknown schema) raises NewerSchemaError; one of an
    older schema is refused with the version that can restore it.
    """
    try:
        raw = source.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        payload = json.loads(raw)
    except (OSError, ValueError, EOFError, zlib.error) as exc:
        raise DatabaseError(
            msg(
                "{path} cannot be read as a Cluster Workbench export: {error}",
                path=source,
                error=str(exc),
            )
        ) from exc
    if not isinstance(payload, dict) or payload.get("format") != EXPORT_FORMAT:
        raise DatabaseError(msg("{path} is not a Cluster Workbench export.", path=source))
    tables = payload.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(t, dict)
        and isinstance(t.get("columns"), list)
        and isinstance(t.get("rows"), list)
        for t in tables.values()
    ):
        raise DatabaseError(
            msg(
                "{path} is an incomplete Cluster Workbench export (its tables cannot be read); "
                "nothing was replaced. Choose another backup.",
                path=source,
            )
        )
    revision = payload.get("revision")
    migrate.check_known(revision, source)
    if revision != migrate.head_revision():
        raise DatabaseError(
            msg(
                "{path} was exported from database version {revision}, but this program uses "
                "{head}: restore it with the matching version.",
                path=source,
                revision=revision,
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
            restorers = [_restorer(table, n, conn.dialect) for n in names]
            params = [
                {
                    (str(i) if _pyformat(conn) else f"c{i}"): restorers[i](v)
                    for i, v in enumerate(row)
                }
                for row in dumped["rows"]
            ]
            if _pyformat(conn):
                conn.exec_driver_sql(sql, params)  # type: ignore[arg-type]
            else:
                conn.execute(text(sql), params)
        if conn.dialect.name == "postgresql":
            reset_sequences(conn, tables)
        check_restored_records(conn, payload)


def _restorer(table: Table, name: str, dialect: Any) -> Callable[[Any], Any]:
    """How a raw exported value of *table*'s column *name* is put back into *dialect*.

    Exports hold the values as their database stored them, and the two backends store some
    kinds differently: SQLite keeps a boolean as 0 or 1 (PostgreSQL's boolean columns refuse
    integers) and a timestamp as naive text in UTC (PostgreSQL, given a naive value, would read
    it in its session's time zone). An export is the documented way into and out of team
    mode, so each such value is turned into the Python value it stands for and handed to the
    target's own bind processing. Values of the models' own types (money in cents, scaled
    scores) and of columns the models no longer have are stored as they are.
    """
    column = table.columns.get(name)
    kind = column.type if column is not None else None
    if kind is None or isinstance(kind, TypeDecorator):
        return _decode
    bind = kind.bind_processor(dialect) or (lambda value: value)
    if isinstance(kind, Boolean):
        return lambda value: bind(_as_bool(_decode(value)))
    if isinstance(kind, DateTime):
        return lambda value: bind(_as_utc(_decode(value)) if kind.timezone else _decode(value))
    return _decode


def _as_bool(value: Any) -> Any:
    return bool(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _as_utc(value: Any) -> Any:
    """A stored timestamp as an aware UTC datetime: the program stores every timestamp in UTC."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        return value
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def check_restored_records(conn: Connection, payload: dict[str, Any]) -> None:
    """Run every record validator over the rows just restored, inside their transaction.

    A restore is a write like any other: an export edited by hand (or damaged in a way JSON
    still parses) must not put an organisation without a name or with an impossible VAT into
    the database. The rows are checked as they are now stored, so questions such as "is this
    VAT taken?" are answered by the restored data itself; the values are not rewritten.

    Raises:
        DatabaseError: naming the table, the row and the problem; the caller's transaction
            then rolls back, so nothing was replaced.
    """
    from workbench.services.base import VALIDATORS, load_validators, row_fields, run_validator
    from workbench.services.member_validation import ValidationCache

    load_validators()
    session = Session(bind=conn)
    try:
        orgs = payload["tables"].get("organisation", {"columns": [], "rows": []})
        org_rows = [dict(zip(orgs["columns"], row, strict=True)) for row in orgs["rows"]]
        session.info[ValidationCache.KEY] = ValidationCache.load(
            session,
            (r["vat"] for r in org_rows if r.get("vat")),
            (r["id"] for r in org_rows),
        )
        for model in sorted(VALIDATORS, key=lambda m: m.__tablename__):
            dumped = payload["tables"].get(model.__tablename__)
            if not dumped:
                continue
            columns = {attr.columns[0].name: attr for attr in inspect(model).column_attrs}
            for row in dumped["rows"]:
                values = {
                    (columns[n].key if n in columns else n): (
                        _as_python(columns[n].columns[0], v, conn) if n in columns else _decode(v)
                    )
                    for n, v in zip(dumped["columns"], row, strict=True)
                }
                try:
                    run_validator(session, model, row_fields(model, values))
                except ValidationError as exc:
                    raise DatabaseError(
                        msg(
                            "The backup cannot be restored: {table} row {row_id}, {field}: "
                            "{problem} Nothing was replaced.",
                            table=model.__tablename__,
                            row_id=values.get("id"),
                            field=exc.field or "—",
                            problem=exc.message,
                        )
                    ) from exc
    finally:
        session.close()


def _as_python(column: Any, value: Any, conn: Connection) -> Any:
    """An exported raw value of a model *column* as the model's attribute would hold it.

    Validators judge Python values (a score in percent, a bool, a date), while an export holds
    what the database stored (a scaled integer, SQLite's 0/1): the column's own type turns one
    into the other, so the rule a validator applies is the one it applies in the editor.
    """
    value = _decode(value)
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, TypeDecorator):
        return kind.process_result_value(value, conn.dialect)
    if isinstance(kind, Boolean) and isinstance(value, int):
        return bool(value)
    if isinstance(kind, DateTime) and isinstance(value, str):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date) and isinstance(value, str):
        return date.fromisoformat(value)
    return value


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
