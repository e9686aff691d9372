"""The import's fast write path (importing/bulk.py) against the ORM path it replaces.

The fast path must leave exactly what the ORM path leaves (records, history, undo), and when
the database refuses something in a chunk the chunk must be replayed row by row through the
ORM, which quarantines the culprit and writes the rest.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from tests.importing.test_import_messages_it import italian
from tests.importing.test_plan_apply import (
    VAT_ALFA,
    VAT_NUOVA,
    answered,
    plan_for,
    seed,
    write_italian,
    write_xlsx,
)
from tests.importing.test_undo import EXCLUDED_TABLES, write_quote_file
from workbench.db import Database, open_database
from workbench.importing import apply as apply_module
from workbench.importing import apply_plan, undo_batch
from workbench.importing.bulk import IdAllocator, load_drafts, new_draft, write_drafts
from workbench.importing.plan import RecordOp
from workbench.models import AuditEntry, Base, Contact, MembershipPeriod, Organisation
from workbench.services import member_validation, members
from workbench.services.base import unit_of_work


def records(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every user table without bookkeeping (creation times differ by run)."""
    with db.engine.connect() as conn:
        return {
            table.name: sorted(
                tuple(row)
                for row in conn.execute(
                    select(*(c for c in table.c if c.name not in UNCOMPARED_COLUMNS))
                )
            )
            for table in Base.metadata.sorted_tables
            if table.name not in EXCLUDED_TABLES
        }


UNCOMPARED_COLUMNS = {"created_at", "updated_at"}


def history(db: Database) -> list[tuple[Any, ...]]:
    """Every history entry without its time (what the two paths must agree on)."""
    with unit_of_work(db, write=False) as s:
        entries = s.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        return sorted(
            (
                e.user,
                e.source,
                e.action,
                e.table_name,
                e.record_id,
                e.record_label,
                e.batch_id,
                e.field,
                e.old_value,
                e.new_value,
            )
            for e in entries
        )


def entry_times(db: Database) -> set[tuple[type, bool]]:
    """How history times read back, after checking that each is from the last minutes."""
    with unit_of_work(db, write=False) as s:
        times = s.scalars(select(AuditEntry.at)).all()
    now = datetime.now(UTC)
    for at in times:
        aware = at if at.tzinfo else at.replace(tzinfo=UTC)
        assert abs(now - aware) < timedelta(minutes=10)
    return {(type(at), at.tzinfo is None) for at in times}


def import_twice(db: Database, tmp_path: Path) -> list[int]:
    """Seed *db*, import the Italian member list, then the fee/leave/consent file."""
    seed(db)
    batches = []
    for path in (write_italian(tmp_path / "soci.xlsx"), write_quote_file(tmp_path / "q.xlsx")):
        result = apply_plan(db, answered(db, path), file_path=path, user="anna")
        assert result.quarantined == []
        assert result.batch_id is not None
        batches.append(result.batch_id)
    return batches


def test_fast_path_writes_what_the_orm_path_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = open_database(tmp_path / "fast.db")
    (tmp_path / "a").mkdir()
    fast_batches = import_twice(fast, tmp_path / "a")

    orm = open_database(tmp_path / "orm.db")
    (tmp_path / "b").mkdir()
    with monkeypatch.context() as patch:
        patch.setattr(apply_module, "_bulk_writable", lambda chunk: False)
        orm_batches = import_twice(orm, tmp_path / "b")

    try:
        assert fast_batches == orm_batches
        assert records(fast) == records(orm)
        assert history(fast) == history(orm)
        assert entry_times(fast) == entry_times(orm)  # same type and time zone when read back
        fast_history = history(fast)
        assert any(e[2] == "create" and e[3] == "fee" for e in fast_history)
        assert any(e[2] == "update" and e[7] == "leave_date" for e in fast_history)
        # what the fast path wrote can be undone like the rest, to the same state
        for batch in reversed(fast_batches):
            undo_batch(fast, batch)
        for batch in reversed(orm_batches):
            undo_batch(orm, batch)
        assert records(fast) == records(orm)
    finally:
        fast.dispose()
        orm.dispose()


