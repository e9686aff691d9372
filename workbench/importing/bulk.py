"""The import's fast write path: records checked as plain values, written table by table.

The ORM path of :mod:`workbench.importing.apply` (one mapped object per record, the unit of
work, the history events of :mod:`workbench.services.audit`) costs about 200 µs a record, and
an import of 10,000 member rows writes some 45,000 records. This module writes the records of
a chunk of planned rows with a few whole-table statements instead:

* every record is a :class:`Draft` whose ``fields`` hold all its columns; the services'
  registered validators check and normalise ``fields`` exactly as they do mapped objects
  (they only read and set attributes, and ask the session about stored records);
* new records go in table by table, parents before children, through the driver's own bulk
  path (:func:`bulk_insert`: COPY on PostgreSQL, executemany elsewhere); their ids are drawn
  first by an :class:`IdAllocator` (no ``RETURNING`` round trip, which on PostgreSQL would
  make the driver parse one huge statement per thousand rows);
* updates are one executemany per table and set of changed columns, each row guarded by the
  version read with it: a record changed meanwhile matches no row, and the whole chunk fails
  with ``StaleDataError`` - apply then replays the chunk row by row through the ORM, which
  finds and quarantines the culprit;
* the history rows are those the ORM events would write (same helpers): one "create" entry
  with the record's snapshot, one "update" entry per changed field.

Contract: the caller runs :func:`write_drafts` inside a SAVEPOINT, and the session holds no
pending ORM changes for these tables (mapped objects of updated records are expired after).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from workbench.models import AuditEntry, Base, ChangeAction, utcnow
from workbench.services.audit import (
    dump_value,
    history_fields,
    history_row,
    record_label,
    snapshot_json,
)
from workbench.services.base import in_batches, run_validator, scalar_defaults

#: Columns the database or this module fills in, never taken from a plan.
BOOKKEEPING = frozenset({"id", "version", "created_at", "updated_at", "updated_by"})
_COLUMNS: dict[type, tuple[str, ...]] = {}


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)  # type: ignore[attr-defined]


def record_columns(model: type[Base]) -> tuple[str, ...]:
    """Attribute names of *model*'s columns other than the bookkeeping ones."""
    found = _COLUMNS.get(model)
    if found is None:
        keys = []
        for attr in inspect(model).column_attrs:
            if attr.key in BOOKKEEPING:
                continue
            column = attr.columns[0]
            default = column.default
            # This module writes attributes as columns and applies only constant defaults.
            if attr.key != column.key or (default is not None and not default.is_scalar):
                raise TypeError(f"{model.__name__}.{attr.key}: bulk writing does not support it")
            keys.append(attr.key)
        found = _COLUMNS[model] = tuple(keys)
    return found


@dataclass(eq=False)
class Draft:
    """One record to write.

    Attributes:
        model: Its model class.
        fields: Its column values as attributes, ``id`` included (None until inserted): what
            validators see and normalise.
        version: The stored version (updates; None for new records).
        updated_by: Who last changed the stored record (updates).
        stored: The stored values (updates), to find what changed.
        owner: The new record this one belongs to, when that has no id yet.
        owner_key: The foreign-key attribute that must point at *owner*.
    """

    model: type[Base]
    fields: SimpleNamespace
    version: int | None = None
    updated_by: str | None = None
    stored: dict[str, Any] | None = None
    owner: Draft | None = None
    owner_key: str | None = None

    @property
    def record_id(self) -> int | None:
        """The stored record's id, or the id a new one got when inserted."""
        return self.fields.id  # type: ignore[no-any-return]

    @property
    def is_new(self) -> bool:
        """True for a record to insert."""
        return self.stored is None

    def set(self, values: Mapping[str, Any]) -> None:
        """Set attributes from *values*."""
        for key, value in values.items():
            setattr(self.fields, key, value)

    def state(self) -> dict[str, Any]:
        """A copy of the current values (to put back with :meth:`restore`)."""
        return dict(vars(self.fields))

    def restore(self, state: Mapping[str, Any]) -> None:
        """Put back values saved with :meth:`state`."""
        current = vars(self.fields)
        current.clear()
        current.update(state)

    def changes(self) -> dict[str, tuple[Any, Any]]:
        """``{attribute: (stored, new)}`` for the attributes an update changes."""
        if self.stored is None:
            return {}
        values = vars(self.fields)
        return {key: (old, values[key]) for key, old in self.stored.items() if values[key] != old}


def new_draft(model: type[Base], values: Mapping[str, Any]) -> Draft:
    """A record to insert: *values* over every column, constants defaults where still None.

    Validators see the values the database would store, as with ``validate()`` on a new
    mapped object.
    """
    fields = dict.fromkeys(record_columns(model))
    fields.update(values)
    fields["id"] = None
    for key, default in scalar_defaults(model):
        if key in fields and fields[key] is None:  # bookkeeping columns are not in fields
            fields[key] = default
    return Draft(model, SimpleNamespace(**fields))


