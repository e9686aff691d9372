"""Read-only record tables with the house look: view, selection, column widths, empty state."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyle,
    QTableView,
    QWidget,
)

from workbench.ui.models.table import RowTableModel


def make_table_view(model: RowTableModel[Any], parent: QWidget | None = None) -> QTableView:
    """A read-only, row-selecting, sortable table view with the house look."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return view


def selected_row(view: QTableView) -> Any:
    """The row object of the current selection, or None."""
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not rows:
        return None
    model = view.model()
    assert isinstance(model, RowTableModel)
    return model.row_at(rows[0].row())


def select_by_id(view: QTableView, record_id: int | None) -> bool:
    """Select the row whose object has id *record_id*; False when it is not shown."""
    model = view.model()
    assert isinstance(model, RowTableModel)
    if record_id is None:
        return False
    for i, row in enumerate(model.rows):
        if getattr(row, "id", None) == record_id:
            view.selectRow(i)
            return True
    return False


#: Rows whose contents size a table's columns on its first fill (the rest scroll in later).
FIT_SAMPLE_ROWS = 200


def fit_columns(
    view: QTableView, max_width: int = 360, stretch: int | None = None, stretch_min: int = 0
) -> None:
    """Size columns to their contents, within reason.

    With *stretch*, that column takes the spare width instead of the last one. With
    *stretch_min* too, that column never gets narrower than that: when the window is too
    narrow for it (a 1280-px laptop) it keeps that width and the table scrolls sideways,
    instead of squeezing the titles to a few letters.
    """
    header = view.horizontalHeader()
    model = view.model()
    if isinstance(model, RowTableModel):
        _fit_to_texts(view, model)
    else:
        # Measure a sample of rows, not all of them: Qt's default (1,000 rows) made the first
        # fill of a 2,000-activity or 10,000-member list spend seconds asking for every cell.
        header.setResizeContentsPrecision(FIT_SAMPLE_ROWS)
        view.resizeColumnsToContents()
    for i in range(header.count()):
        header.resizeSection(i, min(max(header.sectionSize(i) + 8, 56), max_width))
    if stretch is not None and stretch_min:
        others = sum(header.sectionSize(i) for i in range(header.count()) if i != stretch)
        room = view.viewport().width() - others if view.isVisible() else 0
        if room < stretch_min:
            wanted = min(header.sectionSize(stretch), max(max_width, stretch_min))
            header.resizeSection(stretch, max(stretch_min, wanted))
            return
    if stretch is not None:
        header.setStretchLastSection(False)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def content_widths(view: QTableView, model: RowTableModel[Any]) -> list[int]:
    """What ``resizeColumnsToContents`` gives each column, measured on the first rows' texts.

    A :class:`RowTableModel` cell is its display text (no icon, check box or font of its
    own), so its width is the text's plus the item margins, and the column's the widest of
    its cells and its header. Measured here in one pass over the column values: Qt asks the
    model for a dozen roles per cell and lays each one out through the style, which took
    90 ms for the Projects page's 200 sampled rows of 12 columns, on the UI thread.
    """
    header = view.horizontalHeader()
    metrics = QFontMetricsF(view.font())
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    grid = 1 if view.showGrid() else 0
    rows = model.rows[:FIT_SAMPLE_ROWS]
    widths = []
    for i, column in enumerate(model.columns):
        widest = 0
        for row in rows:
            value = column.value(row)
            if value is None or value == "":
                continue
            text = str(value)
            lines = text.split("\n") if "\n" in text else (text,)
            widest = max(widest, math.ceil(max(map(metrics.horizontalAdvance, lines))))
        cells = widest + margin + grid if widest else 0
        widths.append(max(cells, header.sectionSizeHint(i)))
    return widths


def _fit_to_texts(view: QTableView, model: RowTableModel[Any]) -> None:
    header = view.horizontalHeader()
    for i, width in enumerate(content_widths(view, model)):
        if not header.isSectionHidden(i):
            header.resizeSection(i, width)


def set_empty_text(view: QTableView, text: str) -> QLabel:
    """Show *text* over *view* while its model has no rows (a sensible empty state)."""
    label = QLabel(text, view.viewport())
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(mid); padding: 24px;")
    model = view.model()

    def update() -> None:
        label.setVisible(model.rowCount() == 0)
        label.setGeometry(view.viewport().rect().adjusted(0, 0, 0, -view.viewport().height() // 3))

    model.modelReset.connect(update)
    model.rowsInserted.connect(update)
    model.rowsRemoved.connect(update)
    view.viewport().installEventFilter(_ResizeFilter(view.viewport(), update))
    update()
    return label


class _ResizeFilter(QWidget):
    def __init__(self, parent: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(parent)
        self.hide()
        self._callback = callback

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802
        from PySide6.QtCore import QEvent

        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._callback()
        return False
