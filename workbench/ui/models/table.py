"""A QAbstractTableModel over a Python list of row objects, filtered and sorted in Python.

Why not QSortFilterProxyModel: at 10,000 rows its filtering and sorting call ``data()`` through
the Python binding hundreds of thousands of times (seconds). Here filtering and sorting work
directly on the row objects with precomputed keys, then the model is reset once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
SortState = tuple[int, Qt.SortOrder]
#: The roles data() answers (IntEnum members hash like their values, so ints match too).
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.UserRole,
    }
)


@dataclass(frozen=True)
class Column(Generic[R]):
    """How one column shows a row.

    Attributes:
        key: stable identifier (used for saved column widths and sort state).
        title: header text (already translated).
        value: row -> displayed text.
        sort_key: row -> value used to sort (default: the displayed text, case-folded).
        align: Qt alignment of the cells.
        tooltip: optional row -> tooltip text.
    """

    key: str
    title: str
    value: Callable[[R], Any]
    sort_key: Callable[[R], Any] | None = None
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    tooltip: Callable[[R], str] | None = None


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Read-only table of *rows*; ``set_filter`` and ``sort`` work in Python on the row list.

    ``all_rows`` holds everything loaded; ``rows`` the visible, filtered and sorted subset.
    """

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.all_rows: list[R] = []
        self.rows: list[R] = []
        self._predicate: Callable[[R], bool] | None = None
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # ----------------------------------------------------------------- data in

    def set_rows(self, rows: Sequence[R], *, sorted_by: SortState | None = None) -> None:
        """Replace all rows, keeping the current filter and sort.

        *sorted_by*: the sort state *rows* are already in (from :meth:`sorter`, run on a
        background task); when the view is still sorted that way they are not sorted again.
        """
        self.all_rows = list(rows)
        self._rebuild(presorted=sorted_by == self.sort_state())

    def set_rows_filtered(
        self,
        rows: Sequence[R],
        predicate: Callable[[R], bool] | None,
        *,
        sorted_by: SortState | None = None,
    ) -> None:
        """``set_filter(predicate)`` and ``set_rows(rows, sorted_by=...)`` in one reset."""
        self._predicate = predicate
        self.set_rows(rows, sorted_by=sorted_by)

    def sort_state(self) -> SortState:
        """(column, order) the rows are sorted by; column -1: in the order they were given."""
        return (self._sort_column, self._sort_order)

    def sorter(self) -> Callable[[Sequence[R]], tuple[SortState, list[R]]]:
        """A function sorting rows as the view is sorted now, for a background task.

        It returns the sort state with the sorted rows, for ``set_rows(rows, sorted_by=...)``
        (which sorts again if the user sorted otherwise meanwhile). It only calls the
        columns' sort keys, which read the row objects and never a widget.
        """
        state = self.sort_state()
        return lambda rows: (state, self._sorted(list(rows), state))

    def set_filter(self, predicate: Callable[[R], bool] | None) -> None:
        """Show only rows for which *predicate* is true (None shows all)."""
        self._predicate = predicate
        self._rebuild()

    def row_at(self, row: int) -> R:
        """The row object shown at visible position *row*."""
        return self.rows[row]

    def _rebuild(self, presorted: bool = False) -> None:
        self.beginResetModel()
        visible = (
            [r for r in self.all_rows if self._predicate(r)]
            if self._predicate
            else list(self.all_rows)
        )
        self.rows = visible if presorted else self._sorted(visible, self.sort_state())
        self.endResetModel()

    def _sorted(self, rows: list[R], state: SortState) -> list[R]:
        sort_column, sort_order = state
        if not 0 <= sort_column < len(self.columns):
            return rows
        column = self.columns[sort_column]
        key_of = column.sort_key or (lambda r: str(column.value(r) or "").casefold())
        reverse = sort_order == Qt.SortOrder.DescendingOrder
        keyed = [(key_of(r), r) for r in rows]  # each key computed once
        present = [kr for kr in keyed if kr[0] not in (None, "")]
        missing = [r for k, r in keyed if k in (None, "")]
        present.sort(key=lambda kr: kr[0], reverse=reverse)
        # Empty values always go last, whichever the direction.
        return [r for _k, r in present] + missing

    # ----------------------------------------------------------------- Qt interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES:
            # Qt asks for a dozen roles per cell (font, colours, check state...): answered
            # first, fitting 9 columns to 200 rows asked 17,000 times and took 0.2 s.
            return None
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        column = self.columns[index.column()]
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section].title
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = column
        self._sort_order = order
        self.layoutAboutToBeChanged.emit()
        self.rows = self._sorted(self.rows, self.sort_state())
        self.layoutChanged.emit()
