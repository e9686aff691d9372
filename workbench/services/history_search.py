"""The change history as the History window asks for it: filters, a page, chunks to export.

Every filter is applied in SQL, and a page holds at most *limit* entries, so a database with
100,000 history entries answers as fast as one with a hundred.

**Searching by name** finds what the History window shows under that name. People read
"Fee 2025 of Alfa S.r.l."; the entry itself is labelled "Fee 651". So the text matches

* the entry's own label (an organisation's name, a contact's last name, a project's acronym);
* every entry of a record the text names, by its current name or a name its history recorded
  (an organisation renamed from "Alfa" is found by both names);
* every entry of the records that belong to such a record (:data:`LINKS`): an organisation's
  fees, memberships, size data (and their linked enterprises), contacts, contact log,
  area participations and project partnerships; an area's participations; a project's
  partners; an activity's participants; a pillar's objectives and their KPI values. Records
  deleted since are found through the owner their own history recorded.

The owners and their records are subqueries of the one statement (no id lists in Python), so a
search matching thousands of organisations stays one query; it runs the same on SQLite and
PostgreSQL (:func:`_json_int` reads the owner id out of a recorded record).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from workbench.db import Database
from workbench.models import AuditEntry, Base, ChangeAction, ImportBatch
from workbench.services import history_text
from workbench.services.base import unit_of_work

__all__ = [
    "LINKS",
    "FilterChoices",
    "HistoryFilters",
    "HistoryPage",
    "HistoryRow",
    "filter_choices",
    "iter_history",
    "load_history",
    "record_to_open",
]

#: Records found through the record they belong to or name: table -> (foreign key, owner).
#: The owners of ``history_text.OWNERS`` (what "... of Alfa" names), the organisation a
#: project partner is and the area of an area participation, which the readable text names
#: too ("Partner Alfa of SMARTGRID"). Not an activity participant's organisation: the text
#: names the person, and a row that does not show the name searched for would puzzle.
LINKS: dict[str, tuple[tuple[str, str], ...]] = {
    table: ((fk, owner),) for table, (fk, owner) in history_text.OWNERS.items()
}
LINKS["project_partner"] += (("organisation_id", "organisation"),)
LINKS["area_participation"] += (("area_id", "competence_area"),)

#: Values of a recorded whole record (created or deleted) are JSON objects.
_SNAPSHOT_ACTIONS = (ChangeAction.CREATE, ChangeAction.DELETE)


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One history entry as the window shows it (raw values and their readable texts)."""

    id: int
    at: datetime  # timezone-aware (UTC)
    user: str
    source: str
    action: str
    table_name: str
    record_id: int
    record_label: str
    field: str | None
    old_value: str | None
    new_value: str | None
    batch_id: int | None
    #: Readable texts (``services.history_text``), filled when the rows are loaded.
    record_text: str = ""
    field_text: str = ""
    old_text: str = ""
    new_text: str = ""

    @property
    def local_time(self) -> datetime:
        return self.at.astimezone()


@dataclass(frozen=True)
class HistoryFilters:
    """What to show; empty values mean "any"."""

    table: str | None = None
    user: str | None = None
    source: str | None = None
    since: date | None = None
    until: date | None = None
    batch_id: int | None = None
    #: Part of a name: the entry's own, or its owner's (see the module docstring).
    text: str = ""

    def conditions(self, dialect: str = "sqlite") -> list[ColumnElement[bool]]:
        """SQL conditions on AuditEntry for a *dialect* ("sqlite", "postgresql").

        Dates are local days, compared in UTC.
        """
        found: list[ColumnElement[bool]] = []
        if self.table:
            found.append(AuditEntry.table_name == self.table)
        if self.user:
            found.append(AuditEntry.user == self.user)
        if self.source:
            found.append(AuditEntry.source == self.source)
        if self.since is not None:
            found.append(AuditEntry.at >= _local_day_start(self.since))
        if self.until is not None:
            found.append(AuditEntry.at < _local_day_start(self.until + timedelta(days=1)))
        if self.batch_id is not None:
            found.append(AuditEntry.batch_id == self.batch_id)
        words = self.text.strip()
        if words:
            found.append(_NameSearch(_like_pattern(words), dialect).condition())
        return found

    def is_empty(self) -> bool:
        return self == HistoryFilters()


def _like_pattern(words: str) -> str:
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _local_day_start(day: date) -> datetime:
    """Midnight of *day* in local time, as a UTC datetime."""
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)


