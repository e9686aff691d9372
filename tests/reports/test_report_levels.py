"""Label levels in the assessment report: Bronze's six areas, the 80 % bar for Gold only.

Each report is written as PDF and workbook and read back (pypdf, openpyxl).
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.reports.small_cluster import TODAY, YEAR
from workbench.db import open_database
from workbench.indicators import DEFINITIONS
from workbench.reports import generate_report
from workbench.reports.data import assessment_data
from workbench.services import improvements

BRONZE_TITLES = [
    "Area 1: Structure of the cluster",
    "Area 2: Cluster management and governance",
    "Area 3: Financing",
    "Area 4: Services",
    "Area 5: Contacts and interaction within the cluster",
    "Area 6: Achievements and recognition",
]
BAR_CLAIMS = ("Gold bar", "Bronze bar", "Silver bar", "Ready for", "ready for", "meets the")


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def sheet_cells(path: Path, sheet: str) -> list[list[object]]:
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    return [list(row) for row in ws.iter_rows(values_only=True)]


@pytest.fixture(scope="module")
def written(small_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("levels")
    db = open_database(small_db_path)
    files = {}
    try:
        for level in ("bronze", "gold"):
            for fmt in ("pdf", "xlsx"):
                path = folder / f"{level}.{fmt}"
                generate_report(db, "assessment", fmt, path, year=YEAR, level=level, today=TODAY)
                files[f"{level}.{fmt}"] = path
        path = folder / "bronze-it.pdf"
        generate_report(
            db, "assessment", "pdf", path, year=YEAR, level="bronze", lang="it", today=TODAY
        )
        files["bronze-it.pdf"] = path
    finally:
        db.dispose()
    return files


def test_bronze_data_groups_the_indicators_in_six_areas(small_db_path: Path) -> None:
    db = open_database(small_db_path)
    try:
        report = assessment_data(db, YEAR, "en", TODAY, level="bronze")
    finally:
        db.dispose()
    areas = [s for s in report.sections if s.key.startswith("area_")]
    assert [s.title for s in areas] == BRONZE_TITLES
    # Contacts and interaction holds exactly 2.5, 2.6 and 4.5 (DOMAIN.md).
    contacts = report.table("indicators_contacts_interaction")
    assert contacts.column_values("id") == ["2.5", "2.6", "4.5"]
    by_area = report.table("by_area")
    assert by_area.column_values("area") == [t.split(": ", 1)[1] for t in BRONZE_TITLES]
    assert sum(by_area.column_values("total")) == len(DEFINITIONS)
    assert [s for s in report.sections if s.key == "area_strategy"] == []


def test_bronze_pdf_has_six_areas_and_no_bar(written: dict[str, Path]) -> None:
    text = pdf_text(written["bronze.pdf"])
    for title in BRONZE_TITLES:
        assert title in text
    assert "Strategy, activities and services" not in text
    for claim in BAR_CLAIMS:
        assert claim not in text, claim
    assert "Bronze 80 %" not in text and "Gold 80 %" not in text  # no gauge mark
    assert "The Bronze label has no score bar" in flat(text)
    italian = flat(pdf_text(written["bronze-it.pdf"]))
    assert "Area 5: Contatti e interazione all'interno del cluster" in italian
    assert "Soglia Bronze" not in italian and "Pronto per" not in italian
    assert "Il label Bronze non ha una soglia di punteggio" in italian


def test_bronze_workbook_has_no_bar_lines_and_bronze_areas(written: dict[str, Path]) -> None:
    summary = sheet_cells(written["bronze.xlsx"], "Summary")
    labels = [row[0] for row in summary if row and row[0]]
    assert "Bronze bar" not in labels and "Ready for Bronze" not in labels
    [bar_line] = [row for row in summary if row and row[0] == "Score bar"]
    assert bar_line[1] == "none: the Bronze label is not judged on a total score"
    cells = sheet_cells(written["bronze.xlsx"], "Indicators")
    ids = {d.id for d in DEFINITIONS}
    # The first table of the sheet is the indicator table: id, area, name, ...
    # The area is written once per run of its indicators: a blank means "as above".
    area_of: dict[object, object] = {}
    current: object = None
    for row in cells:
        if row and row[0] in ids:
            current = row[1] or current
            area_of.setdefault(row[0], current)
    assert area_of["2.5"] == area_of["4.5"] == "Contacts and interaction within the cluster"
    assert area_of["4.1.2"] == "Services"
    assert area_of["5.1"] == "Achievements and recognition"


def test_gold_keeps_the_80_percent_bar(written: dict[str, Path]) -> None:
    text = flat(pdf_text(written["gold.pdf"]))
    assert "Gold 80 %" in text  # the gauge's mark
    assert "the cluster does not yet meet the Gold bar" in text
    assert "Area 4: Strategy, activities and services" in text
    summary = sheet_cells(written["gold.xlsx"], "Summary")
    facts = {row[0]: row[1] for row in summary if len(row) > 1 and row[0]}
    # Text today; a numeric cell (80 % as 0.8) once the workbook types its figures.
    assert facts["Gold bar"] in ("80 %", 0.8)
    assert facts["Ready for Gold"] == "no"
    assert "Score bar" not in facts


# --------------------------------------------------------------------------- Silver


@pytest.fixture(scope="module")
def silver(small_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two improvement areas recorded (one finished with evidence, one under way), reported."""
    folder = tmp_path_factory.mktemp("silver")
    copy = folder / "silver.db"
    shutil.copyfile(small_db_path, copy)
    db = open_database(copy)
    files = {}
    try:
        improvements.save_area(db, 1, FINISHED)
        improvements.attach_evidence(db, 1, "visite soci 2024.pdf", b"%PDF visits")
        improvements.save_area(db, 3, UNDER_WAY)
        for lang in ("en", "it"):
            for fmt in ("pdf", "xlsx"):
                path = folder / f"silver-{lang}.{fmt}"
                generate_report(
                    db,
                    "assessment",
                    fmt,
                    path,
                    year=YEAR,
                    level="silver",
                    lang=lang,
                    today=TODAY,
                )
                files[f"{lang}.{fmt}"] = path
    finally:
        db.dispose()
    return files


