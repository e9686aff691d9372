"""A filter bar that wraps: its groups of widgets share one row when the width allows.

Pages put their search box, filter combos and buttons into groups; on a wide window the groups
sit in one row, on a 1280-px laptop (or 1366 px at 125 % scaling) they wrap into two or more
rows instead of forcing the window wider than the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLayout, QVBoxLayout, QWidget


class WrapBar(QWidget):
    """Groups of widgets laid out left to right, wrapping to a new row when the width runs out.

    The minimum width is that of the widest group (not the sum of all), so the bar never sets
    the window's minimum width. A group keeps its stretch factor inside its row; a row without
    a stretching group is padded on the right.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[QWidget, int]] = []
        self._arrangement: list[list[int]] = []
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(4)

    def add_group(self, *items: QWidget | QLayout | int, stretch: int = 0) -> QWidget:
        """Append a group of *items* (widgets, layouts, or an int for a gap); returns the group."""
        group = QWidget(self)
        layout = QHBoxLayout(group)
        layout.setContentsMargins(0, 0, 0, 0)
        for item in items:
            if isinstance(item, int):
                layout.addSpacing(item)
            elif isinstance(item, QLayout):
                layout.addLayout(item)
            else:
                layout.addWidget(item)
        self._groups.append((group, stretch))
        self._arrange(self.width() if self.isVisible() else 1 << 20)
        return group

    def row_count(self) -> int:
        """How many rows the groups take now (tests)."""
        return len(self._arrangement)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        width = max((g.minimumSizeHint().width() for g, _s in self._groups), default=0)
        return QSize(width, self._rows.minimumSize().height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        spacing = self._spacing()
        width = sum(g.sizeHint().width() for g, _s in self._groups)
        width += spacing * max(0, len(self._groups) - 1)
        return QSize(width, self._rows.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def _spacing(self) -> int:
        spacing = self._groups[0][0].layout().spacing() if self._groups else 6  # type: ignore[union-attr]
        return max(spacing, 6) * 2

    def _arrange(self, width: int) -> None:
        spacing = self._spacing()
        rows: list[list[int]] = []
        current: list[int] = []
        used = 0
        for index, (group, _stretch) in enumerate(self._groups):
            wanted = group.sizeHint().width()
            if current and used + spacing + wanted > width:
                rows.append(current)
                current, used = [], 0
            used += (spacing if current else 0) + wanted
            current.append(index)
        if current:
            rows.append(current)
        if rows == self._arrangement:
            return
        self._arrangement = rows
        while self._rows.count():
            item = self._rows.takeAt(0)
            row_layout = item.layout() if item is not None else None
            if row_layout is not None:
                while row_layout.count():
                    row_layout.takeAt(0)
                row_layout.deleteLater()
        for row in rows:
            line = QHBoxLayout()
            line.setSpacing(spacing)
            stretches = False
            for index in row:
                group, stretch = self._groups[index]
                line.addWidget(group, stretch)
                stretches = stretches or stretch > 0
            if not stretches:
                line.addStretch(1)
            self._rows.addLayout(line)
        self.updateGeometry()
