"""Units of work and generic create/read/update/delete shared by every service module.

Each public service function opens its own unit of work (one transaction), validates, writes
and returns detached records (``expire_on_commit=False``) or plain dataclass rows. Database
errors a user can cause are translated into :mod:`workbench.errors` exceptions.
"""

from __future__ import annotations

import importlib
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum
from types import SimpleNamespace
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Enum, Select, String, Text, event, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from workbench.db import Database
from workbench.errors import ConflictError, DatabaseError, NotFoundError, ValidationError
from workbench.models import AuditEntry, Base
from workbench.models.base import Versioned
from workbench.rules.errors import RuleError
from workbench.services.audit import record_label
from workbench.text import strip_control_characters
from workbench.translatable import Message, msg

T = TypeVar("T", bound=Base)
Validator = Callable[[Session, Any], None]

#: Validators by model class, run on every create and update before the flush. They may
#: normalise fields in place and raise ValidationError naming the field.
VALIDATORS: dict[type[Base], Validator] = {}


#: Values per ``IN (...)`` list: under every backend's bound-parameter limit (SQLite's 999).
IN_LIST_SIZE = 900


def in_batches(values: Sequence[Any], size: int = IN_LIST_SIZE) -> Iterator[Sequence[Any]]:
    """*values* in slices small enough for one ``IN (...)`` query on every backend."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


#: The modules that declare validators with :func:`validator`. Listed here, not left to
#: whoever happens to import them: :func:`run_validator` loads them all before its first check,
#: so no write path can skip a check because a module was not imported (an AST test keeps the
#: list complete).
VALIDATOR_MODULES = (
    "workbench.services.activities",
    "workbench.services.attachments",
    "workbench.services.cluster",
    "workbench.services.eccp_profile",
    "workbench.services.improvements",
    "workbench.services.member_validation",
    "workbench.services.projects",
    "workbench.services.taxonomy",
)
_validators_loaded = False


def load_validators() -> None:
    """Import every module of :data:`VALIDATOR_MODULES` once (registers their validators)."""
    global _validators_loaded
    if not _validators_loaded:
        for name in VALIDATOR_MODULES:
            importlib.import_module(name)
        _validators_loaded = True


def validator(model: type[Base]) -> Callable[[Validator], Validator]:
    """Register the decorated function as the validator of *model*."""

    def register(func: Validator) -> Validator:
        VALIDATORS[model] = func
        return func

    return register


def validate(session: Session, obj: Base) -> None:
    """Run the registered validator of *obj*'s class, if any.

    A new record first gets its columns' scalar defaults, so validators see the values the
    database would store (e.g. a label's body "ESCA") rather than None.
    """
    if inspect(obj).transient or inspect(obj).pending:
        apply_scalar_defaults(obj)
    run_validator(session, type(obj), obj)
    _validated_in(session).add(obj)


_VALIDATED_KEY = "_validated_records"


def _validated_in(session: Session) -> weakref.WeakSet[Any]:
    """The records :func:`validate` checked since *session*'s last flush."""
    found: weakref.WeakSet[Any] | None = session.info.get(_VALIDATED_KEY)
    if found is None:
        found = session.info[_VALIDATED_KEY] = weakref.WeakSet()
    return found


def install_validation(factory: sessionmaker[Session]) -> None:
    """Validate every record the *factory*'s sessions write, whoever writes it (idempotent).

    Services validate explicitly (to report an error before anything is flushed); this flush
    hook catches every other writer — the demo, a script, a future service that forgets —
    by validating each new or changed record that was not validated since the last flush.
    It must be installed before the history hook so that history records normalised values.
    """
    if factory.kw.get("info", {}).get("_validation_installed"):
        return
    event.listen(factory, "before_flush", _validate_unchecked)
    event.listen(factory, "after_flush_postexec", _forget_validated)
    event.listen(factory, "after_soft_rollback", _forget_validated)
    info = dict(factory.kw.get("info") or {})
    info["_validation_installed"] = True
    factory.configure(info=info)


def _validate_unchecked(session: Session, _context: Any, _instances: Any) -> None:
    load_validators()
    checked = _validated_in(session)
    for obj in [*session.new, *session.dirty]:
        if type(obj) not in VALIDATORS or obj in checked or obj in session.deleted:
            continue
        if obj not in session.new and not session.is_modified(obj, include_collections=False):
            continue
        validate(session, obj)


def _forget_validated(session: Session, *_args: Any) -> None:
    session.info.pop(_VALIDATED_KEY, None)


def refers_to(record: Any, relation: str) -> bool:
    """True when *record* points at its *relation* by id or by an object not yet flushed.

    A record added with ``partner.organisation = org`` has no ``organisation_id`` until the
    flush assigns one; a validator asking "is a member chosen?" must accept both. *record*
    may be a mapped object or an import draft's fields (ids only).
    """
    return getattr(record, f"{relation}_id", None) is not None or (
        getattr(record, relation, None) is not None
    )


def run_validator(session: Session, model: type[Base], fields: Any) -> None:
    """Validate *fields* (a mapped object or an import draft's fields) as a *model* record.

    First the text of every column loses its control characters, then the model's validator
    runs (and may normalise), then text longer than its column is refused: the same rules on
    SQLite and PostgreSQL, for the window and the importer alike.
    """
    load_validators()
    strip_text_controls(model, fields)
    check = VALIDATORS.get(model)
    if check is not None:
        check(session, fields)
    check_text_lengths(model, fields)


def row_fields(model: type[Base], values: Mapping[str, Any]) -> SimpleNamespace:
    """A plain row (*values* by attribute name) as the fields a validator reads for *model*.

    Every column attribute of *model* is there, as on a record: those *values* leaves out hold
    their constant default (or None). The one way rows without mapped objects are shown to the
    validators (:func:`validate_rows`, and the restore check of ``services.backup``).
    """
    defaults = dict(scalar_defaults(model))
    keys = [attr.key for attr in inspect(model).column_attrs]
    return SimpleNamespace(**{**{k: defaults.get(k) for k in keys}, **values})


def validate_rows(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """Validate plain column-value rows about to be bulk-inserted as *model* records.

    For writers that insert rows without mapped objects (the synthetic benchmark database,
    restores): each row is checked exactly as a record would be, and the values a validator
    normalises are written back into the row. Columns a row leaves out are seen as their
    constant default (or None) and only added to the row when a validator sets them.

    Raises:
        ValidationError: the first row a validator refuses (the error names the field).
    """
    for row in rows:
        fields = row_fields(model, row)
        run_validator(session, model, fields)
        for key, value in vars(fields).items():
            if key in row or value is not None:
                row[key] = value


_TEXT_COLUMNS: dict[type, tuple[tuple[str, int | None, bool], ...]] = {}


def text_columns(model: type[Base]) -> tuple[tuple[str, int | None, bool], ...]:
    """``(attribute, max length or None, multiline)`` for each text column of *model*.

    ``Text`` columns hold several lines (notes, descriptions); ``String(n)`` columns one line
    of at most *n* characters. Enum columns are left out: their values are checked as enums.
    """
    found = _TEXT_COLUMNS.get(model)
    if found is None:
        found = _TEXT_COLUMNS[model] = tuple(
            (attr.key, column.type.length, isinstance(column.type, Text))
            for attr in inspect(model).column_attrs
            for column in attr.columns[:1]
            if isinstance(column.type, String) and not isinstance(column.type, Enum)
        )
    return found


def strip_text_controls(model: type[Base], obj: Any) -> None:
    """Remove control characters from every text attribute of *obj*.

    See :func:`workbench.text.strip_control_characters`: line breaks and tabs survive in
    multi-line ``Text`` columns only.
    """
    for key, _length, multiline in text_columns(model):
        value = getattr(obj, key, None)
        if isinstance(value, str) and not isinstance(value, StrEnum):
            cleaned = strip_control_characters(value, multiline=multiline)
            if cleaned != value:
                setattr(obj, key, cleaned)


def check_text_lengths(model: type[Base], obj: Any) -> None:
    """ValidationError naming the field when text is longer than its ``String(n)`` column.

    PostgreSQL would refuse such text with a raw database error and SQLite would store it:
    this makes both refuse it, with a message.
    """
    for key, length, _multiline in text_columns(model):
        value = getattr(obj, key, None)
        if length is not None and isinstance(value, str) and len(value) > length:
            raise ValidationError(
                msg(
                    "This text is too long: {length} characters where at most {limit} fit. "
                    "Shorten it.",
                    length=len(value),
                    limit=length,
                ),
                field=key,
            )


_SCALAR_DEFAULTS: dict[type, tuple[tuple[str, Any], ...]] = {}


def scalar_defaults(model: type[Base]) -> tuple[tuple[str, Any], ...]:
    """``(attribute, constant)`` for each column of *model* with a constant default."""
    found = _SCALAR_DEFAULTS.get(model)
    if found is None:
        found = _SCALAR_DEFAULTS[model] = tuple(
            (attr.key, attr.columns[0].default.arg)
            for attr in inspect(model).column_attrs
            if getattr(attr.columns[0].default, "is_scalar", False)
        )
    return found


def apply_scalar_defaults(obj: Base) -> None:
    """Set unset (None) attributes that have a constant column default to that default."""
    for key, default in scalar_defaults(type(obj)):
        if getattr(obj, key, None) is None:
            setattr(obj, key, default)


@contextmanager
def unit_of_work(
    db: Database, *, write: bool = True, source: str = "app", batch_id: int | None = None
) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error, translate user errors.

    Args:
        db: the open database.
        write: False for read-only work (allowed on a read-only database).
        source: what caused the change, recorded in the history (app, import, undo, cli ...).
        batch_id: import batch the changes belong to, recorded in the history.
    """
    if write and db.read_only:
        raise DatabaseError(
            msg(
                "The database is open read-only because another Cluster Workbench is using it. "
                "Close the other window or take over the database to make changes."
            )
        )
    try:
        with db.session_factory.begin() as session:
            session.info.update(user=db.user, source=source, batch_id=batch_id)
            yield session
        _remember_written(session)
    except StaleDataError as exc:
        raise ConflictError(
            msg(
                "Someone else saved this record after you opened it. "
                "Reload it to see their changes."
            )
        ) from exc
    except IntegrityError as exc:
        raise ValidationError(_integrity_message(exc)) from exc


def _integrity_message(exc: IntegrityError) -> Message:
    text = str(exc.orig)
    if "UNIQUE" in text.upper() or "duplicate key" in text:
        return msg("A record with the same key already exists (for example the same year twice).")
    if "FOREIGN KEY" in text.upper() or "foreign key" in text:
        return msg("The record refers to something that no longer exists; reload and try again.")
    return msg("The database refused the change: {detail}", detail=text.splitlines()[0])


def require(session: Session, model: type[T], record_id: int) -> T:
    """Load *record_id* of *model* or raise NotFoundError."""
    obj = session.get(model, record_id)
    if obj is None:
        raise NotFoundError(
            msg(
                "{record} {record_id} no longer exists: it may have been deleted.",
                record=_model_title(model),
                record_id=record_id,
            )
        )
    return obj


def _model_title(model: type[Base]) -> str:
    return model.__name__.replace("_", " ")


def check_version(
    session: Session,
    obj: Any,
    expected_version: int | None,
    *,
    mine: Mapping[str, Any] | None = None,
) -> None:
    """Raise ConflictError when *obj* changed since the caller loaded version *expected*.

    The message names who changed which fields and when, from the history; the error carries
    the record, the version saved now (what "overwrite with mine" must expect) and *mine*
    (the values the caller was about to write, for the comparison).
    """
    if expected_version is None or obj.version == expected_version:
        return
    entries = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.table_name == type(obj).__tablename__,
            AuditEntry.record_id == obj.id,
        )
        .order_by(AuditEntry.id.desc())
        .limit(10)
    ).all()
    changes: list[str] = [
        msg(
            "{user} changed {field} from {old} to {new} at {at:%Y-%m-%d %H:%M}",
            user=e.user,
            field=e.field or msg("the record"),
            old=e.old_value or msg("(empty)"),
            new=e.new_value or msg("(empty)"),
            at=e.at,
        )
        for e in entries
        if e.action == "update"
    ]
    who = obj.updated_by or msg("another user")
    raise ConflictError(
        msg(
            "{record} was changed by {who} after you opened it ({when:%Y-%m-%d %H:%M}). "
            "Reload it, compare, or overwrite their changes.",
            record=record_label(obj),
            who=who,
            when=obj.updated_at,
        ),
        changes,
        record=(type(obj).__tablename__, obj.id),
        current_version=obj.version,
        mine=dict(mine) if mine is not None else None,
    )


def apply_values(obj: Any, values: Mapping[str, Any]) -> None:
    """Set attributes from *values*, refusing names the model does not have."""
    for key, value in values.items():
        if not hasattr(type(obj), key) or key in ("id", "version"):
            raise ValidationError(msg("Unknown field '{key}'.", key=key), field=key)
        setattr(obj, key, value)


# --------------------------------------------------------------------------- undoable edits

RecordKey = tuple[str, int]

#: Columns that are bookkeeping, not content (left out of the values kept for comparisons).
_NOT_CONTENT = frozenset({"id", "version", "created_at", "updated_at", "updated_by", "search_key"})


class VersionWatch:
    """What the undoable edits of one window expect of the records they wrote.

    An undoable edit writes records several times: do, undo, redo, undo ... A later step
    must not silently write over what someone else saved after the previous one (a lost
    update). Run every step of an edit inside ``with watch.step(edit.seen, first=...)``:

    * a later step (undo, redo) may update or delete a versioned record that a step under
      this watch wrote only while it is still at the version that step left it at, and only
      if no other user changed it since this edit last wrote it; otherwise the flush raises
      ConflictError (from :func:`check_version`, carrying the version saved now) and the
      step's transaction writes nothing;
    * the first run of an edit checks the version the user opened through
      ``expected_version``; a record it finds changed by someone else since the window last
      wrote it marks that change as seen by this edit only, so undoing an *older* edit of the
      record still conflicts;
    * records no earlier step wrote pass unchecked (nothing of the window to protect), and a
      record a step recreates is new.

    After each unit of work that commits, the versions (and values) it left are remembered.
    A window shares one watch between all its edits, so undoing an edit may write over the
    same window's later edits of the record (already undone), never over another user's.
    This is the one home of the rule: the window's undo stack wraps every command's steps in
    it, and ``benchmarks/bench_stress.py`` drives the same functions without Qt.

    Attributes:
        versions: ``(table, id)`` -> version the last step left (None: it deleted the record).
        values: ``(table, id)`` -> column values the last step left (the "opened" side of a
            comparison after a conflict).
        changes: ``(table, id)`` -> how many times another user's change of the record was met
            (an edit's ``seen`` holds the count it knows).
    """

    def __init__(self) -> None:
        self.versions: dict[RecordKey, int | None] = {}
        self.values: dict[RecordKey, dict[str, Any]] = {}
        self.changes: dict[RecordKey, int] = {}

    @contextmanager
    def step(self, seen: dict[RecordKey, int], *, first: bool = False) -> Iterator[None]:
        """Check and remember versions for the service calls made inside the block.

        *seen* is the edit's own record of the foreign changes it knows (kept by the caller
        between steps, initially empty); *first* is True for the edit's first run.
        """
        token = _WATCH.set(_Step(self, seen, first))
        try:
            yield
        finally:
            _WATCH.reset(token)

    def clear(self) -> None:
        """Forget everything (another database was opened)."""
        self.versions.clear()
        self.values.clear()
        self.changes.clear()

    def expect(self, exc: ConflictError, seen: dict[RecordKey, int]) -> bool:
        """After *exc*, let the edit's next attempt write over the version the user was shown.

        That is "apply mine" over exactly what the user saw: when the record changed again
        meanwhile, the next attempt conflicts again. False when *exc* names no version (the
        next attempt then meets the new version and conflicts with it).
        """
        if exc.record is None or exc.current_version is None:
            return False
        self.versions[exc.record] = exc.current_version
        seen[exc.record] = self.changes[exc.record] = self.changes.get(exc.record, 0) + 1
        return True


class _Step:
    """The watch, the edit's seen changes and whether it is the first run, while a step runs."""

    def __init__(self, watch: VersionWatch, seen: dict[RecordKey, int], first: bool) -> None:
        self.watch = watch
        self.seen = seen
        self.first = first


_WATCH: ContextVar[_Step | None] = ContextVar("workbench_version_watch", default=None)


def _watched_key(obj: Any) -> RecordKey | None:
    if not isinstance(obj, Versioned) or obj.id is None:
        return None
    return (type(obj).__tablename__, obj.id)  # type: ignore[attr-defined]


def column_values(obj: Any) -> dict[str, Any]:
    """Every mapped column of a record, by attribute name."""
    return {attr.key: getattr(obj, attr.key) for attr in inspect(type(obj)).column_attrs}


def content_values(obj: Any) -> dict[str, Any]:
    """The content columns of a record (no id, version or who/when bookkeeping)."""
    return {k: v for k, v in column_values(obj).items() if k not in _NOT_CONTENT}


def _check_watched(session: Session, _context: Any, _instances: Any) -> None:
    """Before a flush inside a watched step: refuse to overwrite what changed since."""
    step = _WATCH.get()
    if step is None or not step.watch.versions:
        return
    watch = step.watch
    # session.deleted builds a new set on every access: taken once (asking it per record made
    # a flush deleting 9,000 fees take 30 s).
    deleted = session.deleted
    # A record this transaction flushed already was checked at that first flush; its version
    # has moved since (by this transaction only: version_id_col), so it is not checked again.
    written = session.info.get("_watch_written", {})
    with session.no_autoflush:
        for obj in [*session.dirty, *deleted]:
            key = _watched_key(obj)
            expected = watch.versions.get(key) if key is not None else None
            if key is None or expected is None or key in written:
                continue
            deleting = obj in deleted
            if not deleting and not session.is_modified(obj, include_collections=False):
                continue  # nothing of this row is written: nothing of theirs can be lost
            # obj.version is the version loaded in this transaction; the UPDATE/DELETE also
            # matches on it (version_id_col), so no commit of another user can come between
            # this check and the write.
            changes = watch.changes.get(key, 0)
            if step.first:
                if obj.version != expected:  # the user opened their change and edits over it
                    watch.changes[key] = changes + 1
                continue
            mine = {} if deleting else content_values(obj)
            if step.seen.get(key, changes) != changes:
                expected = -1  # changed by someone else before this edit's last write
            check_version(session, obj, expected, mine=mine)


def _note_written(session: Session, _context: Any) -> None:
    """After a flush inside a watched step: note what the flush left (kept on commit)."""
    if _WATCH.get() is None:
        return
    written: dict[RecordKey, tuple[int | None, dict[str, Any]]] = session.info.setdefault(
        "_watch_written", {}
    )
    for obj in [*session.new, *session.dirty]:
        key = _watched_key(obj)
        if key is not None:
            written[key] = (obj.version, content_values(obj))
    for obj in session.deleted:
        key = _watched_key(obj)
        if key is not None:
            written[key] = (None, {})


def _forget_written(session: Session, _transaction: Any = None) -> None:
    session.info.pop("_watch_written", None)


def _remember_written(session: Session) -> None:
    """After a unit of work committed inside a watched step: remember what it left."""
    written = session.info.pop("_watch_written", None)
    step = _WATCH.get()
    if step is None or not written:
        return
    watch = step.watch
    for key, (version, values) in written.items():
        watch.versions[key] = version
        step.seen[key] = watch.changes.get(key, 0)
        if version is None:
            watch.values.pop(key, None)
        else:
            watch.values[key] = values


event.listen(Session, "before_flush", _check_watched)
event.listen(Session, "after_flush", _note_written)
event.listen(Session, "after_soft_rollback", _forget_written)


# --------------------------------------------------------------------------- generic CRUD


def create_record(db: Database, model: type[T], values: Mapping[str, Any], **uow: Any) -> T:
    """Create one *model* record from *values*, validated; returns it detached."""
    with unit_of_work(db, **uow) as session:
        obj = model()
        apply_values(obj, values)
        validate(session, obj)
        session.add(obj)
        session.flush()
        return obj


def update_record(
    db: Database,
    model: type[T],
    record_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
    **uow: Any,
) -> T:
    """Update fields of one record; ConflictError if it changed since *expected_version*."""
    with unit_of_work(db, **uow) as session:
        obj = require(session, model, record_id)
        check_version(session, obj, expected_version)
        apply_values(obj, values)
        validate(session, obj)
        session.flush()
        return obj


def delete_record(
    db: Database,
    model: type[T],
    record_id: int,
    *,
    expected_version: int | None = None,
    **uow: Any,
) -> None:
    """Delete one record (and its owned children); ConflictError if it changed meanwhile."""
    with unit_of_work(db, **uow) as session:
        obj = require(session, model, record_id)
        check_version(session, obj, expected_version)
        session.delete(obj)


def get_record(db: Database, model: type[T], record_id: int) -> T:
    """Read one record; NotFoundError if it does not exist."""
    with unit_of_work(db, write=False) as session:
        return require(session, model, record_id)


def list_records(
    db: Database,
    model: type[T],
    *,
    where: Sequence[ColumnElement[bool]] = (),
    order_by: Sequence[Any] = (),
    limit: int | None = None,
    options: Sequence[Any] = (),
) -> list[T]:
    """Records of *model* matching all *where* clauses, in *order_by* order."""
    stmt: Select[Any] = select(model).where(*where).order_by(*order_by).options(*options)
    if limit is not None:
        stmt = stmt.limit(limit)
    with unit_of_work(db, write=False) as session:
        return list(session.scalars(stmt).unique())  # type: ignore[arg-type]


# --------------------------------------------------------------------------- small checks


def require_text(value: str | None, field: str, what: str) -> str:
    """Return *value* cleaned; ValidationError "<what> cannot be empty" when blank."""
    from workbench.text import clean_text

    cleaned = clean_text(value)
    if not cleaned:
        raise ValidationError(msg("{what} cannot be empty.", what=what), field=field)
    return cleaned


def apply_rule(obj: Any, attribute: str, rule: Callable[[object], Any]) -> None:
    """Store *obj*'s *attribute* in the form a value *rule* (workbench.rules) gives it.

    The rule's :class:`~workbench.rules.errors.RuleError` becomes a ValidationError on
    *attribute* with the rule's message: the editor and the importer show the same one.
    """
    try:
        setattr(obj, attribute, rule(getattr(obj, attribute)))
    except RuleError as exc:
        raise ValidationError(exc.message, attribute) from None


def require_non_negative(value: Any, field: str, what: str) -> None:
    """ValidationError when a number is negative (None passes)."""
    if value is not None and value < 0:
        raise ValidationError(
            msg("{what} cannot be negative (got {value}).", what=what, value=value), field=field
        )


def require_year(value: Any, field: str = "year") -> None:
    """ValidationError unless *value* is a plausible calendar year."""
    if not isinstance(value, int) or not 1900 <= value <= 2100:
        raise ValidationError(
            msg("Year must be between 1900 and 2100 (got {value}).", value=value), field=field
        )


def require_order(start: Any, end: Any, field: str, message: str | Callable[[], str]) -> None:
    """ValidationError *message* when both dates are set and *end* is before *start*.

    *message* may be a function making the text, called only when refusing: validators run
    for every row an import writes, and a message naming both dates is rarely needed.
    """
    if start is not None and end is not None and end < start:
        raise ValidationError(message if isinstance(message, str) else message(), field=field)


def require_range(value: Any, low: Any, high: Any, field: str, what: str) -> None:
    """ValidationError unless *low* <= *value* <= *high* (None passes)."""
    if value is not None and not low <= value <= high:
        raise ValidationError(
            msg(
                "{what} must be between {low} and {high} (got {value}).",
                what=what,
                low=low,
                high=high,
                value=value,
            ),
            field,
        )