def test_records_written_by_the_fast_path_carry_versions_and_stamps(
    any_db: Database, tmp_path: Path
) -> None:
    ids = seed(any_db)
    path = write_italian(tmp_path / "soci.xlsx")
    apply_plan(any_db, answered(any_db, path), file_path=path, user="anna")
    with unit_of_work(any_db, write=False) as s:
        nuova = s.scalars(select(Organisation).where(Organisation.vat == VAT_NUOVA)).one()
        assert (nuova.version, nuova.updated_by) == (1, "anna")
        assert nuova.created_at is not None and nuova.updated_at is not None
        assert nuova.search_key and "nuova" in nuova.search_key
        alfa = s.get(Organisation, ids["alfa"])
        assert (alfa.version, alfa.updated_by, alfa.city) == (2, "anna", "Bergamo")
    # the history the fast path wrote reads back like the history the ORM wrote (seed)
    assert len(entry_times(any_db)) == 1
    # the records are ordinary: the application edits them afterwards
    members_list = members.list_organisations(any_db)
    assert any(o.vat == VAT_NUOVA for o in members_list)


def test_a_database_refusal_replays_the_chunk_through_the_orm(
    any_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(any_db)
    path = write_italian(tmp_path / "soci.xlsx")
    plan = answered(any_db, path)
    # Someone takes the new member's VAT after the preview, and no validator notices: only
    # the database's unique key refuses the insert.
    members.create_organisation(any_db, {"name": "Nuova Impresa", "vat": VAT_NUOVA})
    monkeypatch.setattr(member_validation, "_refuse_duplicate_vat", lambda session, org: None)
    result = apply_plan(any_db, plan, file_path=path)
    refused = {q.row_number: q.problems[0].message for q in result.quarantined}
    assert set(refused) == {7, 8}
    assert "already holds a record with the same key" in refused[7]
    assert "was not written" in refused[8]
    # what the wizard shows for them in an Italian window
    assert italian(refused[7]).startswith("il database contiene già un record")
    assert italian(refused[8]) == "la riga 7, che contiene questo record, non è stata scritta"
    assert (result.created, result.updated) == (0, 2)
    with unit_of_work(any_db, write=False) as s:
        alfa = s.scalars(select(Organisation).where(Organisation.vat == VAT_ALFA)).one()
        assert alfa.city == "Bergamo"  # the other rows of the chunk went in
        labels = {
            e.record_label
            for e in s.scalars(select(AuditEntry).where(AuditEntry.batch_id == result.batch_id))
        }
        assert "Nuova Impresa Srl" not in labels  # nothing of the refused rows, not even history
        assert "Alfa Energia S.p.A." in labels


def test_a_record_changed_while_writing_fails_the_version_guard(any_db: Database) -> None:
    alfa = members.create_organisation(any_db, {"name": "Alfa", "city": "Milano"})
    with unit_of_work(any_db) as session:
        (draft,) = load_drafts(session, Organisation, [alfa.id]).values()
        draft.set({"city": "Bergamo"})
        session.execute(
            update(Organisation).where(Organisation.id == alfa.id).values(version=7)
        )  # someone else, after the draft was read
        with pytest.raises(StaleDataError), session.begin_nested():
            write_drafts(session, [], [draft], ids=IdAllocator(session), user="anna", history=True)
    with unit_of_work(any_db, write=False) as s:
        assert s.get(Organisation, alfa.id).city == "Milano"


def test_the_version_guard_sends_the_chunk_to_the_row_by_row_path(
    any_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = seed(any_db)
    path = write_italian(tmp_path / "soci.xlsx")
    plan = answered(any_db, path)
    real_write = apply_module.write_drafts
    replayed: list[int] = []
    real_write_row = apply_module._Writer._write_row

    def concurrent_edit_then_write(session: Any, *args: Any, **kwargs: Any) -> None:
        # Inside the chunk's savepoint: the guard fails, the savepoint rolls back (the edit too).
        session.execute(
            update(Organisation).where(Organisation.id == ids["alfa"]).values(version=99)
        )
        real_write(session, *args, **kwargs)

    def counting_write_row(self: Any, row: Any) -> None:
        replayed.append(row.row_number)
        real_write_row(self, row)

    monkeypatch.setattr(apply_module, "write_drafts", concurrent_edit_then_write)
    monkeypatch.setattr(apply_module._Writer, "_write_row", counting_write_row)
    result = apply_plan(any_db, plan, file_path=path)
    assert replayed  # the ORM path wrote the chunk
    assert result.quarantined == [] and (result.created, result.updated) == (2, 2)
    with unit_of_work(any_db, write=False) as s:
        assert s.get(Organisation, ids["alfa"]).city == "Bergamo"


def test_new_drafts_get_constant_defaults_and_no_id() -> None:
    draft = new_draft(Organisation, {"name": "Alfa", "is_external": None})
    assert draft.is_new and draft.record_id is None
    assert draft.fields.name == "Alfa"
    assert draft.fields.is_external is False  # the column's constant default
    assert draft.changes() == {}


def periods_of(db: Database, org_id: int) -> list[tuple[date, date | None]]:
    with unit_of_work(db, write=False) as s:
        stmt = (
            select(MembershipPeriod.join_date, MembershipPeriod.leave_date)
            .where(MembershipPeriod.organisation_id == org_id)
            .order_by(MembershipPeriod.join_date)
        )
        return [(join, leave) for join, leave in s.execute(stmt)]


@pytest.mark.parametrize("orm", [False, True], ids=["fast", "orm"])
def test_a_member_who_leaves_and_rejoins_in_one_file(
    any_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, orm: bool
) -> None:
    # Row 2 ends Alfa's open membership; row 3 starts a new one: the new period is checked
    # against the period as row 2 leaves it, not as it is stored.
    ids = seed(any_db)  # Alfa: member since 2019-01-01, open
    path = write_xlsx(
        tmp_path / "soci.xlsx",
        [
            ["Ragione sociale", "P.IVA", "Data adesione", "Data recesso"],
            ["Alfa Energia S.p.A.", VAT_ALFA, "2019-01-01", "2023-12-31"],
            ["Alfa Energia S.p.A.", VAT_ALFA, "2024-06-01", None],
        ],
    )
    plan = plan_for(any_db, path)
    if orm:
        monkeypatch.setattr(apply_module, "_bulk_writable", lambda chunk: False)
    result = apply_plan(any_db, plan, file_path=path)
    assert [q.problems[0].message for q in result.quarantined] == []
    assert periods_of(any_db, ids["alfa"]) == [
        (date(2019, 1, 1), date(2023, 12, 31)),
        (date(2024, 6, 1), None),
    ]


@pytest.mark.parametrize("orm", [False, True], ids=["fast", "orm"])
def test_a_refused_row_that_changed_one_record_twice_writes_nothing(
    sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, orm: bool
) -> None:
    ids = seed(sqlite_db)
    path = write_xlsx(
        tmp_path / "s.xlsx", [["Ragione sociale", "P.IVA", "Comune"], ["Alfa", VAT_ALFA, "Bergamo"]]
    )
    plan = plan_for(sqlite_db, path)
    row = plan.rows[0]
    # a second update of the same organisation, then a record its validator refuses
    row.ops.append(
        RecordOp(Organisation, "update", {"phone": "0301"}, "org", ids["alfa"], 1, {"phone": None})
    )
    row.ops.append(RecordOp(Contact, "create", {"last_name": " "}, "contact", link="organisation"))
    if orm:
        monkeypatch.setattr(apply_module, "_bulk_writable", lambda chunk: False)
    result = apply_plan(sqlite_db, plan, file_path=path)
    assert len(result.quarantined) == 1
    with unit_of_work(sqlite_db, write=False) as s:
        alfa = s.get(Organisation, ids["alfa"])
        assert (alfa.city, alfa.phone, alfa.version) == ("Milano", None, 1)
