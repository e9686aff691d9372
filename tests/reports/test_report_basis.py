"""The basis of every figure reaches the report (issue 14.3).

The small cluster of ``small_cluster.py`` plus two evidence files; the PDF's text and the
workbook's Basis sheet are read back from real files.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.reports.small_cluster import TODAY, YEAR, build_small_cluster
from workbench.db import Database, open_database
from workbench.indicators import assess
from workbench.models import Income, IncomeCategory
from workbench.reports import generate_report
from workbench.reports.data import assessment_data
from workbench.services import evidence
from workbench.services.base import create_record


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    database = open_database(tmp_path_factory.mktemp("basis") / "cluster.db")
    build_small_cluster(database)
    evidence.attach(
        database,
        "2.4",
        2024,
        "statute.pdf",
        b"%PDF-1.4 statute",
        "statute approved by the assembly",
    )
    evidence.attach(database, "1.1.0", 2023, "agreements-2023.zip", b"PK zip")
    # Income of the current state's year, so that 3.2 is decided by the current period.
    create_record(
        database,
        Income,
        {
            "year": 2025,
            "category": IncomeCategory.MEMBERSHIP_FEES,
            "amount": Decimal("90000"),
            "is_private": True,
        },
    )
    yield database
    database.dispose()


def test_basis_table_lists_inputs_missing_and_evidence_per_period(db: Database) -> None:
    report = assessment_data(db, YEAR, "en", today=TODAY)
    basis = report.table("basis")
    assessment = assess(db, YEAR, today=TODAY)
    assert len(basis.rows) == 3 * len(assessment.results)
    rows = {(r[0], r[2]): r for r in basis.rows}
    counted = basis.column_index("counted")
    evidence_at = basis.column_index("evidence")
    commitment = assessment.result("1.1.0").periods[0]
    assert rows[("1.1.0", "2023")][counted] == "; ".join(commitment.inputs)
    assert rows[("1.1.0", "2023")][evidence_at] == "agreements-2023.zip (2023)"
    statute = "statute.pdf (2024): statute approved by the assembly"
    assert rows[("2.4", "2024")][evidence_at] == statute
    # A claim entered by hand without documents says so at Gold level.
    assert rows[("2.4", "2023")][evidence_at] == "no evidence attached"
    assert rows[("1.2", "2023")][evidence_at] is None  # computed from the records


def test_manual_facts_are_a_proposal_never_no_value_entered(db: Database) -> None:
    report = assessment_data(db, YEAR, "en", today=TODAY)
    basis = report.table("basis")
    staff = next(r for r in basis.rows if r[0] == "2.2.2" and r[2] == "2024")
    assert staff[basis.column_index("value")].startswith("proposed: ")
    missing = staff[basis.column_index("missing")] or ""
    assert "no value entered" not in missing and "2024: proposed from the records" in missing
    italian = assessment_data(db, YEAR, "it", today=TODAY).table("basis")
    staff_it = next(r for r in italian.rows if r[0] == "2.2.2" and r[2] == "2024")
    assert staff_it[italian.column_index("value")].startswith("proposto: ")


def test_finance_holds_every_year_that_decides_a_money_verdict(db: Database) -> None:
    today = date(2025, 11, 30)
    result = assess(db, YEAR, today=today).result("3.2")
    report = assessment_data(db, YEAR, "en", today=today)
    titles = [c.title for c in report.table("income").columns]
    assert "2023" in titles and "2024" in titles
    # 3.2 is decided by the current state here, so its year's income is shown too.
    assert result.status_period == "current"
    assert str(today.year) in titles


def test_pdf_and_workbook_carry_the_basis(db: Database, tmp_path: Path) -> None:
    pdf = tmp_path / "assessment.pdf"
    book = tmp_path / "assessment.xlsx"
    generate_report(db, "assessment", "pdf", pdf, year=YEAR, lang="en", today=TODAY)
    generate_report(db, "assessment", "xlsx", book, year=YEAR, lang="en", today=TODAY)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "the basis of every figure" in text
    assert "statute approved by the assembly" in text
    assert "no evidence attached" in text
    sheet = openpyxl.load_workbook(book, read_only=True)["Basis"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "What was counted" in cells
    assert "statute.pdf (2024): statute approved by the assembly" in cells
