"""Merging two organisations: every record moves, clashes keep one record, undo restores all."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from support.merge_data import everything, org, two_duplicates

from workbench.db import Database
from workbench.errors import ValidationError
from workbench.models import (
    AuditEntry,
    Contact,
    Fee,
    MembershipPeriod,
    Organisation,
    OrganisationAttachment,
    ProjectPartner,
    SizeData,
)
from workbench.services import attachments, merge
from workbench.services.base import list_records, unit_of_work


def test_every_foreign_key_to_organisations_is_handled_by_the_merge() -> None:
    # A new table that refers to organisations must say how its records clash, or merging
    # would silently leave them behind (or delete them with the other organisation).
    references = set(merge.organisation_references())
    assert references == set(merge.SAME_RECORD), (
        "foreign keys to organisation not declared in services.merge.SAME_RECORD: "
        f"{sorted(references - set(merge.SAME_RECORD))}"
    )
    for table, column in references:
        merge.same_record_keys(table, column)


def test_preview_shows_both_sides_counts_and_clashes(sqlite_db: Database) -> None:
    ids = two_duplicates(sqlite_db)
    shown = merge.preview(sqlite_db, ids["a"], ids["b"])
    assert shown.survivor["name"] == "Acme S.p.A." and shown.other["name"] == "ACME spa"
    assert shown.counts["fee"] == (1, 2) and shown.counts["organisation_attachment"] == (1, 2)
    clashing = sorted((c.table, c.survivor_row_id, c.other_row_id) for c in shown.clashes)
    assert clashing == sorted(
        [
            ("fee", ids["fees"][0], ids["fees"][1]),
            ("size_data", ids["size"][0], ids["size"][1]),
            ("contact", ids["contacts"][0], ids["contacts"][1]),
            ("project_partner", ids["partners"][0], ids["partners"][1]),
            ("organisation_attachment", ids["attachments"][1], ids["attachments"][2]),
        ]
    )
    sources = merge.default_field_sources(shown.survivor, shown.other)
    assert sources["name"] == "survivor" and sources["website"] == "other"
    assert sources["city"] == "survivor"


def test_merge_moves_every_record_and_undo_puts_every_one_back(any_db: Database) -> None:
    ids = two_duplicates(any_db)
    before = everything(any_db)
    a, b = ids["a"], ids["b"]
    record = merge.merge(
        any_db,
        a,
        b,
        field_sources={"name": "other"},
        keep={("fee", ids["fees"][0]): "other"},  # the other's 2024 fee is the paid one
    )
    assert [o.id for o in list_records(any_db, Organisation)] == [a]
    survivor = list_records(any_db, Organisation)[0]
    assert (survivor.name, survivor.vat, survivor.website) == (
        "ACME spa",
        "IT01234560017",
        "https://acme.example",
    )
    # Every child table: nothing refers to the other organisation any more.
    for table, column in merge.organisation_references():
        model = merge._models()[table]
        rows = list_records(any_db, model)
        assert all(getattr(r, column) == a for r in rows), table
    fees = {f.year: f for f in list_records(any_db, Fee)}
    assert fees[2024].id == ids["fees"][1] and fees[2024].amount_paid == Decimal("500")
    assert sorted(fees) == [2023, 2024]
    [size] = list_records(any_db, SizeData)
    assert size.id == ids["size"][0] and size.turnover == Decimal("1000000")  # blank filled
    [period] = list_records(any_db, MembershipPeriod)  # overlapping periods joined
    assert (period.join_date, period.leave_date, period.agreement_signed) == (
        date(2019, 6, 1),
        None,
        True,
    )
    contacts = list_records(any_db, Contact)
    assert sorted(c.last_name for c in contacts) == ["Bianchi", "Rossi"]
    assert [c.last_name for c in contacts if c.is_primary] == ["Rossi"]
    assert next(c for c in contacts if c.last_name == "Rossi").phone == "333"
    partners = list_records(any_db, ProjectPartner)
    assert len(partners) == 2
    assert next(p for p in partners if p.id == ids["partners"][0]).budget == Decimal("9000")
    assert len(list_records(any_db, OrganisationAttachment)) == 2
    assert {r.file_name for r in attachments.list_attachments(any_db, a)} == {
        "agreement.pdf",
        "statute.pdf",
    }
    with unit_of_work(any_db, write=False) as session:
        sources = set(session.scalars(select(AuditEntry.source).where(AuditEntry.id > 0)))
    assert "merge" in sources

    merge.unmerge(any_db, record)
    assert everything(any_db) == before


def test_merge_of_an_organisation_with_itself_is_refused(sqlite_db: Database) -> None:
    a = org(sqlite_db, "Acme")
    with pytest.raises(ValidationError, match="two different organisations"):
        merge.merge(sqlite_db, a, a)


def test_a_failed_merge_writes_nothing(sqlite_db: Database, monkeypatch) -> None:
    ids = two_duplicates(sqlite_db)
    before = everything(sqlite_db)

    def broken(session: Any, org_id: int) -> None:
        raise ValidationError("boom")

    monkeypatch.setattr(merge, "_validate_moved", broken)
    with pytest.raises(ValidationError):
        merge.merge(sqlite_db, ids["a"], ids["b"])
    assert everything(sqlite_db) == before


def test_merging_the_other_way_round_keeps_the_chosen_records_too(sqlite_db: Database) -> None:
    ids = two_duplicates(sqlite_db)
    before = everything(sqlite_db)
    record = merge.merge(
        sqlite_db, ids["b"], ids["a"], keep={("size_data", ids["size"][1]): "other"}
    )
    [kept] = list_records(sqlite_db, Organisation)
    assert kept.id == ids["b"] and kept.vat == "IT01234560017"  # the blank filled from a
    [size] = list_records(sqlite_db, SizeData)
    assert size.id == ids["size"][0] and size.organisation_id == ids["b"]
    merge.unmerge(sqlite_db, record)
    assert everything(sqlite_db) == before


def test_undo_of_a_merge_refuses_to_overwrite_a_later_change_by_someone_else(
    sqlite_db: Database,
) -> None:
    from workbench.errors import ConflictError
    from workbench.services.base import VersionWatch, update_record

    ids = two_duplicates(sqlite_db)
    watch, seen = VersionWatch(), {}
    with watch.step(seen, first=True):
        record = merge.merge(sqlite_db, ids["a"], ids["b"])
    update_record(sqlite_db, Organisation, ids["a"], {"city": "Torino"})  # another user
    with pytest.raises(ConflictError), watch.step(seen):
        merge.unmerge(sqlite_db, record)
    assert [o.id for o in list_records(sqlite_db, Organisation)] == [ids["a"]]  # nothing written