def load_drafts(session: Session, model: type[Base], ids: Iterable[int]) -> dict[int, Draft]:
    """Stored records of *model* by id, as drafts to update (one query per 900 ids)."""
    table = _table(model)
    keys = record_columns(model)
    columns = [table.c.id, table.c.version, table.c.updated_by, *(table.c[k] for k in keys)]
    found: dict[int, Draft] = {}
    for part in in_batches(sorted(set(ids))):
        for row in session.connection().execute(select(*columns).where(table.c.id.in_(part))):
            record_id, version, updated_by, *values = row
            stored = dict(zip(keys, values, strict=True))
            fields = SimpleNamespace(**stored, id=record_id)
            found[record_id] = Draft(model, fields, version, updated_by, stored)
    return found


def validate_draft(session: Session, draft: Draft) -> None:
    """Validate *draft*'s fields as ``validate()`` does a record (the error names the field)."""
    run_validator(session, draft.model, draft.fields)


class IdAllocator:
    """Primary keys for new rows, drawn before they are inserted (no read-back needed).

    On SQLite this transaction holds the only write lock, so it numbers rows from the
    largest id onwards. On PostgreSQL ids come from each table's own sequence, which other
    sessions share safely (a rolled-back import leaves gaps, as any rollback does).
    Records the ORM writes in the same import take their ids from here too, so the two
    never collide.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.sqlite = session.get_bind().dialect.name == "sqlite"
        self.next_id: dict[type[Base], int] = {}

    def next(self, model: type[Base]) -> int:
        """One id for a new *model* record."""
        return self.take(model, 1)[0]

    def take(self, model: type[Base], count: int) -> list[int]:
        """*count* ids for new *model* records."""
        if count <= 0:
            return []
        table = _table(model)
        if not self.sqlite:
            series = select(
                func.nextval(func.pg_get_serial_sequence(table.name, "id"))
            ).select_from(func.generate_series(1, count))
            return list(self.session.execute(series).scalars())
        if model not in self.next_id:
            found = self.session.execute(select(func.max(table.c.id))).scalar()
            self.next_id[model] = int(found or 0) + 1
        first = self.next_id[model]
        self.next_id[model] = first + count
        return list(range(first, first + count))


def write_drafts(
    session: Session,
    creates: Sequence[Draft],
    updates: Sequence[Draft],
    *,
    ids: IdAllocator,
    user: str | None,
    history: bool,
) -> None:
    """Insert *creates*, update *updates* and write their history, in the open transaction.

    *creates* are inserted table by table in foreign-key order; each draft's ``owner`` must be
    among them (its id is filled into ``owner_key`` once known). Updates whose values did not
    change are not written.

    Raises:
        StaleDataError: An updated record changed since it was loaded.
        sqlalchemy.exc.IntegrityError / DataError: The database refused a row.
    """
    connection = session.connection()
    rows: list[dict[str, Any]] = []
    info = session.info
    at = utcnow()  # one time for the chunk: its records are written together
    by_model: dict[type[Base], list[Draft]] = defaultdict(list)
    for draft in creates:
        by_model[draft.model].append(draft)
    for model in _in_insert_order(by_model):
        drafts = by_model[model]
        _insert(connection, model, drafts, ids, user)
        if history:
            rows.extend(
                history_row(
                    info,
                    model,
                    d.record_id,  # type: ignore[arg-type]  # set by _insert
                    record_label(d.fields, model),
                    ChangeAction.CREATE,
                    at=at,
                    new_value=snapshot_json(model, d.fields),
                )
                for d in drafts
            )
    for draft, changes in _update(connection, updates, user):
        if history:
            label = record_label(draft.fields, draft.model)
            recorded = history_fields(draft.model)
            rows.extend(
                history_row(
                    info,
                    draft.model,
                    draft.record_id,  # type: ignore[arg-type]
                    label,
                    ChangeAction.UPDATE,
                    at=at,
                    field=key,
                    old_value=dump_value(old),
                    new_value=dump_value(new),
                )
                for key, (old, new) in changes.items()
                if key in recorded
            )
    if rows:
        _insert_history(connection, rows)


_HISTORY_COLUMNS = (
    "at",
    "user",
    "source",
    "action",
    "table_name",
    "record_id",
    "record_label",
    "batch_id",
    "field",
    "old_value",
    "new_value",
)


def _insert_history(connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Write history rows (from ``history_row``): some 45,000 for a 10,000-row import."""
    values = [tuple(row[name] for name in _HISTORY_COLUMNS) for row in rows]
    bulk_insert(connection, _table(AuditEntry), _HISTORY_COLUMNS, values)


