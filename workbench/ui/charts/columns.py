"""Columns with a line: categories along the bottom, columns left, a line on the right axis.

E.g. joiners and leavers per year (grouped columns) and members at year end (the line).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from workbench.ui.charts.base import ChartData, ChartWidget, Series, axis_top, elide

#: Share of a category's width the columns take.
COLUMN_FILL = 0.62


class ColumnLineChart(ChartWidget):
    """Grouped columns (left axis) and an optional line series (right axis) per category.

    The line is the last series of the data when :attr:`line_series` is True; it appears in
    the legend as the others do.
    """

    def __init__(self, parent: QWidget | None = None, *, ticks: int = 5) -> None:
        super().__init__(parent)
        self.ticks = ticks
        self.line_series = True
        self.left_title = ""
        self.right_title = ""

    def _split(self, data: ChartData) -> tuple[list[Series], Series | None]:
        if self.line_series and len(data.series) > 1:
            return data.series[:-1], data.series[-1]
        return data.series, None

    def _paint_plot(self, painter: QPainter, area: QRectF, data: ChartData) -> None:
        columns, line = self._split(data)
        font = self.small_font()
        metrics = QFontMetricsF(font)
        left_top = axis_top(max(max(s.values, default=0) for s in columns), self.ticks)
        right_top = axis_top(max(line.values, default=0), self.ticks) if line else 0.0
        left_width = metrics.horizontalAdvance(self.format_value(left_top)) + 8
        right_width = metrics.horizontalAdvance(self.format_value(right_top)) + 8 if line else 4
        title_height = metrics.height() + 2 if (self.left_title or self.right_title) else 0
        plot = QRectF(
            area.left() + max(left_width, 24),
            area.top() + title_height + metrics.height() / 2,
            0,
            0,
        )
        plot.setRight(area.right() - max(right_width, 4))
        plot.setBottom(area.bottom() - metrics.height() - 6)
        if plot.width() < 20 or plot.height() < 20:
            return
        self.paint_value_grid(painter, plot, left_top, self.ticks, vertical=True)
        if line is not None:
            self._paint_right_ticks(painter, plot, right_top)
        self._paint_titles(painter, area, metrics)
        band = plot.width() / len(data.categories)
        column_width = band * COLUMN_FILL / len(columns)
        painter.setFont(font)
        for index, name in enumerate(data.categories):
            band_left = plot.left() + index * band
            self._hits.append(QRectF(band_left, area.top(), band, area.height()))
            left = band_left + band * (1 - COLUMN_FILL) / 2
            for series in columns:
                height = plot.height() * max(series.values[index], 0) / left_top
                rect = QRectF(left, plot.bottom() - height, column_width - 1, height)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(self.series_colour(series, index))
                painter.drawRoundedRect(rect, 2, 2)
                left += column_width
            painter.setPen(self.text_colour())
            label_box = QRectF(band_left, plot.bottom() + 3, band, metrics.height())
            align = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
            painter.drawText(label_box, int(align), elide(metrics, name, band))
        if line is not None:
            self._paint_line(painter, plot, band, line, right_top)

    def _paint_right_ticks(self, painter: QPainter, plot: QRectF, top: float) -> None:
        metrics = QFontMetricsF(self.small_font())
        painter.setPen(self.muted_colour())
        for tick in range(self.ticks):
            y = plot.bottom() - plot.height() * tick / (self.ticks - 1)
            box = QRectF(plot.right() + 4, y - metrics.height() / 2, 80, metrics.height())
            align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(box, int(align), self.format_value(top * tick / (self.ticks - 1)))

    def _paint_titles(self, painter: QPainter, area: QRectF, metrics: QFontMetricsF) -> None:
        painter.setPen(self.muted_colour())
        half = area.width() / 2
        box = QRectF(area.left(), area.top(), half, metrics.height())
        painter.drawText(
            box, int(Qt.AlignmentFlag.AlignLeft), elide(metrics, self.left_title, half)
        )
        box = QRectF(area.left() + half, area.top(), half, metrics.height())
        painter.drawText(
            box, int(Qt.AlignmentFlag.AlignRight), elide(metrics, self.right_title, half)
        )

    def _paint_line(
        self, painter: QPainter, plot: QRectF, band: float, line: Series, top: float
    ) -> None:
        points = [
            QPointF(
                plot.left() + (index + 0.5) * band,
                plot.bottom() - plot.height() * max(value, 0) / top,
            )
            for index, value in enumerate(line.values)
        ]
        path = QPainterPath(points[0])
        for point in points[1:]:
            path.lineTo(point)
        colour = QColor(line.colour)
        pen = QPen(colour, 2.5)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setBrush(colour)
        painter.setPen(QPen(self.palette().color(self.backgroundRole()), 1.5))
        for index, point in enumerate(points):
            radius = 4.5 if index in (self._hover, self._current) else 3.5
            painter.drawEllipse(point, radius, radius)
