"""Long PDF tables stream: chunks build their reportlab table only while laid out or drawn."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from workbench.reports import pdf
from workbench.reports.fonts import register_fonts
from workbench.reports.model import ColumnSpec, ReportData, Section, Table
from workbench.reports.pdf_style import _styles
from workbench.reports.pdf_tables import _FastTable, _StreamedChunk, table_flowables


def _register(rows: int) -> Table:
    return Table(
        "Register",
        [ColumnSpec("no", "No.", "int", 7), ColumnSpec("name", "Name", "text", 44)],
        [[n, f"Member {n:05d}"] for n in range(1, rows + 1)],
        totals=[None, f"{rows} members"],
    )


def test_chunks_hold_strings_not_reportlab_tables() -> None:
    register_fonts()
    chunks = [
        f
        for f in table_flowables(_register(1200), 500, "en", _styles())
        if isinstance(f, _FastTable)
    ]
    assert all(isinstance(c, _StreamedChunk) and c._table is None for c in chunks)
    assert chunks[-1]._cellvalues[-1] == ["", "1200 members"]


def test_every_row_and_page_number_is_printed_and_no_table_outlives_its_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alive_after_pass: list[int] = []
    build = pdf._Document.build

    def counting_build(self: pdf._Document, *args: Any, **kwargs: Any) -> None:
        build(self, *args, **kwargs)
        gc.collect()  # the story is still alive here: only what it keeps is counted
        alive_after_pass.append(sum(1 for o in gc.get_objects() if type(o) is _FastTable))

    monkeypatch.setattr(pdf._Document, "build", counting_build)
    report = ReportData("members", "en", "Register", "Cluster", [], date(2025, 1, 1))
    report.sections = [Section("register", "Register", [_register(1300)], landscape=True)]
    path = pdf.write_pdf(report, tmp_path / "register.pdf")
    reader = PdfReader(path)
    pages = len(reader.pages)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert all(f"Member {n:05d}" in text for n in range(1, 1301))
    assert f"Page 2 of {pages}" in text and f"Page {pages} of {pages}" in text
    assert len(alive_after_pass) >= 2 and not any(alive_after_pass), alive_after_pass
