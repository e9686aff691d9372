"""The Qt-free halves of the lists (issue 17.1): list files, bulk field edits, the fee rule."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from workbench.db import open_database
from workbench.errors import ConflictError, ValidationError, WorkbenchError
from workbench.models import Organisation
from workbench.reports.list_export import ListTable, export_list, list_file_name
from workbench.rules.fee_status import FeeStatus, fee_status
from workbench.services import bulk_edit
from workbench.services import members as members_service
from workbench.services.base import get_record


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(tmp_path / "lists.db")
    yield database
    database.dispose()


def test_fee_rule() -> None:
    assert fee_status(Decimal(100), Decimal(100)) == FeeStatus.PAID
    assert fee_status(Decimal(100), Decimal(120)) == FeeStatus.PAID
    assert fee_status(Decimal(100), Decimal("99.99")) == FeeStatus.UNPAID
    assert fee_status(Decimal(0), None) == FeeStatus.PAID  # nothing due, nothing to ask
    assert fee_status(None, None) == FeeStatus.PAID


def test_fee_statuses_of_a_year(db) -> None:
    from workbench.models import Fee
    from workbench.services.base import create_record

    paid = members_service.create_organisation(db, {"name": "Paid S.r.l."})
    owing = members_service.create_organisation(db, {"name": "Owing S.p.A."})
    members_service.create_organisation(db, {"name": "No Fee S.r.l."})
    create_record(
        db, Fee, {"organisation_id": paid.id, "year": 2025, "amount_due": 100, "amount_paid": 100}
    )
    create_record(
        db, Fee, {"organisation_id": owing.id, "year": 2025, "amount_due": 100, "amount_paid": 40}
    )
    create_record(
        db, Fee, {"organisation_id": owing.id, "year": 2024, "amount_due": 100, "amount_paid": 100}
    )
    assert members_service.fee_statuses(db, 2025) == {
        paid.id: FeeStatus.PAID,
        owing.id: FeeStatus.UNPAID,
    }
    rows = {r.name: r.fee_status for r in members_service.member_rows(db, fee_year=2025)}
    assert rows == {"Paid S.r.l.": "paid", "Owing S.p.A.": "unpaid", "No Fee S.r.l.": "none"}


def test_list_files_round_trip(tmp_path: Path) -> None:
    table = ListTable(
        "Members",
        ["Name", "City", "Amount"],
        [["=1+2", "Bologna", "-12"], ["<i>A</i> & B", "", "@SUM(A1)"]],
        "type: Company",
    )
    export_list(table, tmp_path / "l.xlsx")
    export_list(table, tmp_path / "l.csv")
    export_list(table, tmp_path / "l.pdf")
    book = openpyxl.load_workbook(tmp_path / "l.xlsx")
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == table.headers
    assert sheet["A2"].value == "=1+2" and sheet["A2"].data_type == "s" and sheet["A2"].quotePrefix
    assert sheet["C2"].value == "-12" and not sheet["C2"].quotePrefix  # a plain number is data
    assert sheet["C3"].quotePrefix
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:C3"
    about = book.worksheets[1]
    assert about["B2"].value == "type: Company" and about["B3"].value == 2
    with open(tmp_path / "l.csv", encoding="utf-8-sig", newline="") as f:
        assert list(csv.reader(f)) == [
            table.headers,
            ["'=1+2", "Bologna", "-12"],
            ["<i>A</i> & B", "", "'@SUM(A1)"],
        ]
    text = PdfReader(tmp_path / "l.pdf").pages[0].extract_text()
    assert "<i>A</i> & B" in text and "Page 1 of 1" in text and "type: Company" in text


def test_unknown_format_and_unwritable_file(tmp_path: Path) -> None:
    table = ListTable("Members", ["Name"], [["A"]])
    with pytest.raises(WorkbenchError, match=r"\.xlsx, \.csv or \.pdf"):
        export_list(table, tmp_path / "l.docx")
    target = tmp_path / "kept.csv"
    target.write_text("old")
    target.chmod(0o444)
    with pytest.raises(WorkbenchError, match="read-only"):
        export_list(table, target)
    assert target.read_text() == "old"
    assert list_file_name("Members: 2025/26", "csv").startswith("Members_ 2025_26 ")


def test_set_field_validates_every_record_and_writes_nothing_on_refusal(db) -> None:
    a = members_service.create_organisation(db, {"name": "Alfa S.r.l.", "city": "Bologna"})
    b = members_service.create_organisation(db, {"name": "Beta S.r.l.", "city": "Trento"})
    with pytest.raises(ValidationError) as refused:
        bulk_edit.set_field(db, Organisation, [a.id, b.id], "country", "Italy")
    assert refused.value.field == "country" and "Alfa S.r.l." in str(refused.value)
    assert get_record(db, Organisation, a.id).country == "IT"

    old = bulk_edit.set_field(db, Organisation, [a.id, b.id], "city", "Trento")
    assert old == {a.id: "Bologna"}  # Beta already there: untouched
    assert get_record(db, Organisation, a.id).city == "Trento"
    assert "trento" in get_record(db, Organisation, a.id).search_key  # the validator ran
    bulk_edit.restore_field(db, Organisation, "city", old)
    assert get_record(db, Organisation, a.id).city == "Bologna"


def test_set_field_refuses_a_record_changed_meanwhile(db) -> None:
    a = members_service.create_organisation(db, {"name": "Alfa S.r.l."})
    bulk_edit.set_field(db, Organisation, [a.id], "city", "Udine")
    with pytest.raises(ConflictError):
        bulk_edit.set_field(
            db, Organisation, [a.id], "city", "Bari", expected_versions={a.id: a.version}
        )
    assert get_record(db, Organisation, a.id).city == "Udine"
