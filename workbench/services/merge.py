"""Merge two organisations that turn out to be the same one, and undo the merge.

Contracts:

* :func:`preview` shows both organisations side by side: their fields, how many records of
  each kind each has, and the *clashes* — a record of both that can exist only once (both have
  a fee for 2024, size data for 2023, are partners of the same project, took part in the same
  activity, have the same contact person or the same attached file).
* :func:`merge` keeps the *survivor*, gives it the field values chosen per field from either
  side, moves every record that refers to the *other* organisation to it and deletes the other
  one — in one unit of work (source ``merge`` in the history). Of each clash the side chosen is
  kept (default: the survivor's) and the blanks of the kept record are filled from the dropped
  one. Membership periods that overlap after the move are joined into one, and the moved
  contacts give up "main contact" when the survivor has one.
* Which records refer to an organisation is read from the schema (every foreign key to
  ``organisation``), not from a list that a new table could miss: a foreign key that
  :data:`SAME_RECORD` does not declare makes the merge refuse (and a test fail).
* :func:`unmerge` puts everything back exactly as it was before the merge — the other
  organisation under its old id, each moved record on it again, each dropped or changed record
  with its old values — in one unit of work; run inside an undo step, the version checks of
  :class:`~workbench.services.base.VersionWatch` refuse it when someone changed a merged
  record since.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Table, UniqueConstraint, select
from sqlalchemy.orm import Session

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.models import Base, Contact, MembershipPeriod, Organisation
from workbench.rules.membership import periods_overlap
from workbench.services.base import (
    check_version,
    column_values,
    content_values,
    require,
    unit_of_work,
    validate,
)
from workbench.services.history_text import NAME_COLUMNS
from workbench.services.org_records import fields_of
from workbench.translatable import msg

Side = Literal["survivor", "other"]
SURVIVOR: Side = "survivor"
OTHER: Side = "other"
ORGANISATION = "organisation"

#: Every foreign key to ``organisation`` -> the columns that make a record of one organisation
#: the same as one of the other (besides the table's unique constraints, read from the schema).
#: Two records with equal, non-empty values in one of these column groups clash: only one is
#: kept. An empty tuple: records never clash (membership periods are joined when they overlap).
SAME_RECORD: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {
    ("membership_period", "organisation_id"): (),
    ("fee", "organisation_id"): (("year",),),
    ("size_data", "organisation_id"): (("year",),),
    ("contact", "organisation_id"): (("email",), ("last_name", "first_name")),
    ("contact_log", "organisation_id"): (),
    ("area_participation", "organisation_id"): (("area_id", "from_date"),),
    ("project_partner", "organisation_id"): (("project_id",),),
    ("activity_participant", "organisation_id"): (("activity_id",),),
    ("organisation_attachment", "organisation_id"): (("stored_file_id",),),
}

#: Table -> column -> values, per record id: the records as they were before a merge.
Image = dict[str, dict[int, dict[str, Any]]]


@dataclass(frozen=True)
class Clash:
    """A record of each organisation that can be kept only once (e.g. both have a 2024 fee)."""

    table: str
    key: dict[str, Any]
    survivor_row_id: int
    other_row_id: int
    survivor_values: dict[str, Any]
    other_values: dict[str, Any]
    #: The key as people read it: references replaced by the referenced record's name.
    key_text: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class MergePreview:
    """Both organisations side by side, with what a merge would move and where they clash."""

    survivor_id: int
    other_id: int
    survivor_version: int
    other_version: int
    survivor: dict[str, Any]
    other: dict[str, Any]
    fields: list[str]
    counts: dict[str, tuple[int, int]]
    clashes: list[Clash]


@dataclass
class MergeRecord:
    """What a merge did, enough for :func:`unmerge` to take it back."""

    survivor_id: int
    other_id: int
    before: Image
    moved: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)


# --------------------------------------------------------------------------- the schema


def organisation_references() -> list[tuple[str, str]]:
    """``(table, column)`` of every foreign key to ``organisation.id`` in the schema."""
    found = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == ORGANISATION:
                found.append((table.name, fk.parent.name))
    return found


def _models() -> dict[str, Any]:
    return {m.class_.__tablename__: m.class_ for m in Base.registry.mappers}


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def same_record_keys(table: str, column: str) -> list[tuple[str, ...]]:
    """The column groups that make two records of *table* the same once on one organisation.

    The table's unique constraints that include *column* (minus *column*), then the groups
    declared in :data:`SAME_RECORD`.

    Raises:
        LookupError: the foreign key is not declared in :data:`SAME_RECORD` (a new table that
            refers to organisations: say there how its records clash).
    """
    if (table, column) not in SAME_RECORD:
        raise LookupError(
            f"{table}.{column} refers to organisations but merge.SAME_RECORD does not say how "
            "its records clash; add it there."
        )
    keys: list[tuple[str, ...]] = []
    for constraint in _table(table).constraints:
        if isinstance(constraint, UniqueConstraint):
            names = tuple(c.name for c in constraint.columns)
            if column in names:
                keys.append(tuple(n for n in names if n != column))
    for group in SAME_RECORD[(table, column)]:
        if group not in keys:
            keys.append(group)
    return keys


def _dependents(table: str) -> list[tuple[str, str]]:
    """``(table, column)`` of the foreign keys to *table* (records deleted with its records)."""
    return [
        (other.name, fk.parent.name)
        for other in Base.metadata.sorted_tables
        for fk in other.foreign_keys
        if fk.column.table.name == table
    ]


# --------------------------------------------------------------------------- preview


def _row_values(obj: Any, column: str) -> dict[str, Any]:
    return {k: v for k, v in content_values(obj).items() if k != column}


def _rows(session: Session, table: str, column: str, org_id: int) -> list[Any]:
    model = _models()[table]
    attribute = getattr(model, column)
    return list(session.scalars(select(model).where(attribute == org_id).order_by(model.id)))


def _key_of(obj: Any, group: tuple[str, ...]) -> tuple[Any, ...] | None:
    values = tuple(getattr(obj, name) for name in group)
    return None if any(v is None or v == "" for v in values) else values


def _find_clashes(session: Session, survivor_id: int, other_id: int) -> list[Clash]:
    clashes: list[Clash] = []
    for table, column in organisation_references():
        groups = same_record_keys(table, column)
        if not groups:
            continue
        mine = _rows(session, table, column, survivor_id)
        taken: set[int] = set()
        for theirs in _rows(session, table, column, other_id):
            match = _match(mine, theirs, groups, taken)
            if match is None:
                continue
            kept, group = match
            taken.add(kept.id)
            key = {name: getattr(theirs, name) for name in group}
            clashes.append(
                Clash(
                    table,
                    key,
                    kept.id,
                    theirs.id,
                    _row_values(kept, column),
                    _row_values(theirs, column),
                    _readable_key(session, table, key),
                )
            )
    return clashes


def _readable_key(session: Session, table: str, key: Mapping[str, Any]) -> dict[str, Any]:
    """*key* with each reference to another record replaced by that record's name."""
    readable = dict(key)
    columns = _table(table).columns
    for name, value in key.items():
        for fk in columns[name].foreign_keys:
            target = fk.column.table
            label = {**NAME_COLUMNS, "stored_file": "name"}.get(target.name)
            if label is not None:
                found = session.execute(
                    select(target.c[label]).where(fk.column == value)
                ).scalar_one_or_none()
                readable[name] = found if found is not None else value
    return readable


