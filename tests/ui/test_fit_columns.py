"""Columns fitted to their contents: measured in Python, the widths Qt's own fitting gives."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QTableView

from workbench.ui.models.table import Column, RowTableModel
from workbench.ui.widgets.table_views import FIT_SAMPLE_ROWS, content_widths, fit_columns


def qt_widths(view: QTableView) -> list[int]:
    """What QTableView.resizeColumnsToContents sizes each column to (same row sample)."""
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(FIT_SAMPLE_ROWS)
    return [
        max(view.sizeHintForColumn(i), header.sectionSizeHint(i))
        for i in range(view.model().columnCount())
    ]


def test_fitted_widths_are_qts(qtbot: Any) -> None:
    columns = [
        Column("name", "Name", lambda r: r[0]),
        Column("city", "A long header over short cells", lambda r: r[1]),
        Column("amount", "€", lambda r: r[2]),
        Column("note", "Note", lambda r: r[3]),
    ]
    model: RowTableModel[tuple[Any, ...]] = RowTableModel(columns)
    rows = [
        (
            f"Società Cooperativa Àgricola n. {i}" * (1 + i % 3),
            "Milano",
            f"{i * 1234.5:,.2f} €",
            None if i % 2 else "two\nlines, the second one longer",
        )
        for i in range(300)
    ]
    model.set_rows(rows)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    assert content_widths(view, model) == qt_widths(view)
    fit_columns(view, max_width=400)
    header = view.horizontalHeader()
    assert header.sectionSize(0) == 400  # capped
    assert header.sectionSize(1) == header.sectionSizeHint(1) + 8  # the header decides


def test_an_empty_column_is_as_wide_as_its_header(qtbot: Any) -> None:
    model: RowTableModel[str] = RowTableModel([Column("x", "Heading", lambda _r: None)])
    model.set_rows(["a", "b"])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    assert content_widths(view, model) == [view.horizontalHeader().sectionSizeHint(0)]