def _model(table: str) -> Any:
    for mapper in Base.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == table:
            return mapper.class_
    return None


def _json_int(text: Any, key: str, dialect: str) -> ColumnElement[Any]:
    """The integer member *key* of the JSON object in the text column *text* (else NULL).

    The guards keep a value that is not a JSON object from failing the whole query.
    """
    if dialect == "postgresql":
        member = func.jsonb_extract_path_text(cast(text, JSONB), literal(key))
        return case((text.like("{%"), cast(member, Integer)))
    return case((func.json_valid(text) == 1, func.json_extract(text, literal(f"$.{key}"))))


class _NameSearch:
    """Builds the name condition of one search (subqueries shared within the statement)."""

    def __init__(self, pattern: str, dialect: str) -> None:
        self.pattern = pattern
        self.dialect = dialect
        self._matched: dict[str, Any] = {}

    def condition(self) -> ColumnElement[bool]:
        """Own label matches, or the record is (or belongs to) a record the text names."""
        named = history_text.NAME_COLUMNS
        tables = [*named, *(t for t in LINKS if t not in named)]
        return or_(
            AuditEntry.record_label.ilike(self.pattern, escape="\\"),
            *(
                and_(AuditEntry.table_name == table, AuditEntry.record_id.in_(self.matched(table)))
                for table in tables
            ),
        )

    def matched(self, table: str) -> Select[Any]:
        """Ids of *table*'s records the text names or that belong to such a record."""
        found = self._matched.get(table)
        if found is None:
            parts: list[Select[Any]] = []
            if table in history_text.NAME_COLUMNS:
                parts.extend(self._named(table))
            for fk, owner in LINKS.get(table, ()):
                parts.extend(self._belonging(table, fk, self.matched(owner)))
            # A CTE: defined once however many conditions use it (organisations: most).
            found = self._matched[table] = union(*parts).cte(f"named_{table}")
        return select(found.c.id)

    def _named(self, table: str) -> list[Select[Any]]:
        """Records named so now, and records whose history recorded such a name."""
        model = _model(table)
        column = getattr(model, history_text.NAME_COLUMNS[table])
        return [
            select(model.id.label("id")).where(column.ilike(self.pattern, escape="\\")),
            select(AuditEntry.record_id.label("id")).where(
                AuditEntry.table_name == table,
                AuditEntry.record_label.ilike(self.pattern, escape="\\"),
            ),
        ]

    def _belonging(self, table: str, fk: str, owners: Select[Any]) -> list[Select[Any]]:
        """Records of *table* whose *fk* is one of *owners*: existing ones and deleted ones."""
        model = _model(table)
        snapshot = func.coalesce(AuditEntry.old_value, AuditEntry.new_value)
        return [
            select(model.id.label("id")).where(getattr(model, fk).in_(owners)),
            select(AuditEntry.record_id.label("id")).where(
                AuditEntry.table_name == table,
                AuditEntry.action.in_(_SNAPSHOT_ACTIONS),
                _json_int(snapshot, fk, self.dialect).in_(owners),
            ),
        ]


_COLUMNS = (
    AuditEntry.id,
    AuditEntry.at,
    AuditEntry.user,
    AuditEntry.source,
    AuditEntry.action,
    AuditEntry.table_name,
    AuditEntry.record_id,
    AuditEntry.record_label,
    AuditEntry.field,
    AuditEntry.old_value,
    AuditEntry.new_value,
    AuditEntry.batch_id,
)


def _row(values: Sequence[Any]) -> HistoryRow:
    at = values[1]
    if at is None:
        at = datetime.fromtimestamp(0, UTC)
    elif at.tzinfo is None:  # SQLite gives back naive UTC
        at = at.replace(tzinfo=UTC)
    return HistoryRow(
        id=values[0],
        at=at,
        user=values[2] or "",
        source=values[3] or "",
        action=str(values[4] or ""),
        table_name=values[5] or "",
        record_id=values[6],
        record_label=values[7] or "",
        field=values[8],
        old_value=values[9],
        new_value=values[10],
        batch_id=values[11],
    )