def _match(
    mine: Sequence[Any], theirs: Any, groups: Sequence[tuple[str, ...]], taken: set[int]
) -> tuple[Any, tuple[str, ...]] | None:
    for group in groups:
        key = _key_of(theirs, group)
        if key is None:
            continue
        for row in mine:
            if row.id not in taken and _key_of(row, group) == key:
                return row, group
    return None


def _refuse_same(survivor_id: int, other_id: int) -> None:
    if survivor_id == other_id:
        raise ValidationError(msg("Choose two different organisations to merge."))


def preview(db: Database, survivor_id: int, other_id: int) -> MergePreview:
    """Both organisations, their record counts per table and their clashes.

    Raises:
        NotFoundError: one of them no longer exists.
        ValidationError: both ids are the same organisation.
    """
    _refuse_same(survivor_id, other_id)
    with unit_of_work(db, write=False) as session:
        survivor = require(session, Organisation, survivor_id)
        other = require(session, Organisation, other_id)
        counts = {
            table: (
                len(_rows(session, table, column, survivor_id)),
                len(_rows(session, table, column, other_id)),
            )
            for table, column in organisation_references()
        }
        names = [f for f in fields_of(Organisation) if f != "id"]
        return MergePreview(
            survivor_id,
            other_id,
            survivor.version,
            other.version,
            {f: getattr(survivor, f) for f in names},
            {f: getattr(other, f) for f in names},
            names,
            counts,
            _find_clashes(session, survivor_id, other_id),
        )


