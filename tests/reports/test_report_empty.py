"""Reports of an empty database say plainly that there is no data.

Every report kind and format is written from a database with no records; read back, the PDF's
cover and the workbook's first sheet carry the one sentence that says there is no data and why
(instead of figure tiles of zeros), and the PDF's tables say "No records." rather than showing
a header over a "Total 0" row. A report with data carries no such sentence.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.reports.small_cluster import Generated
from workbench.db import Database, open_database
from workbench.reports import REPORT_FORMATS, generate_report

TODAY = date(2025, 3, 15)

# What each empty report says (English, Italian): the no-data sentence names its reason.
SENTENCES = {
    "assessment": (
        "There is no data for this report: no members, projects, activities or income are "
        "recorded for 01/01/2023 – 15/03/2025.",
        "Non ci sono dati per questo rapporto: non risultano soci, progetti, attività o entrate "
        "per il periodo 01/01/2023 – 15/03/2025.",
    ),
    "members": (
        "There is no data for this report: no organisation is a member on 15/03/2025.",
        "Non ci sono dati per questo rapporto: nessuna organizzazione è socia al 15/03/2025.",
    ),
    "projects": (
        "There is no data for this report: no projects are recorded.",
        "Non ci sono dati per questo rapporto: non risultano progetti.",
    ),
    "eccp": (
        "There is no data for this report: no organisation is a member on 15/03/2025, so every "
        "figure is zero.",
        "Non ci sono dati per questo rapporto: nessuna organizzazione è socia al 15/03/2025, "
        "quindi tutti i valori sono zero.",
    ),
}


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    db = open_database(tmp_path_factory.mktemp("empty") / "empty.db")
    yield db
    db.dispose()


def _words(text: str) -> str:
    return " ".join(text.split())


def _first_sheet_text(path: Path) -> str:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return str(sheet["A1"].value)


@pytest.mark.parametrize("lang", ["en", "it"])
@pytest.mark.parametrize("kind", list(REPORT_FORMATS))
def test_an_empty_database_says_there_is_no_data(
    empty_db: Database, tmp_path: Path, kind: str, lang: str
) -> None:
    sentence = SENTENCES[kind][0 if lang == "en" else 1]
    for fmt in REPORT_FORMATS[kind]:
        path = generate_report(
            empty_db, kind, fmt, tmp_path / f"{kind}.{fmt}", year=2025, lang=lang, today=TODAY
        )
        if fmt == "xlsx":
            assert _first_sheet_text(path).startswith(sentence)
        elif fmt == "pdf":
            pages = [_words(page.extract_text()) for page in PdfReader(path).pages]
            cover, body = pages[0], " ".join(pages[1:])
            assert sentence in cover
            assert sentence in body, "the first chapter opens with it too"
            assert "0 / 31" not in cover, "no tiles of zeros on the cover"
            no_rows = "No records." if lang == "en" else "Nessun dato."
            assert no_rows in body
            assert "Total 0" not in body and "Totale 0" not in body


def test_a_selection_without_members_names_the_selection(
    empty_db: Database, tmp_path: Path
) -> None:
    path = generate_report(
        empty_db, "members", "xlsx", tmp_path / "m.xlsx", member_ids=[], today=TODAY
    )
    assert _first_sheet_text(path).startswith(
        "There is no data for this report: the selection holds no organisations."
    )


@pytest.mark.parametrize(
    "name",
    [
        "assessment-en.pdf",
        "members-en.pdf",
        "projects-en.pdf",
        "assessment-en.xlsx",
        "eccp-en.xlsx",
    ],
)
def test_a_report_with_data_has_no_such_sentence(generated: Generated, name: str) -> None:
    path = generated.files[name]
    if path.suffix == ".pdf":
        text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    else:
        text = _first_sheet_text(path)
    assert "There is no data" not in text
