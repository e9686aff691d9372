"""Reports of an empty database: every report is written, tables say there is nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from workbench.db import open_database
from workbench.reports import REPORT_FORMATS, generate_report


@pytest.mark.parametrize("kind", list(REPORT_FORMATS))
def test_empty_database(tmp_path: Path, kind: str) -> None:
    db = open_database(tmp_path / "empty.db")
    try:
        for fmt in REPORT_FORMATS[kind]:
            path = generate_report(
                db, kind, fmt, tmp_path / f"{kind}.{fmt}", year=2025, today=date(2025, 3, 15)
            )
            assert path.stat().st_size > 0
            if fmt == "xlsx":
                assert openpyxl.load_workbook(path).sheetnames
            elif fmt == "pdf":
                assert len(PdfReader(path).pages) >= 3
    finally:
        db.dispose()