def default_field_sources(survivor: Mapping[str, Any], other: Mapping[str, Any]) -> dict[str, Side]:
    """Per field, the survivor's value unless it is empty and the other's is not."""
    sources: dict[str, Side] = {}
    for name, value in survivor.items():
        blank = value is None or value == ""
        sources[name] = OTHER if blank and other.get(name) not in (None, "") else SURVIVOR
    return sources


# --------------------------------------------------------------------------- merge


def _capture_rows(
    session: Session, table: str, column: str, ids: Sequence[int], image: Image
) -> None:
    if not ids:
        return
    model = _models()[table]
    rows = session.scalars(select(model).where(getattr(model, column).in_(list(ids))))
    found = image.setdefault(table, {})
    new_ids = []
    for row in rows:
        if row.id not in found:
            found[row.id] = column_values(row)
            new_ids.append(row.id)
    for dep_table, dep_column in _dependents(table):
        _capture_rows(session, dep_table, dep_column, new_ids, image)


def _capture(session: Session, org_ids: Sequence[int]) -> Image:
    image: Image = {ORGANISATION: {}}
    for org_id in org_ids:
        image[ORGANISATION][org_id] = column_values(require(session, Organisation, org_id))
    for table, column in organisation_references():
        _capture_rows(session, table, column, org_ids, image)
    return image


def _fill_blanks(kept: Any, dropped: Any, column: str) -> None:
    for name, value in content_values(dropped).items():
        if name != column and getattr(kept, name) is None and value is not None:
            setattr(kept, name, value)


def _move_table(
    session: Session,
    record: MergeRecord,
    table: str,
    column: str,
    clashes_found: Sequence[Clash],
    keep: Mapping[tuple[str, int], Side],
) -> None:
    clashes = {c.other_row_id: c for c in clashes_found if c.table == table}
    model = _models()[table]
    for row in _rows(session, table, column, record.other_id):
        clash = clashes.get(row.id)
        if isinstance(row, Contact) and row.is_primary:
            _give_up_main(session, row, record.survivor_id, clash)
        if clash is None:
            setattr(row, column, record.survivor_id)
            record.moved[table] = record.moved.get(table, 0) + 1
            continue
        mine = session.get(model, clash.survivor_row_id)
        if keep.get((table, clash.survivor_row_id), SURVIVOR) == SURVIVOR:
            _fill_blanks(mine, row, column)
            session.delete(row)
        else:
            _fill_blanks(row, mine, column)
            session.delete(mine)
            session.flush()  # the survivor's record leaves before the other's takes its key
            setattr(row, column, record.survivor_id)
            record.moved[table] = record.moved.get(table, 0) + 1
        record.dropped[table] = record.dropped.get(table, 0) + 1
        session.flush()
    session.flush()


def _give_up_main(
    session: Session, contact: Contact, survivor_id: int, clash: Clash | None
) -> None:
    """A moved main contact stays main only when the survivor has none (its own is kept)."""
    if clash is not None and contact.is_primary:
        mine = session.get(Contact, clash.survivor_row_id)
        if mine is not None and mine.is_primary:
            return  # one of the two is kept: whichever it is, it is the main contact
    with session.no_autoflush:
        if _survivor_has_main_contact(session, survivor_id):
            contact.is_primary = False


def _move_periods(session: Session, record: MergeRecord, column: str) -> None:
    """Move the other's membership periods, joining the ones that overlap into the earliest.

    Every record is flushed in its final state (absorbed periods are deleted first), so that
    the check that no two periods overlap, run at every flush, never sees a half-done merge.
    """
    periods = sorted(
        session.scalars(
            select(MembershipPeriod).where(
                MembershipPeriod.organisation_id.in_([record.survivor_id, record.other_id])
            )
        ),
        key=lambda p: (p.join_date, p.id),
    )
    groups: list[list[MembershipPeriod]] = []
    for period in periods:
        if groups and _overlaps_group(groups[-1], period):
            groups[-1].append(period)
        else:
            groups.append([period])
    absorbed = [p for group in groups for p in group[1:]]
    for period in absorbed:
        session.delete(period)
    if absorbed:
        record.dropped["membership_period"] = len(absorbed)
        session.flush()
    for kept, *others in groups:
        leaves = [p.leave_date for p in (kept, *others)]
        if others:
            last = max(others, key=lambda p: (p.leave_date is None, p.leave_date or kept.join_date))
            kept.leave_date = None if None in leaves else max(d for d in leaves if d is not None)
            kept.leave_reason = last.leave_reason if kept.leave_date else None
            kept.agreement_signed = any(p.agreement_signed for p in (kept, *others))
            for other in others:
                _fill_blanks(kept, other, column)
        if getattr(kept, column) != record.survivor_id:
            setattr(kept, column, record.survivor_id)
            record.moved["membership_period"] = record.moved.get("membership_period", 0) + 1
    session.flush()


