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


def _commanded(chunk: _StreamedChunk, kinds: list[str], marks: dict[tuple[int, int], str]) -> Any:
    """*chunk* as a plain reportlab table styled by commands over every cell (the old way)."""
    from reportlab.lib import colors
    from reportlab.platypus import Table as RLTable

    from workbench.reports.fonts import CONDENSED, CONDENSED_BOLD
    from workbench.reports.pdf_style import TEXT_DARK
    from workbench.reports.pdf_tables import (
        CELL_PADDING_TOP,
        CELL_PADDING_V,
        NUMERIC_KINDS,
        STATUS_COLOURS,
        TABLE_FONT_SIZE,
        TABLE_LEADING,
    )

    font, bold, size = CONDENSED, CONDENSED_BOLD, TABLE_FONT_SIZE
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, size, TABLE_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, -1), TEXT_DARK),
        ("FONT", (0, 0), (-1, 0), bold, size, TABLE_LEADING),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PADDING_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PADDING_V - CELL_PADDING_TOP),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for i, kind in enumerate(kinds):
        if kind in NUMERIC_KINDS:
            commands.append(("ALIGN", (i, 0), (i, -1), "RIGHT"))
        elif kind in ("date", "status", "mark"):
            commands.append(("ALIGN", (i, 0), (i, -1), "CENTER"))
    for cell, status in marks.items():
        commands.append(("TEXTCOLOR", cell, cell, STATUS_COLOURS[status]))
        commands.append(("FONT", cell, cell, bold, size, TABLE_LEADING))
    if chunk._looks.totals is not None:
        commands.append(("FONT", (0, -1), (-1, -1), bold, size, TABLE_LEADING))
    return RLTable(chunk._cellvalues, style=commands)


_LOOK = ("fontname", "fontsize", "leading", "color", "valign", "alignment")
_PADDING = ("topPadding", "bottomPadding", "leftPadding", "rightPadding")


def test_cells_look_as_the_style_commands_made_them() -> None:
    """Shared cell styles: every cell's font, colour, alignment and padding as before."""
    register_fonts()
    kinds = ["int", "text", "money", "date", "status", "pct"]
    statuses = ["pass", "fail", "unknown", None]
    rows = [
        [n, f"Member {n}", n * 10, date(2024, 1, 1 + n % 28), statuses[n % 4], n % 100]
        for n in range(1, 1102)
    ]
    table = Table(
        "Mixed",
        [ColumnSpec(k, k.title(), k) for k in kinds],
        rows,
        totals=[None, "Total", 12345, None, None, None],
    )
    chunks = [
        f for f in table_flowables(table, 700, "en", _styles()) if isinstance(f, _StreamedChunk)
    ]
    assert len(chunks) == 3 and chunks[-1]._looks.totals is not None
    for n, chunk in enumerate(chunks):
        offset = n * 500
        marks = {
            (4, r - offset + 1): str(row[4])
            for r, row in enumerate(rows)
            if offset <= r < offset + 500 and row[4] is not None
        }
        ours, theirs = chunk._built(), _commanded(chunk, kinds, marks)
        assert len(ours._cellStyles) == len(theirs._cellStyles) == len(chunk._cellvalues)
        for mine, old in zip(ours._cellStyles, theirs._cellStyles, strict=True):
            for a, b in zip(mine, old, strict=True):
                assert [getattr(a, k) for k in _LOOK + _PADDING] == [
                    getattr(b, k) for k in _LOOK + _PADDING
                ]
        # A split keeps each row's looks (the pieces share the chunk's styles).
        first, rest = ours.splitOn(None, 700, 200)
        assert first._cellStyles[0] is ours._cellStyles[0]
        assert rest._cellStyles[0] is ours._cellStyles[0]
