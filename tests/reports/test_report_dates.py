"""One reference day per report: printed on the cover, and every age counted to it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from workbench.db import Database, open_database
from workbench.indicators import assess
from workbench.reports import generate_report
from workbench.rules.dates import completed_years
from workbench.services.cluster import save_profile

FOUNDED = date(2009, 3, 23)
YEAR = 2025
# Generated a year after the assessment year: the figures are those of 31/12/2025, when the
# cluster had 16 complete years (17 on the generation day).
TODAY = date(2026, 12, 2)


def test_completed_years_counts_whole_years_to_the_day() -> None:
    assert completed_years(FOUNDED, date(2025, 3, 23)) == 16
    assert completed_years(FOUNDED, date(2025, 3, 22)) == 15
    assert completed_years(FOUNDED, FOUNDED) == 0
    leap = date(2020, 2, 29)
    assert completed_years(leap, date(2021, 2, 28)) == 0
    assert completed_years(leap, date(2021, 3, 1)) == 1
    with pytest.raises(ValueError):
        completed_years(FOUNDED, date(2009, 3, 22))


@pytest.fixture()
def founded_db(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "dates.db", start_empty=True)
    save_profile(db, {"name": "Dated Cluster", "founding_date": FOUNDED})
    yield db
    db.dispose()


def _profile_value(path: Path, label: str) -> object:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    for row in sheet.iter_rows(values_only=True):
        if row and row[0] == label:
            return row[1]
    raise AssertionError(f"no {label!r} row in the first sheet")


@pytest.mark.parametrize(
    "lang, figures, generated, state, years_label",
    [
        (
            "en",
            "Figures as of 31 December 2025",
            "Generated on 2 December 2026",
            "current state on 31/12/2025",
            "Years of activity",
        ),
        (
            "it",
            "Dati al 31 dicembre 2025",
            "Generato il 2 dicembre 2026",
            "situazione attuale al 31/12/2025",
            "Anni di attività",
        ),
    ],
)
def test_assessment_has_one_reference_day(
    founded_db: Database,
    tmp_path: Path,
    lang: str,
    figures: str,
    generated: str,
    state: str,
    years_label: str,
) -> None:
    pdf = generate_report(
        founded_db, "assessment", "pdf", tmp_path / "a.pdf", year=YEAR, lang=lang, today=TODAY
    )
    reader = PdfReader(pdf)
    cover = reader.pages[0].extract_text()
    assert figures in cover and generated in cover
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert state in text
    # The generation day appears only as such (cover, page footers), never as the state's day.
    assert state.replace("31/12/2025", "02/12/2026") not in text

    xlsx = generate_report(
        founded_db, "assessment", "xlsx", tmp_path / "a.xlsx", year=YEAR, lang=lang, today=TODAY
    )
    maturity = assess(founded_db, YEAR, today=TODAY).result("2.1").period("current").value
    assert _profile_value(xlsx, years_label) == maturity == 16
    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    # Atop the first sheet (under the no-data sentence: this database holds only a profile).
    assert figures in [row[0] for row in sheet.iter_rows(max_row=2, values_only=True)]


@pytest.mark.parametrize("kind", ["members", "projects"])
def test_other_reports_print_their_reference_day(
    founded_db: Database, tmp_path: Path, kind: str
) -> None:
    path = generate_report(
        founded_db, kind, "pdf", tmp_path / "r.pdf", as_of=date(2025, 6, 30), today=TODAY
    )
    # The member directory is as of --as-of; the project portfolio is the state of today.
    day = "30 June 2025" if kind == "members" else "2 December 2026"
    assert f"Figures as of {day}" in " ".join(PdfReader(path).pages[0].extract_text().split())


def test_eccp_sheet_names_its_reference_day(founded_db: Database, tmp_path: Path) -> None:
    path = generate_report(
        founded_db, "eccp", "xlsx", tmp_path / "e.xlsx", as_of=date(2025, 6, 30), today=TODAY
    )
    assert _profile_value(path, "Reference date").date() == date(2025, 6, 30)
