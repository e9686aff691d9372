"""Undo of an import batch: exact restore (full dump), conflicts, history, on both backends."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from tests.importing.test_plan_apply import (
    VAT_ALFA,
    VAT_NUOVA,
    answered,
    plan_for,
    seed,
    write_italian,
    write_xlsx,
)
from workbench.db import Database
from workbench.errors import NotFoundError, WorkbenchError
from workbench.importing import (
    UndoConflictError,
    apply_plan,
    check_undo,
    list_batches,
    undo_batch,
)
from workbench.models import (
    AuditEntry,
    Base,
    BatchStatus,
    Contact,
    ImportBatch,
    MembershipPeriod,
    Organisation,
)
from workbench.services.base import create_record, unit_of_work, update_record

#: Bookkeeping that an undo legitimately changes: import/undo records and the per-record
#: optimistic-locking counters and "last changed" stamps (the history keeps those facts).
EXCLUDED_TABLES = {"audit_entry", "import_batch", "saved_mapping", "alembic_version"}
BOOKKEEPING_COLUMNS = {"version", "updated_at", "updated_by"}


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (bookkeeping left out), ordered by primary key."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in EXCLUDED_TABLES:
                continue
            columns = [c for c in table.c if c.name not in BOOKKEEPING_COLUMNS]
            rows = conn.execute(select(*columns).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


def write_quote_file(path: Path) -> Path:
    """A second file updating fees, a leave date, consent and the membership join date."""
    return write_xlsx(
        path,
        [
            [
                "Ragione sociale",
                "P.IVA",
                "Anno",
                "Quota",
                "Pagato",
                "Data adesione",
                "Data recesso",
                "Nome",
                "Cognome",
                "Consenso privacy",
                "Sito web",
            ],
            [
                "Alfa Energia S.p.A.",
                VAT_ALFA,
                2024,
                None,
                "sì",
                "2019-02-01",
                "2024-12-31",
                "Anna",
                "Bianchi",
                "sì",
                "www.alfa-energia.it",
            ],
            ["Nuova Impresa Srl", VAT_NUOVA, 2024, "900", "no", None, None, None, None, None, None],
            [
                "Università di Pavia",
                None,
                2024,
                "1.000",
                "no",
                "2024-03-01",
                None,
                "Luca",
                "Neri",
                "no",
                None,
            ],
        ],
    )


def test_undo_restores_the_database_exactly(any_db: Database, tmp_path: Path) -> None:
    seed(any_db)
    before = dump(any_db)
    first_file = write_italian(tmp_path / "soci.xlsx")
    first = apply_plan(any_db, answered(any_db, first_file), file_path=first_file)
    after_first = dump(any_db)
    assert after_first != before

    second_file = write_quote_file(tmp_path / "quote.xlsx")
    plan = plan_for(any_db, second_file)
    changed = {(c.record, c.field) for r in plan.rows for c in r.changes}
    # updated fields of several kinds of record, not only new records
    assert {
        ("organisation", "website"),
        ("fee 2024", "amount_paid"),
        ("membership from 2019-01-01", "join_date"),
        ("membership from 2019-01-01", "leave_date"),
        ("contact Anna Bianchi", "consent"),
        ("fee 2024", "amount_due"),
    } <= changed
    second = apply_plan(any_db, plan, file_path=second_file)
    assert second.updated == 2 and second.created == 1
    assert dump(any_db) != after_first

    result = undo_batch(any_db, second.batch_id)
    assert result.deleted > 0 and result.restored >= 6
    assert dump(any_db) == after_first
    result = undo_batch(any_db, first.batch_id)
    assert dump(any_db) == before
    with unit_of_work(any_db, write=False) as s:
        alfa = s.scalars(select(Organisation).where(Organisation.vat == VAT_ALFA)).one()
        assert alfa.search_key == before_search_key(before, alfa.id)


def before_search_key(snapshot: dict[str, list[tuple[Any, ...]]], org_id: int) -> str:
    columns = [
        c.name for c in Base.metadata.tables["organisation"].c if c.name not in BOOKKEEPING_COLUMNS
    ]
    row = next(r for r in snapshot["organisation"] if r[columns.index("id")] == org_id)
    return str(row[columns.index("search_key")])


def test_undo_is_recorded_and_happens_once(any_db: Database, tmp_path: Path) -> None:
    seed(any_db)
    path = write_italian(tmp_path / "soci.xlsx")
    result = apply_plan(any_db, answered(any_db, path), file_path=path)
    undone = undo_batch(any_db, result.batch_id, user="marco")
    if any_db.is_sqlite:
        assert undone.backup is not None and "pre-undo" in undone.backup.name
    with unit_of_work(any_db, write=False) as s:
        batch = s.get(ImportBatch, result.batch_id)
        assert batch.status is BatchStatus.UNDONE and batch.undone_at is not None
        entries = s.scalars(select(AuditEntry).where(AuditEntry.source == "undo")).all()
        assert entries and {e.batch_id for e in entries} == {result.batch_id}
        assert {e.user for e in entries} == {"marco"}
        assert {e.action.value for e in entries} == {"delete", "update"}
        city = [e for e in entries if e.field == "city"]
        assert [(e.old_value, e.new_value) for e in city] == [('"Bergamo"', '"Milano"')]
    assert list_batches(any_db)[0].status is BatchStatus.UNDONE
    with pytest.raises(WorkbenchError, match="already undone"):
        undo_batch(any_db, result.batch_id)
    with pytest.raises(NotFoundError):
        undo_batch(any_db, 999)


def test_undo_stops_on_records_edited_after_the_import(any_db: Database, tmp_path: Path) -> None:
    ids = seed(any_db)
    path = write_italian(tmp_path / "soci.xlsx")
    result = apply_plan(any_db, answered(any_db, path), file_path=path)
    with unit_of_work(any_db, write=False) as s:
        nuova = s.scalars(select(Organisation).where(Organisation.vat == VAT_NUOVA)).one()
    # after the import: someone edits an updated field and a created record, and adds a contact
    update_record(any_db, Organisation, ids["alfa"], {"city": "Varese"})
    update_record(any_db, Organisation, nuova.id, {"phone": "02 555"})
    create_record(any_db, Contact, {"organisation_id": nuova.id, "last_name": "Galli"})
    before_undo = dump(any_db)

    conflicts = check_undo(any_db, result.batch_id)
    kinds = sorted((c.kind, c.table, c.field) for c in conflicts)
    assert kinds == [
        ("edited", "organisation", "city"),
        ("edited", "organisation", "phone"),
        ("referenced", "contact", None),
    ]
    assert all(c.detail for c in conflicts)
    with pytest.raises(UndoConflictError) as caught:
        undo_batch(any_db, result.batch_id)
    assert len(caught.value.conflicts) == 3
    assert "city was changed by tester" in str(caught.value)
    assert dump(any_db) == before_undo  # nothing touched
    assert list_batches(any_db)[0].status is BatchStatus.APPLIED

    forced = undo_batch(any_db, result.batch_id, force=True)
    assert len(forced.overridden) == 3
    with unit_of_work(any_db, write=False) as s:
        assert s.get(Organisation, ids["alfa"]).city == "Milano"  # the import's old value
        assert s.get(Organisation, nuova.id) is None
        assert s.scalars(select(Contact).where(Contact.last_name == "Galli")).first() is None


def test_edits_to_other_fields_are_not_conflicts(any_db: Database, tmp_path: Path) -> None:
    ids = seed(any_db)
    path = write_xlsx(
        tmp_path / "x.xlsx",
        [["Ragione sociale", "P.IVA", "Comune"], ["Alfa Energia", VAT_ALFA, "Bergamo"]],
    )
    result = apply_plan(any_db, plan_for(any_db, path), file_path=path)
    update_record(any_db, Organisation, ids["alfa"], {"phone": "035 1"})  # not the city
    assert check_undo(any_db, result.batch_id) == []
    undo_batch(any_db, result.batch_id)
    with unit_of_work(any_db, write=False) as s:
        alfa = s.get(Organisation, ids["alfa"])
        assert (alfa.city, alfa.phone) == ("Milano", "035 1")


def test_a_batch_written_without_history_cannot_be_undone(
    sqlite_db: Database, tmp_path: Path
) -> None:
    seed(sqlite_db)
    path = write_xlsx(
        tmp_path / "x.xlsx", [["Ragione sociale", "Data adesione"], ["Zeta Srl", date(2024, 1, 1)]]
    )
    result = apply_plan(sqlite_db, plan_for(sqlite_db, path), file_path=path, record_history=False)
    with pytest.raises(WorkbenchError, match="restore the backup"):
        undo_batch(sqlite_db, result.batch_id)
    with unit_of_work(sqlite_db, write=False) as s:
        assert s.scalars(
            select(MembershipPeriod).where(MembershipPeriod.join_date == date(2024, 1, 1))
        ).one()