def bulk_insert(
    connection: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT *rows* (Python values in *columns* order) through the driver's own bulk path.

    SQLAlchemy's per-row parameter handling costs about as much as the database's work for
    tens of thousands of rows, so the values are converted here with the columns' own bind
    processors (exactly what SQLAlchemy would send) and handed to the driver: COPY with
    psycopg (PostgreSQL), executemany with sqlite3; any other driver gets SQLAlchemy's own
    executemany. The statement is built from the table's metadata and the values travel as
    parameters or COPY data, never inside the SQL text. Column defaults are not applied:
    *columns* must cover every NOT NULL column.
    """
    dialect = connection.dialect
    use_copy = dialect.name == "postgresql" and dialect.driver == "psycopg"
    if not (use_copy or dialect.paramstyle == "qmark"):
        connection.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
    ]
    converting = [(i, p) for i, p in enumerate(processors) if p is not None]
    params: list[tuple[Any, ...]] = []
    for row in rows:
        values = list(row)
        for i, process in converting:
            if values[i] is not None:
                values[i] = process(values[i])
        params.append(tuple(values))
    preparer = dialect.identifier_preparer
    target = f"{preparer.format_table(table)} ({', '.join(preparer.quote(c) for c in columns)})"
    if use_copy:
        _copy(connection, f"COPY {target} FROM STDIN", params)
    else:  # sqlite3 (qmark parameters)
        placeholders = ", ".join(["?"] * len(columns))
        connection.exec_driver_sql(f"INSERT INTO {target} VALUES ({placeholders})", params)


def _copy(connection: Connection, statement: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """Run a PostgreSQL ``COPY ... FROM STDIN`` of *rows* on *connection*'s driver connection.

    It runs inside the open transaction (the chunk's savepoint). A refusal is raised as the
    SQLAlchemy exception SQLAlchemy itself would raise (IntegrityError, DataError ...).
    """
    dbapi = connection.dialect.loaded_dbapi
    driver: Any = connection.connection.dbapi_connection
    try:
        with driver.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
    except dbapi.Error as exc:
        raise DBAPIError.instance(statement, None, exc, dbapi.Error) from exc


def _in_insert_order(models: Iterable[type[Base]]) -> list[type[Base]]:
    """*models* with every table after the tables it refers to."""
    wanted = {_table(m): m for m in models}
    return [wanted[t] for t in Base.metadata.sorted_tables if t in wanted]


def _insert(
    connection: Connection,
    model: type[Base],
    drafts: Sequence[Draft],
    ids: IdAllocator,
    user: str | None,
) -> None:
    """INSERT *drafts* of *model* in one go, filling ids and owners' keys first.

    The bookkeeping columns get what their defaults would give: version 1, the time now.
    """
    for draft, record_id in zip(drafts, ids.take(model, len(drafts)), strict=True):
        draft.fields.id = record_id
        if draft.owner is not None:
            setattr(draft.fields, draft.owner_key or "", draft.owner.record_id)
    keys = record_columns(model)
    now = utcnow()
    rows = [
        (d.fields.id, 1, now, now, user, *(getattr(d.fields, key) for key in keys)) for d in drafts
    ]
    columns = ("id", "version", "created_at", "updated_at", "updated_by", *keys)
    bulk_insert(connection, _table(model), columns, rows)


def _update(
    connection: Connection, drafts: Sequence[Draft], user: str | None
) -> list[tuple[Draft, dict[str, tuple[Any, Any]]]]:
    """UPDATE the changed columns of *drafts*, version-guarded; returns what each changed."""
    changed: list[tuple[Draft, dict[str, tuple[Any, Any]]]] = []
    groups: dict[tuple[type[Base], tuple[str, ...]], list[Draft]] = defaultdict(list)
    for draft in drafts:
        changes = draft.changes()
        if changes:
            changed.append((draft, changes))
            groups[(draft.model, tuple(sorted(changes)))].append(draft)
    for (model, keys), group in groups.items():
        table = _table(model)
        # Bind names must differ from the column names the SET clause uses.
        statement = (
            table.update()
            .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
            .values(
                {key: bindparam(f"b_{key}") for key in keys}
                | {"version": bindparam("b_new_version"), "updated_by": bindparam("b_user")}
            )
        )
        # As with the ORM, the stamp names the user only when a recorded field changed.
        stamp = any(key in history_fields(model) for key in keys)
        params = [
            {f"b_{key}": getattr(d.fields, key) for key in keys}
            | {
                "b_id": d.record_id,
                "b_version": d.version,
                "b_new_version": (d.version or 0) + 1,
                "b_user": user if stamp else d.updated_by,
            }
            for d in group
        ]
        result = connection.execute(statement, params)
        if result.rowcount != len(params):
            raise StaleDataError(
                f"{table.name}: {len(params) - result.rowcount} of {len(params)} records "
                "changed while importing"
            )
    return changed
