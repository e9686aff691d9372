"""The list a table view shows, read as a :class:`~workbench.reports.list_export.ListTable`.

What is shown is what the view draws: the model's rows in their current (filtered, sorted)
order, and the header's visible sections in their visual order (moved columns where the user
put them, hidden ones left out), with the texts of the display role.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from workbench.reports.list_export import ListTable
from workbench.ui.models.table import RowTableModel


def _text(value: object) -> str:
    # The same text RowTableModel.data() displays.
    return "" if value is None else str(value)


def visible_columns(view: QTableView) -> list[int]:
    """Logical indexes of the columns shown, left to right as the user sees them."""
    header = view.horizontalHeader()
    logical = [header.logicalIndex(visual) for visual in range(header.count())]
    return [i for i in logical if i >= 0 and not header.isSectionHidden(i)]


def shown_table(
    view: QTableView, title: str, description: str = "", labels: dict[str, str] | None = None
) -> ListTable:
    """The rows and columns of *view* as shown, texts exactly as displayed."""
    model = view.model()
    columns = visible_columns(view)
    display = Qt.ItemDataRole.DisplayRole
    orientation = Qt.Orientation.Horizontal
    headers = [str(model.headerData(c, orientation, display) or "") for c in columns]
    if isinstance(model, RowTableModel) and type(model).data is RowTableModel.data:
        # Straight from the row objects (10,000 rows at once), as data() would show them.
        cols = [model.columns[c] for c in columns]
        rows = [[_text(col.value(row)) for col in cols] for row in model.rows]
        return ListTable(title, headers, rows, description, labels or {})
    rows = []
    for r in range(model.rowCount()):
        values = (model.index(r, c).data(display) for c in columns)
        rows.append([_text(v) for v in values])
    return ListTable(title, headers, rows, description, labels or {})
