"""What every chart widget shares.

Data shapes, palette-aware colours, value axes, legend, empty-state text, hover tooltips,
click and keyboard activation of a category. Charts are drawn with QPainter
(PySide6-Essentials): the 439 MB PySide6-Addons package that QtCharts comes with is not
needed. A chart shows *categories* (a bar, a group of bars or a column); each category has a
tooltip, and a category can be *activatable* (a click, Enter or Space on it emits
:attr:`ChartWidget.sig_activated` with its index: the page decides what opening it means).
Painting follows the widget's palette (light and dark) and device pixel ratio (QPainter
scales to high-DPI screens by itself; sizes here are logical pixels).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

#: Colours of the series, readable on light and dark backgrounds alike.
SERIES_COLOURS = ("#2f6f9f", "#4fa3a5", "#f0a030", "#d9534f", "#7b5ea7", "#5cb85c", "#8c8c8c")

#: Padding around the plot, in logical pixels.
PAD = 6.0


def nice_range(largest: float, ticks: int = 5) -> float:
    """A round upper bound >= *largest* whose *ticks* ticks fall on whole, round numbers."""
    if largest <= 0:
        return float(ticks - 1)
    raw_step = largest / (ticks - 1)
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = 10 * magnitude
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        candidate = factor * magnitude
        if candidate >= raw_step and candidate == int(candidate):
            step = candidate
            break
    return max(step, 1) * (ticks - 1)


def axis_top(largest: float, ticks: int, *, counts: bool = True) -> float:
    """The top of a value axis from 0 showing *largest* with a little headroom.

    *counts* keeps every tick a whole number (at least 1 apart).
    """
    top = nice_range(largest * 1.08, ticks)
    if counts and top < ticks - 1:
        top = float(ticks - 1)
    return top


@dataclass(frozen=True)
class Series:
    """One series: a name for the legend, a colour and one value per category.

    *value_texts* (one per category) are written at the end of the bars when given; values
    are floats for drawing only (the page keeps exact amounts for its tooltips).
    """

    name: str
    colour: str
    values: Sequence[float]
    value_texts: Sequence[str] | None = None


@dataclass
class ChartData:
    """Categories (in reading order), the series drawn for them and one tooltip each.

    *activatable* holds the indexes a click or Enter opens (empty: the chart is read-only).
    """

    categories: list[str]
    series: list[Series]
    tooltips: list[str]
    activatable: set[int] = field(default_factory=set)


class ChartWidget(QWidget):
    """Base of the chart widgets: state, colours, legend, tooltips, mouse and keyboard.

    Subclasses implement :meth:`_paint_plot`, which draws into a rectangle and records one
    hit rectangle per category in ``self._hits`` (used for hover, tooltips and clicks).

    Signals:
        sig_activated(int): a category was clicked, or chosen with Enter/Space.
    """

    sig_activated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: ChartData | None = None
        self.empty_text = ""
        #: Formats tick and value labels (the page passes its locale's grouping).
        self.format_value: Callable[[float], str] = lambda v: f"{v:,.0f}"
        self._hits: list[QRectF] = []
        self._hover: int | None = None
        self._current: int | None = None
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(215)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    # ------------------------------------------------------------------ contents

    def set_data(self, data: ChartData) -> None:
        """Show *data* (at least one category)."""
        self.data = data
        self.empty_text = ""
        self._hover = None
        self._current = None
        self.setAccessibleDescription("\n".join(data.tooltips))
        self.setToolTip("")
        self.update()

    def set_empty(self, text: str) -> None:
        """Show *text* instead of a chart (there is nothing to chart)."""
        self.data = None
        self.empty_text = text
        self._hits = []
        self._hover = self._current = None
        self.setAccessibleDescription(text)
        self.update()

    def is_empty(self) -> bool:
        """True when the chart shows its empty-state text."""
        return self.data is None

    def category_rect(self, index: int) -> QRectF:
        """Where category *index* was last drawn (its hover and click area)."""
        if not self._hits:
            self.grab()  # lays the chart out as painting does
        return self._hits[index]

    def index_at(self, pos: QPointF) -> int | None:
        """The category under *pos* (widget coordinates), or None."""
        for index, rect in enumerate(self._hits):
            if rect.contains(pos):
                return index
        return None

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(360, 240)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(200, 180)

    # ------------------------------------------------------------------ colours and fonts

    def text_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)

    def muted_colour(self) -> QColor:
        """Secondary text (axis ticks, empty state): the text colour, faded to the background."""
        text, back = self.text_colour(), self.palette().color(QPalette.ColorRole.Window)
        return _mix(text, back, 0.62)

    def grid_colour(self) -> QColor:
        text, back = self.text_colour(), self.palette().color(QPalette.ColorRole.Window)
        return _mix(text, back, 0.16)

    def small_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.5, font.pointSizeF() * 0.85))
        return font

    def series_colour(self, series: Series, index: int) -> QColor:
        """*series*' colour, lighter on the hovered or keyboard-current category."""
        colour = QColor(series.colour)
        if index in (self._hover, self._current) and self._is_activatable(index):
            return colour.lighter(125)
        return colour

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        area = QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD)
        if self.data is None:
            self._paint_empty(painter, area)
            return
        legend_height = self._paint_legend(painter, area) if len(self.data.series) > 1 else 0.0
        self._hits = []
        self._paint_plot(painter, area.adjusted(0, 0, 0, -legend_height), self.data)
        if self.hasFocus() and self._current is not None and self._current < len(self._hits):
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 1.5)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self._hits[self._current].adjusted(1, 1, -1, -1), 3, 3)
        painter.end()

    def _paint_plot(self, painter: QPainter, area: QRectF, data: ChartData) -> None:
        raise NotImplementedError

    def _paint_empty(self, painter: QPainter, area: QRectF) -> None:
        painter.setPen(self.muted_colour())
        painter.setFont(self.font())
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(area.adjusted(12, 0, -12, 0), int(flags), self.empty_text)

    def _paint_legend(self, painter: QPainter, area: QRectF) -> float:
        """Draw the series' names centred under *area*; returns the height taken."""
        assert self.data is not None
        font = self.small_font()
        metrics = QFontMetricsF(font)
        swatch = metrics.height() * 0.7
        items = [(s, swatch + 5 + metrics.horizontalAdvance(s.name)) for s in self.data.series]
        width = sum(w for _s, w in items) + 16 * (len(items) - 1)
        x = area.center().x() - min(width, area.width()) / 2
        y = area.bottom() - metrics.height()
        painter.setFont(font)
        for series, item_width in items:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(series.colour))
            top = y + (metrics.height() - swatch) / 2
            painter.drawRoundedRect(QRectF(x, top, swatch, swatch), 2, 2)
            painter.setPen(self.text_colour())
            text_rect = QRectF(x + swatch + 5, y, item_width - swatch - 5, metrics.height())
            painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter), series.name)
            x += item_width + 16
        return metrics.height() + 6

    def paint_value_grid(
        self, painter: QPainter, plot: QRectF, top: float, ticks: int, *, vertical: bool
    ) -> None:
        """Grid lines and tick labels of a value axis from 0 to *top*.

        *vertical*: the values run upwards (labels at the left of *plot*); otherwise they run
        to the right (labels under *plot*).
        """
        font = self.small_font()
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        for tick in range(ticks):
            value = top * tick / (ticks - 1)
            text = self.format_value(value)
            painter.setPen(QPen(self.grid_colour(), 1))
            if vertical:
                y = plot.bottom() - plot.height() * tick / (ticks - 1)
                painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
                box = QRectF(plot.left() - 60, y - metrics.height() / 2, 56, metrics.height())
                align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            else:
                x = plot.left() + plot.width() * tick / (ticks - 1)
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
                box = QRectF(x - 40, plot.bottom() + 3, 80, metrics.height())
                align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            painter.setPen(self.muted_colour())
            painter.drawText(box, int(align), text)

    # ------------------------------------------------------------------ interaction

    def tooltip_for(self, index: int) -> str:
        """The tooltip of category *index*."""
        assert self.data is not None
        return self.data.tooltips[index]

    def _is_activatable(self, index: int | None) -> bool:
        return self.data is not None and index is not None and index in self.data.activatable

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.index_at(QPointF(event.pos()))
            if index is None or self.data is None:
                QToolTip.hideText()
                event.ignore()
            else:
                rect = self._hits[index].toRect()
                QToolTip.showText(event.globalPos(), self.tooltip_for(index), self, rect)
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        index = self.index_at(event.position())
        if index != self._hover:
            self._hover = index
            shape = Qt.CursorShape.PointingHandCursor
            if self._is_activatable(index):
                self.setCursor(shape)
            else:
                self.unsetCursor()
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        self._hover = None
        self.unsetCursor()
        self.update()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        index = self.index_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and self._is_activatable(index):
            assert index is not None
            self._current = index
            self.sig_activated.emit(index)
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Arrows walk the categories (showing each tooltip); Enter or Space opens one."""
        if self.data is None or not self.data.categories:
            super().keyPressEvent(event)
            return
        count = len(self.data.categories)
        key = event.key()
        step = self._key_step(Qt.Key(key))
        if step:
            start = self._current if self._current is not None else (-1 if step > 0 else count)
            self._current = min(max(start + step, 0), count - 1)
            self._show_current_tooltip()
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self._is_activatable(self._current):
                assert self._current is not None
                self.sig_activated.emit(self._current)
        else:
            super().keyPressEvent(event)

    def _key_step(self, key: Qt.Key) -> int:
        """+1 / -1 for the arrow keys that walk the categories in reading order, else 0."""
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Right):
            return 1
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Left):
            return -1
        return 0

    def current_index(self) -> int | None:
        """The category chosen with the keyboard (or last clicked), if any."""
        return self._current

    def _show_current_tooltip(self) -> None:
        if self._current is None or self._current >= len(self._hits):
            return
        rect = self._hits[self._current]
        where = self.mapToGlobal(rect.center().toPoint())
        QToolTip.showText(where, self.tooltip_for(self._current), self, rect.toRect())


def _mix(colour: QColor, other: QColor, share: float) -> QColor:
    """*share* of *colour* over the rest of *other* (an opaque blend)."""
    return QColor(
        round(colour.red() * share + other.red() * (1 - share)),
        round(colour.green() * share + other.green() * (1 - share)),
        round(colour.blue() * share + other.blue() * (1 - share)),
    )


def elide(metrics: QFontMetricsF, text: str, width: float) -> str:
    """*text* elided at the right to *width* logical pixels."""
    return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
