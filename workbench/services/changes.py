"""What a write changed, as plain data: the change description screens refresh from.

Like Anki's ``OpChanges``, a :class:`Changes` says which tables and which records a write
touched, so that a screen reloads only when its own data changed — instead of a table-name
string that every receiver interprets its own way.

:func:`track_changes` records what the services commit on the current thread while its block
runs (SQLAlchemy session events: ORM flushes and insert/update/delete statements), counting a
transaction only once it committed::

    with track_changes() as recorder:
        members.save_organisation(db, values)
    changes = recorder.changes(also=("organisation",))

Qt-free: the window's write worker wraps every edit in it and announces the result.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

RecordKey = tuple[str, int]  # (table name, record id)

_PENDING = "workbench_pending_changes"  # Session.info key: what the open transaction wrote


@dataclass(frozen=True)
class Changes:
    """Which tables and records a write changed.

    Attributes:
        tables: names of every table written (including those of the records below).
        created, updated, deleted: (table, id) of the records inserted, updated, deleted.
        everything: anything may have changed (database switched, import, restore): every
            screen reloads.
    """

    tables: frozenset[str] = frozenset()
    created: frozenset[RecordKey] = frozenset()
    updated: frozenset[RecordKey] = frozenset()
    deleted: frozenset[RecordKey] = frozenset()
    everything: bool = False

    @classmethod
    def all(cls) -> Changes:
        """Anything may have changed."""
        return cls(everything=True)

    @classmethod
    def of_tables(cls, *tables: str) -> Changes:
        """Changes to *tables*, records unknown (an empty name means everything)."""
        if any(not t for t in tables):
            return cls.all()
        return cls(tables=frozenset(tables))

    @classmethod
    def coerce(cls, value: Changes | str | None) -> Changes:
        """*value* as Changes: a table name (the old announcements; "" = everything) or None."""
        if isinstance(value, Changes):
            return value
        return cls.of_tables(value or "")

    def touches(self, *tables: str) -> bool:
        """True when any of *tables* changed (always after an "everything" change)."""
        return self.everything or any(t in self.tables for t in tables)

    def records(self, table: str) -> frozenset[int]:
        """Ids of the *table* records created, updated or deleted."""
        return frozenset(i for t, i in self.created | self.updated | self.deleted if t == table)

    def merged(self, other: Changes) -> Changes:
        """Both changes as one."""
        return Changes(
            self.tables | other.tables,
            self.created | other.created,
            self.updated | other.updated,
            self.deleted | other.deleted,
            self.everything or other.everything,
        )

    def is_empty(self) -> bool:
        """True when nothing changed."""
        return not (self.everything or self.tables)


@dataclass
class ChangeRecorder:
    """Collects what the committed transactions of one thread wrote (see track_changes)."""

    tables: set[str] = field(default_factory=set)
    created: set[RecordKey] = field(default_factory=set)
    updated: set[RecordKey] = field(default_factory=set)
    deleted: set[RecordKey] = field(default_factory=set)

    def changes(self, also: Iterable[str] = ()) -> Changes:
        """What was recorded, plus the tables *also* (those a command declares)."""
        created = frozenset(self.created)
        deleted = frozenset(self.deleted)
        # A record created and deleted again within one step leaves nothing behind.
        gone = created & deleted
        return Changes(
            tables=frozenset(self.tables | {t for t in also if t}),
            created=created - gone,
            updated=frozenset(self.updated) - deleted - created,
            deleted=deleted - gone,
        )

    def _add(self, pending: ChangeRecorder) -> None:
        self.tables |= pending.tables
        self.created |= pending.created
        self.updated |= pending.updated
        self.deleted |= pending.deleted


_local = threading.local()


@contextmanager
def track_changes() -> Iterator[ChangeRecorder]:
    """Record what the transactions committed on this thread while the block runs."""
    outer = getattr(_local, "recorder", None)
    recorder = ChangeRecorder()
    _local.recorder = recorder
    try:
        yield recorder
    finally:
        _local.recorder = outer
        if outer is not None:
            outer._add(recorder)


def _recording() -> bool:
    return getattr(_local, "recorder", None) is not None


def _pending(session: Session) -> ChangeRecorder:
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = ChangeRecorder()
    return pending  # type: ignore[no-any-return]


def _key(obj: Any) -> RecordKey | None:
    table = getattr(obj, "__tablename__", None)
    # New objects have their key once flushed, but no identity until after this event.
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    if table is None or len(key) != 1 or not isinstance(key[0], int):
        return None
    return str(table), key[0]


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, _flush: UOWTransaction) -> None:
    if not _recording():
        return
    pending = _pending(session)
    for objects, into in (
        (session.new, pending.created),
        (session.dirty, pending.updated),
        (session.deleted, pending.deleted),
    ):
        for obj in objects:
            if into is pending.updated and not session.is_modified(obj):
                continue
            key = _key(obj)
            if key is not None:
                into.add(key)
                pending.tables.add(key[0])


@event.listens_for(Session, "do_orm_execute")
def _on_statement(state: ORMExecuteState) -> None:
    if not _recording() or not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name:
        _pending(state.session).tables.add(str(name))


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    recorder = getattr(_local, "recorder", None)
    if pending is not None and recorder is not None:
        recorder._add(pending)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)  # nothing of it was written