@dataclass(frozen=True)
class HistoryPage:
    """Entries loaded for the window and how many matched in all."""

    rows: list[HistoryRow]
    total: int  # matching entries (== len(rows) unless truncated)

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def _readable(session: Session, rows: list[HistoryRow], lang: str) -> list[HistoryRow]:
    """*rows* with their readable texts in *lang* (a few batched queries in *session*)."""
    changes = history_text.describe_entries(session, rows, lang)
    for row, change in zip(rows, changes, strict=True):
        # Filled in place once, right after loading (cheaper than replace() on 5,000 rows).
        object.__setattr__(row, "record_text", change.record)
        object.__setattr__(row, "field_text", change.field)
        object.__setattr__(row, "old_text", change.before)
        object.__setattr__(row, "new_text", change.after)
    return rows


def _conditions(session: Session, filters: HistoryFilters) -> list[ColumnElement[bool]]:
    return filters.conditions(session.get_bind().dialect.name)


def load_history(
    db: Database, filters: HistoryFilters, limit: int, lang: str = "en"
) -> HistoryPage:
    """The newest *limit* entries matching *filters* (readable in *lang*), and how many match."""
    with unit_of_work(db, write=False) as session:
        conditions = _conditions(session, filters)
        result = session.execute(
            select(*_COLUMNS).where(*conditions).order_by(AuditEntry.id.desc()).limit(limit + 1)
        ).all()
        rows = _readable(session, [_row(r) for r in result[:limit]], lang)
        total = len(rows)
        if len(result) > limit:
            total = int(session.scalar(select(func.count(AuditEntry.id)).where(*conditions)) or 0)
    return HistoryPage(rows, total)


def iter_history(
    db: Database, filters: HistoryFilters, chunk: int = 2000, lang: str = "en"
) -> Iterator[HistoryRow]:
    """Every entry matching *filters*, newest first, read in chunks (for the export)."""
    last_id: int | None = None
    while True:
        with unit_of_work(db, write=False) as session:
            stmt = select(*_COLUMNS).where(*_conditions(session, filters))
            if last_id is not None:
                stmt = stmt.where(AuditEntry.id < last_id)
            batch = session.execute(stmt.order_by(AuditEntry.id.desc()).limit(chunk)).all()
            rows = _readable(session, [_row(values) for values in batch], lang)
        if not batch:
            return
        yield from rows
        last_id = batch[-1][0]


@dataclass(frozen=True)
class FilterChoices:
    """What the filters offer: the kinds, users, sources and batches in the history."""

    tables: list[str]
    users: list[str]
    sources: list[str]
    batches: list[tuple[int, str, datetime | None, str]]  # id, file name, started, status


def filter_choices(db: Database) -> FilterChoices:
    """Distinct values present in the history (a few index scans)."""
    with unit_of_work(db, write=False) as session:
        tables = [t for t in session.scalars(select(AuditEntry.table_name).distinct()) if t]
        users = sorted(
            (u for u in session.scalars(select(AuditEntry.user).distinct()) if u), key=str.casefold
        )
        sources = sorted(s for s in session.scalars(select(AuditEntry.source).distinct()) if s)
        batches = [
            (b.id, b.file_name, b.started_at, str(b.status))
            for b in session.execute(
                select(
                    ImportBatch.id,
                    ImportBatch.file_name,
                    ImportBatch.started_at,
                    ImportBatch.status,
                ).order_by(ImportBatch.id.desc())
            )
        ]
    return FilterChoices(tables, users, sources, batches)


#: Child records open their owner: table -> (owner table, foreign key attribute).
_OPENS_OWNER = {
    "project_partner": ("project", "project_id"),
    "activity_participant": ("activity", "activity_id"),
    "pillar_objective": ("strategic_pillar", "pillar_id"),
    "size_link": ("size_data", "size_data_id"),
}


def record_to_open(db: Database, table_name: str, record_id: int) -> tuple[str, int] | None:
    """(table, id) a window should open for a history entry; None when the record is gone.

    A contact, fee, membership ... opens its organisation; a project partner its project.
    """
    with unit_of_work(db, write=False) as session:
        for _step in range(3):
            model = _model(table_name)
            obj = session.get(model, record_id) if model is not None else None
            if obj is None:
                return None
            if table_name in _OPENS_OWNER:
                owner_table, key = _OPENS_OWNER[table_name]
                table_name, record_id = owner_table, getattr(obj, key)
                continue
            org_id = getattr(obj, "organisation_id", None)
            if table_name != "organisation" and org_id is not None:
                return "organisation", org_id
            return table_name, record_id
    return table_name, record_id
