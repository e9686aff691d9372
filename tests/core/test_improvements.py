"""Silver improvement areas: the service's rules, history, evidence, and migration 0003."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import inspect

from workbench import migrate
from workbench.db import Database
from workbench.errors import ValidationError
from workbench.models import AuditEntry, ImprovementEvidence
from workbench.services import files
from workbench.services import improvements as service
from workbench.services.base import list_records

CONTACTS = {
    "indicator_id": "2.5",
    "baseline_value": "31 %",
    "baseline_date": date(2023, 3, 1),
    "action": "Quarterly member visits by the cluster manager",
    "result_value": "64 %",
    "result_date": date(2024, 12, 31),
}


def test_an_area_is_recorded_listed_and_changed(any_db: Database) -> None:
    saved = service.save_area(any_db, 1, CONTACTS)
    assert saved.position == 1 and saved.result_value == "64 %"
    # Under way: only the baseline so far.
    service.save_area(
        any_db,
        2,
        {
            "indicator_id": "4.1.2",
            "baseline_value": "no strategy document",
            "baseline_date": date(2023, 3, 1),
        },
    )
    rows = service.list_areas(any_db)
    assert [(r.position, r.indicator_id, r.action) for r in rows] == [
        (1, "2.5", CONTACTS["action"]),
        (2, "4.1.2", None),
    ]
    service.save_area(any_db, 1, {"result_value": "70 %"}, expected_version=saved.version)
    assert service.list_areas(any_db)[0].result_value == "70 %"


@pytest.mark.parametrize(
    ("position", "change", "field"),
    [
        (4, {}, "position"),  # Silver asks for three
        (0, {}, "position"),
        (1, {"indicator_id": "9.9"}, "indicator_id"),  # not a Gold indicator
        (1, {"baseline_value": "  "}, "baseline_value"),
        (1, {"baseline_date": None}, "baseline_date"),
        (1, {"result_date": date(2022, 12, 31)}, "result_date"),  # before the baseline
        (1, {"result_date": None}, "result_date"),  # a result needs its date
        (1, {"result_value": None}, "result_value"),  # a date needs its result
        (1, {"action": ""}, "action"),  # a result needs the action that led to it
    ],
)
def test_invalid_areas_are_refused_naming_the_field(
    sqlite_db: Database, position: int, change: dict, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        service.save_area(sqlite_db, position, {**CONTACTS, **change})
    assert caught.value.field == field
    assert service.list_areas(sqlite_db) == []


def test_two_slots_cannot_improve_the_same_indicator(sqlite_db: Database) -> None:
    service.save_area(sqlite_db, 1, CONTACTS)
    with pytest.raises(ValidationError, match="already improvement area 1"):
        service.save_area(sqlite_db, 2, CONTACTS)


def test_evidence_history_clear_and_restore(any_db: Database) -> None:
    service.save_area(any_db, 1, CONTACTS)
    evidence = service.attach_evidence(any_db, 1, "visits 2024.pdf", b"%PDF visits")
    assert service.list_areas(any_db)[0].evidence_names == ["visits 2024.pdf"]
    assert files.read_content(any_db, evidence.stored_file_id) == b"%PDF visits"
    before = service.snapshot_area(any_db, 1)

    service.clear_area(any_db, 1)
    assert service.list_areas(any_db) == []
    service.restore_area(any_db, 1, before)
    [row] = service.list_areas(any_db)
    assert row.values() == {**CONTACTS, "note": None}
    assert row.evidence_names == ["visits 2024.pdf"]

    service.remove_evidence(any_db, 1, evidence.stored_file_id)
    assert service.list_areas(any_db)[0].evidence == ()
    service.link_evidence(any_db, 1, evidence)
    assert service.list_areas(any_db)[0].evidence_names == ["visits 2024.pdf"]

    # The history covers the areas and their evidence links like any record.
    tables = {e.table_name for e in list_records(any_db, AuditEntry)}
    assert {"improvement_area", "improvement_evidence"} <= tables
    deleted = list_records(
        any_db,
        AuditEntry,
        where=[AuditEntry.table_name == "improvement_evidence", AuditEntry.action == "delete"],
    )
    assert len(deleted) == 2  # the clear and the remove, each recorded
    assert {e.record_label for e in deleted} == {"visits 2024.pdf"}  # named by its file


def test_evidence_needs_a_saved_area(sqlite_db: Database) -> None:
    with pytest.raises(ValidationError, match="Save improvement area 2"):
        service.attach_evidence(sqlite_db, 2, "x.pdf", b"x")
    assert list_records(sqlite_db, ImprovementEvidence) == []


def test_migration_0003_adds_the_tables_and_refuses_to_drop_recorded_areas(
    any_db: Database,
) -> None:
    migrate.downgrade(any_db.engine, "0002")
    assert "improvement_area" not in inspect(any_db.engine).get_table_names()
    migrate.upgrade(any_db.engine, "0003")  # not "head": later migrations follow 0003
    assert migrate.current_revision(any_db.engine) == "0003"
    assert {"improvement_area", "improvement_evidence"} <= set(
        inspect(any_db.engine).get_table_names()
    )
    service.save_area(any_db, 1, CONTACTS)
    with pytest.raises(RuntimeError, match="1 Silver improvement area"):
        migrate.downgrade(any_db.engine, "0002")
    assert migrate.current_revision(any_db.engine) in ("0003", migrate.head_revision())
    assert len(service.list_areas(any_db)) == 1