FINISHED = {
    "indicator_id": "2.5",
    "baseline_value": "31 %",
    "baseline_date": date(2023, 3, 1),
    "action": "Quarterly member visits by the cluster manager",
    "result_value": "64 %",
    "result_date": date(2024, 12, 31),
}
UNDER_WAY = {
    "indicator_id": "3.1",  # a Gold indicator Silver does not assess: still a valid choice
    "baseline_value": "budget covered for 8 months",
    "baseline_date": date(2023, 3, 1),
}


def test_silver_pdf_lists_the_three_improvement_areas(silver: dict[str, Path]) -> None:
    text = flat(pdf_text(silver["en.pdf"]))
    assert "Silver improvement areas" in text
    assert "2.5 Direct contacts with participants" in text
    assert "31 %" in text and "01/03/2023" in text
    assert "Quarterly member visits by the cluster manager" in text
    assert "64 %" in text and "31/12/2024" in text
    assert "visite soci 2024.pdf" in text
    assert ">= 50 %" in text  # 2.5's Gold criterion beside it
    assert "3.1 Financing prospects" in text and "budget covered for 8 months" in text
    assert "no result recorded yet" in text and "no evidence attached" in text
    # Slot 2 is empty: said so, not skipped.
    assert text.count("No improvement area recorded yet") == 1
    assert "2 of the 3 improvement areas Silver asks for are recorded" in text
    assert "Improvement areas: 2 of the 3 the Silver label asks for are recorded" in text
    for claim in BAR_CLAIMS:
        assert claim not in text, claim
    assert "Silver 80 %" not in text
    italian = flat(pdf_text(silver["it.pdf"]))
    assert "Aree di miglioramento Silver" in italian
    assert "Nessuna area di miglioramento ancora registrata" in italian
    assert "nessun risultato ancora registrato" in italian
    assert "No improvement area" not in italian


def test_silver_workbook_has_the_improvement_sheet(silver: dict[str, Path]) -> None:
    wb = openpyxl.load_workbook(silver["en.xlsx"])
    ws = wb["Improvement areas"]
    rows = [list(r) for r in ws.iter_rows(values_only=True) if any(c is not None for c in r)]
    header = next(r for r in rows if r[0] == "No.")
    body = rows[rows.index(header) + 1 : rows.index(header) + 4]
    assert [r[0] for r in body] == [1, 2, 3]
    first = dict(zip(header, body[0], strict=False))
    assert first["Indicator"] == "2.5 Direct contacts with participants"
    assert first["Baseline"] == "31 %" and first["Result"] == "64 %"
    assert first["Baseline date"].date() == date(2023, 3, 1)  # a date cell, not text
    assert first["Result date"].date() == date(2024, 12, 31)
    assert first["Evidence"] == "visite soci 2024.pdf"
    assert body[1][1] == "No improvement area recorded yet"
    assert body[2][1] == "3.1 Financing prospects"
    facts = {r[0]: r[1] for r in wb["Summary"].iter_rows(values_only=True) if len(r) > 1}
    assert facts["Silver improvement areas recorded"] == "2 / 3"
    assert "Score bar" in facts and "Silver bar" not in facts