def _overlaps_group(group: Sequence[MembershipPeriod], period: MembershipPeriod) -> bool:
    leaves = [p.leave_date for p in group]
    end = None if None in leaves else max(d for d in leaves if d is not None)
    return periods_overlap(group[0].join_date, end, period.join_date, period.leave_date)


def _survivor_has_main_contact(session: Session, org_id: int) -> bool:
    return any(
        c.is_primary
        for c in session.scalars(select(Contact).where(Contact.organisation_id == org_id))
    )


def merge(
    db: Database,
    survivor_id: int,
    other_id: int,
    *,
    field_sources: Mapping[str, Side] | None = None,
    keep: Mapping[tuple[str, int], Side] | None = None,
    expected_versions: tuple[int | None, int | None] = (None, None),
) -> MergeRecord:
    """Merge organisation *other_id* into *survivor_id* (see the module's contracts).

    *field_sources* names per field whose value the survivor keeps (default
    :func:`default_field_sources`); *keep* names per clash, keyed by ``(table, survivor's
    record id)``, whose record is kept (default the survivor's). *expected_versions* are the
    versions of both organisations shown to the user.

    Raises:
        ConflictError: one of them changed since it was shown.
        NotFoundError: one of them no longer exists.
        ValidationError: both are the same organisation, or the merged record is invalid
            (nothing is written then).
    """
    _refuse_same(survivor_id, other_id)
    with unit_of_work(db, source="merge") as session:
        survivor = require(session, Organisation, survivor_id)
        other = require(session, Organisation, other_id)
        check_version(session, survivor, expected_versions[0])
        check_version(session, other, expected_versions[1])
        names = [f for f in fields_of(Organisation) if f != "id"]
        mine = {f: getattr(survivor, f) for f in names}
        theirs = {f: getattr(other, f) for f in names}
        sources = {**default_field_sources(mine, theirs), **(field_sources or {})}
        record = MergeRecord(survivor_id, other_id, _capture(session, [survivor_id, other_id]))
        clashes = _find_clashes(session, survivor_id, other_id)  # refuses undeclared keys
        for table, column in organisation_references():
            if table == MembershipPeriod.__tablename__:
                _move_periods(session, record, column)
            else:
                _move_table(session, record, table, column, clashes, keep or {})
        session.expire_all()
        session.delete(session.get(Organisation, other_id))
        session.flush()
        survivor = require(session, Organisation, survivor_id)
        for name in names:
            setattr(survivor, name, theirs[name] if sources.get(name) == OTHER else mine[name])
        validate(session, survivor)
        _validate_moved(session, survivor_id)
        session.flush()
        return record


def _validate_moved(session: Session, org_id: int) -> None:
    for table, column in organisation_references():
        for row in _rows(session, table, column, org_id):
            validate(session, row)


# --------------------------------------------------------------------------- undo


def _put_values(obj: Any, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if name not in ("id", "version") and getattr(obj, name) != value:
            setattr(obj, name, value)


def unmerge(db: Database, record: MergeRecord) -> None:
    """Take back the merge *record* describes, in one unit of work (source ``undo``).

    Raises:
        NotFoundError: the survivor no longer exists.
        ConflictError: run inside an undo step, a merged record changed since the merge.
    """
    models = _models()
    order = [t.name for t in Base.metadata.sorted_tables]
    with unit_of_work(db, source="undo") as session:
        survivor = require(session, Organisation, record.survivor_id)
        _put_values(survivor, record.before[ORGANISATION][record.survivor_id])
        session.flush()
        other = Organisation(id=record.other_id)
        _put_values(other, record.before[ORGANISATION][record.other_id])
        session.add(other)
        session.flush()
        missing: list[tuple[str, dict[str, Any]]] = []
        for table in order:
            for row_id, values in record.before.get(table, {}).items():
                if table == ORGANISATION:
                    continue
                obj = session.get(models[table], row_id)
                if obj is None:
                    missing.append((table, values))
                else:
                    _put_values(obj, values)
            session.flush()
        for table, values in missing:
            obj = models[table](id=values["id"])
            _put_values(obj, values)
            session.add(obj)
            session.flush()
